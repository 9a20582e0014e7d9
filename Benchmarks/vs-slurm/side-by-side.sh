#!/usr/bin/env bash
# Slurm (from slurm/setup.sh, on loopback) and aisched (release build) measured in one run, the same way, each
# through its own CLI, with the ratio printed at the end (docs/PERFORMANCE.md, "Side by side with Slurm"):
#   cpu      CPU time of one held submission (`perf stat` task-clock of `sbatch -H` / `aisubmit submit --hold`)
#   submit   N held submissions (`sbatch -H --wrap true` / `aisubmit submit --hold -- true`), P parallel submitters
#   array    one held array of N_ARRAY tasks (`sbatch -H --array` / `aisubmit submit --hold --array`)
#   latency  submit -> first instruction of a 1-GPU job on an idle node (the job writes its start time)
#   tiny     N_TINY jobs `true`, submit all, until all ended (one real node for both)
#   held     RSS of the controller with N_HELD held jobs (measured first, on a fresh schedd)
#   listing  listing the queue (`squeue` / `aisubmit queue`) with each of LIST_DEPTHS jobs queued
# Usage (from the repository's top):
#   SB_SCHED_PARAMS="batch_sched_delay=0,sched_min_interval=0" Benchmarks/vs-slurm/slurm/setup.sh
#   swift build -c release --static-swift-stdlib
#   Benchmarks/vs-slurm/side-by-side.sh
# Env: BIN (.build/release) TOPO (seeds/topologies/dgx-h100.json) N=300 P="1 4 16" N_CPU=20 N_ARRAY=10000 N_LAT=10
#      N_TINY=100 N_HELD=5000 LIST_DEPTHS="10000 100000" PARTS="cpu submit array latency tiny held listing"
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${BIN:-.build/release}"); N=${N:-300}; P=${P:-"1 4 16"}; N_CPU=${N_CPU:-20}; N_ARRAY=${N_ARRAY:-10000}
N_LAT=${N_LAT:-10}; N_TINY=${N_TINY:-100}; N_HELD=${N_HELD:-5000}; LIST_DEPTHS=${LIST_DEPTHS:-"10000 100000"}
PARTS=${PARTS:-"cpu submit array latency tiny held listing"}
TOPO=$(realpath "${TOPO:-seeds/topologies/dgx-h100.json}")
[ -x "$BIN/schedd" ] || { echo "no schedd in $BIN: build with swift build -c release --static-swift-stdlib" >&2; exit 1; }
[ -f /var/lib/slurm-bench/env ] || { echo "Slurm is not set up: run $here/slurm/setup.sh first" >&2; exit 1; }
. /var/lib/slurm-bench/env
W=$(mktemp -d /tmp/sbs.XXXX); cd "$W"; OUT=$W/results.tsv
now() { date +%s.%N; }
rec() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" | tee -a "$OUT"; }   # system metric unit value
has() { [[ " $PARTS " == *" $1 "* ]]; }
py() { /usr/bin/python3 -c "$@"; }
median() { py 'import sys,statistics;v=[float(x) for x in sys.stdin.read().split()];print(f"{statistics.median(v):.2f}")'; }
# --- aisched centre: schedd (pending cap raised as Slurm's MaxJobCount is), one agent with this machine's real
# hardware, one declaring a DGX H100
port=$(py 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
A=$W/ais; mkdir -p $A/state
echo '{"maxPendingJobsPerUser": 1000000}' > $A/schedd.json
"$BIN/schedd" --state-dir $A/state --listen 127.0.0.1:$port --config $A/schedd.json > $A/schedd.log 2>&1 & SP=$!
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
tok() { "$BIN/schedd" token issue --state-dir $A/state --user "$1" --role "$2"; }
tok "$(id -un)" user > $A/user.tok; tok host node > $A/host.tok; tok dgx node > $A/dgx.tok
"$BIN/nodeagent" --server 127.0.0.1:$port --token-file $A/host.tok --name host --spool-dir $A/sp-host --min-uid 0 > $A/host.log 2>&1 & AP1=$!
"$BIN/nodeagent" --server 127.0.0.1:$port --token-file $A/dgx.tok --name dgx --spool-dir $A/sp-dgx --min-uid 0 --topology "$TOPO" > $A/dgx.log 2>&1 & AP2=$!
export AISCHED_SERVER=127.0.0.1:$port AISCHED_TOKEN_FILE=$A/user.tok
trap 'kill $SP $AP1 $AP2 2>/dev/null' EXIT
sleep 2
ais_clear() { "$BIN/aisubmit" queue -h -o %i | xargs -r -n 5000 "$BIN/aisubmit" cancel >/dev/null 2>&1
              until [ -z "$("$BIN/aisubmit" queue -h -o %i | head -1)" ]; do sleep 0.2; done; }
slurm_clear() { scancel -u root 2>/dev/null; for i in $(seq 1200); do [ -z "$(squeue -h -o %i | head -1)" ] && return; sleep 0.1; done; }
echo "# $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg) N=$N P=$P aisched=$("$BIN/aisubmit" --version)" | tee -a "$OUT"
if has held; then   # first: the controllers hold nothing else yet (restart Slurm for a fresh slurmctld)
  seq $N_HELD | xargs -P 4 -I{} sbatch -H -Q -o /dev/null --wrap true > /dev/null
  rec slurm rss_with_held_MiB MiB "$(( $(awk '/VmRSS/{print $2}' /proc/$(cat /var/lib/slurm-bench/slurmctld.pid)/status) / 1024 ))"
  seq $N_HELD | xargs -P 4 -I{} "$BIN/aisubmit" submit --hold -o /dev/null -- true > /dev/null
  rec aisched rss_with_held_MiB MiB "$(( $(awk '/VmRSS/{print $2}' /proc/$SP/status) / 1024 ))"
  slurm_clear; ais_clear
fi
if has cpu; then
  cpu() { for i in $(seq $N_CPU); do perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/{print $1}'; done | median; }
  rec slurm cpu_per_submit ms "$(cpu sbatch -H -Q -o /dev/null --wrap true)"; slurm_clear
  rec aisched cpu_per_submit ms "$(cpu "$BIN/aisubmit" submit --hold -o /dev/null -- true)"; ais_clear
fi
if has submit; then
  for p in $P; do
    t0=$(now); seq $N | xargs -P $p -I{} sbatch -H -Q -o /dev/null --wrap true > /dev/null; t1=$(now)
    rec slurm "submit_P$p" jobs/s "$(py "print(f'{$N/($t1-$t0):.0f}')")"; slurm_clear
    t0=$(now); seq $N | xargs -P $p -I{} "$BIN/aisubmit" submit --hold -o /dev/null -- true > /dev/null; t1=$(now)
    rec aisched "submit_P$p" jobs/s "$(py "print(f'{$N/($t1-$t0):.0f}')")"; ais_clear
  done
fi
if has array; then
  t0=$(now); sbatch -H -Q -o /dev/null --array=0-$((N_ARRAY - 1)) --wrap true > /dev/null; t1=$(now)
  rec slurm "array_${N_ARRAY}_accepted" ms "$(py "print(f'{($t1-$t0)*1000:.0f}')")"; slurm_clear
  t0=$(now); "$BIN/aisubmit" submit --hold -o /dev/null --array 0-$((N_ARRAY - 1)) -- true > /dev/null; t1=$(now)
  rec aisched "array_${N_ARRAY}_accepted" ms "$(py "print(f'{($t1-$t0)*1000:.0f}')")"; ais_clear
fi
if has latency; then
  for r in $(seq $N_LAT); do
    rm -f $W/s.t; t0=$(now); sbatch -Q -o /dev/null --gres=gpu:1 --wrap "date +%s.%N > $W/s.t" > /dev/null
    until [ -s $W/s.t ]; do sleep 0.002; done
    rec slurm latency_submit_to_exec ms "$(py "print(f'{($(cat $W/s.t)-$t0)*1000:.0f}')")"; sleep 0.3
    rm -f $W/a.t; t0=$(now); "$BIN/aisubmit" submit --gpus-per-node 1 -o /dev/null -- sh -c "date +%s.%N > $W/a.t" > /dev/null
    until [ -s $W/a.t ]; do sleep 0.002; done
    rec aisched latency_submit_to_exec ms "$(py "print(f'{($(cat $W/a.t)-$t0)*1000:.0f}')")"; sleep 0.3
  done
fi
if has tiny; then
  t0=$(now); for i in $(seq $N_TINY); do sbatch -Q -o /dev/null --wrap true > /dev/null; done
  until [ -z "$(squeue -h -o %i | head -1)" ]; do sleep 0.05; done; t1=$(now)
  rec slurm tiny_e2e jobs/s "$(py "print(f'{$N_TINY/($t1-$t0):.2f}')")"
  t0=$(now); for i in $(seq $N_TINY); do "$BIN/aisubmit" submit -o /dev/null -- true > /dev/null; done
  until [ -z "$("$BIN/aisubmit" queue -h -o %i | head -1)" ]; do sleep 0.05; done; t1=$(now)
  rec aisched tiny_e2e jobs/s "$(py "print(f'{$N_TINY/($t1-$t0):.2f}')")"
fi
if has listing; then
  # Both queues hold individual job records: Slurm's filled by sbatch -H (an array would be one record until its
  # tasks start), aisched's by held arrays (each task is a job of its own in aisched).
  queued=0
  for depth in $LIST_DEPTHS; do
    [ $depth -gt $queued ] && seq $((depth - queued)) | xargs -P 16 -n 1 sh -c 'sbatch -H -Q -o /dev/null --wrap true > /dev/null'
    left=$((depth - queued))
    while [ $left -gt 0 ]; do
      n=$(( left < 10000 ? left : 10000 ))
      "$BIN/aisubmit" submit --hold -o /dev/null --array 0-$((n - 1)) -- true > /dev/null; left=$((left - n))
    done
    queued=$depth
    time_of() { for i in 1 2 3 4 5; do t0=$(now); "$@" > /dev/null; t1=$(now); py "print(($t1-$t0)*1000)"; done | median; }
    rec slurm "queue_listing_${depth}" ms "$(time_of squeue)"
    rec aisched "queue_listing_${depth}" ms "$(time_of "$BIN/aisubmit" queue)"
  done
  slurm_clear; ais_clear
fi
echo "results in $OUT"
py '
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    if line.startswith("#"): continue
    system, metric, unit, value = line.rstrip("\n").split("\t")
    rows[(metric, unit)].setdefault(system, []).append(float(value))
print("%-34s %-6s %9s %9s  %s" % ("measurement", "unit", "Slurm", "aisched", "aisched vs Slurm"))
for (metric, unit), systems in rows.items():
    if "slurm" not in systems or "aisched" not in systems: continue
    s = sorted(systems["slurm"])[len(systems["slurm"]) // 2]
    a = sorted(systems["aisched"])[len(systems["aisched"]) // 2]
    if not (a and s): continue
    better = a / s if unit == "jobs/s" else s / a   # > 1: aisched is better (faster, or smaller)
    print("%-34s %-6s %9.1f %9.1f  %.2fx %s" % (metric, unit, s, a, better, "better" if better >= 1 else "worse"))
' "$OUT"
