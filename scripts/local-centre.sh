#!/usr/bin/env bash
# Brings up a local aisched centre on this machine and runs a demo job:
#   schedd (state in .aisched-dev/), one node agent for this machine (real hardware discovery) and two agents
#   that declare DGX H100 hardware (seeds/topologies/dgx-h100.json), the demo accounts from seeds/centre.json,
#   and tokens for you. Then it submits a demo job and prints its output. schedd serves Prometheus metrics at
#   http://127.0.0.1:9100/metrics (AISCHED_DEV_METRICS_PORT; docs/METRICS.md) and the web dashboard and JSON API
#   at http://127.0.0.1:8100/ (AISCHED_DEV_HTTP_PORT; docs/DASHBOARD.md, docs/HTTP-API.md).
#
#   scripts/local-centre.sh          start (or restart) the centre and run the demo
#   scripts/local-centre.sh stop     stop it
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dev=${AISCHED_DEV_DIR:-$root/.aisched-dev}
port=${AISCHED_DEV_PORT:-7100}
metrics_port=${AISCHED_DEV_METRICS_PORT:-9100}
http_port=${AISCHED_DEV_HTTP_PORT:-8100}
me=$(id -un)

stop() {
  for pidfile in "$dev"/*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  # Jobs outlive their agent (a restarted agent takes them back); stopping the centre stops them too.
  for pidfile in "$dev"/spool-*/job-*.pid; do
    [ -f "$pidfile" ] && kill -TERM -- "-$(cat "$pidfile")" 2>/dev/null || true
  done
}

if [ "${1:-}" = "stop" ]; then stop; echo "local centre stopped"; exit 0; fi

scripts/install-deps.sh
echo "building aisched (the first build takes a few minutes)..."
swift build 2>&1 | tail -n 1
bin=$(swift build --show-bin-path)
stop
mkdir -p "$dev/state" "$dev/work"

if [ ! -f "$dev/state/aisched.db" ]; then
  "$bin/schedd" accounts import --state-dir "$dev/state" --file seeds/centre.json --add-member "$me:demo-lab"
fi
"$bin/schedd" --state-dir "$dev/state" --listen "127.0.0.1:$port" --metrics-port "$metrics_port" \
  --http-port "$http_port" --heartbeat-seconds 2 > "$dev/schedd.log" 2>&1 &
echo $! > "$dev/schedd.pid"
for _ in $(seq 50); do [ -s "$dev/state/schedd.addr" ] && break; sleep 0.2; done
server=$(cat "$dev/state/schedd.addr")
for _ in $(seq 50); do [ -s "$dev/state/metrics.addr" ] && break; sleep 0.2; done
metrics="http://$(cat "$dev/state/metrics.addr")/metrics"
for _ in $(seq 50); do [ -s "$dev/state/http.addr" ] && break; sleep 0.2; done
dashboard="http://$(cat "$dev/state/http.addr")/"

token() { "$bin/schedd" token issue --state-dir "$dev/state" --user "$1" --role "$2"; }
token "$me" user > "$dev/user.token"
token "$me" admin > "$dev/admin.token"
# A funder's token: totals of two funding schemes, no jobs (docs/DASHBOARD.md, "Who sees what").
"$bin/schedd" token issue --state-dir "$dev/state" --user funder --role viewer --schemes aisp,innohk > "$dev/viewer.token"
# Agents refuse to run jobs as root or system accounts; a local centre started as root runs its owner's jobs.
min_uid=()
[ "$(id -u)" = 0 ] && min_uid=(--min-uid 0)
start_agent() {  # name [extra args]
  local name=$1; shift
  token "$name" node > "$dev/$name.token"
  "$bin/nodeagent" --server "$server" --token-file "$dev/$name.token" --name "$name" \
    --spool-dir "$dev/spool-$name" "${min_uid[@]}" "$@" > "$dev/$name.log" 2>&1 &
  echo $! > "$dev/$name.pid"
}
start_agent "$(hostname -s 2>/dev/null || echo local)"
start_agent dgx-h100-01 --topology seeds/topologies/dgx-h100.json
start_agent dgx-h100-02 --topology seeds/topologies/dgx-h100.json

cat > "$dev/env" <<ENV
export AISCHED_SERVER=$server
export AISCHED_TOKEN_FILE=$dev/user.token
export PATH="$bin:\$PATH"
ENV
. "$dev/env"
sleep 1

echo
echo "local centre is up: schedd at $server, metrics at $metrics, dashboard at $dashboard, logs in $dev/*.log"
echo "submitting a demo job: 4 GPUs on one node, 16 CPUs"
cd "$dev/work"
job=$(aisubmit submit --job-name demo --gpus-per-node 4 --cpus-per-task 16 -- \
  sh -c 'echo "hello from aisched job $AISCHED_JOB_ID on node $AISCHED_NODELIST"; echo "GPUs $CUDA_VISIBLE_DEVICES, CPUs $AISCHED_CPUS"' \
  | awk '{print $4}')
aisubmit wait --timeout 60 "$job" || true
echo "--- aisubmit show $job"
aisubmit show "$job"
echo "--- aisubmit logs $job"
aisubmit logs "$job"
cat <<HELP

Try it yourself:
  . $dev/env
  aisubmit submit -- sh -c 'nproc; hostname'     # a command
  aisubmit submit my-job.sh                        # a batch script with #AISUBMIT / #SBATCH lines
  aisubmit queue --all                             # your jobs
  aisubmit logs -f JOB                             # follow output
  curl -s $metrics     # Prometheus metrics (docs/METRICS.md)
  curl -s -H "Authorization: Bearer \$(cat $dev/user.token)" ${dashboard}api/v1/jobs   # the JSON API (docs/HTTP-API.md)
  open $dashboard in a browser and paste $dev/user.token's contents to log in (docs/DASHBOARD.md);
  $dev/admin.token sees everyone, $dev/viewer.token is a funder's view of schemes aisp and innohk
Stop the centre with: scripts/local-centre.sh stop
HELP
