#!/usr/bin/env bash
# Replays every real trace in data/traces under every policy and rewrites the results section of
# docs/SIMULATION.md (between the "results:begin" and "results:end" markers). Re-run it whenever the scheduling
# core changes: the numbers are the core's, the simulator only replays.
#   scripts/simulate-all.sh            # release build, then all traces (a few minutes)
#   TRACES=/path/to/traces scripts/simulate-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
traces="${TRACES:-data/traces}"
swift build -c release --product schedd >&2
schedd=.build/release/schedd
# Hourly charging: the traces span months, per-minute ticks would make the core's tick work dominate the replay,
# and with a 7-day usage half-life an hour moves fair-share factors very little (docs/SIMULATION.md).
charge=(--accounting-seconds 3600)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() { # title, then schedd simulate arguments
  local title="$1"; shift
  echo "running: $title" >&2
  { echo; echo "#### $title"; echo; echo '```'; echo "schedd simulate $*" | sed "s#$traces/#\$TRACES/#g"; echo '```'; echo
    "$schedd" simulate "$@" "${charge[@]}" --markdown 2>"$out/stderr"
    echo; sed 's/^/    /' "$out/stderr"; } >> "$out/results.md"
}

alibaba="$traces/alibaba-gpu-v2023-openb"
run "Alibaba GPU 2023 (openb default pods, 1,523-node inventory), arrivals as recorded" \
  --trace "$alibaba/openb_pod_list_default.csv.gz" --format alibaba-gpu-2023 \
  --cluster "$alibaba/openb_node_list_all_node.csv.gz" --compare

# The Gavel per-VC files hold 15,264 of Philly's jobs spread over up to 125 days per VC, far fewer than the Helios
# replay of Oct-Nov 2017; --load 30 re-times arrivals so the load (and FIFO queueing) is of the order Helios saw.
philly="$traces/philly-gavel-vc"
vc=(--trace "$philly/philly_vc_jobs_seed0.csv.gz" --format philly --cluster seeds/simulation/philly-vc-cluster.json)
run "Philly, 11 VCs isolated on their own nodes (Helios protocol), arrivals as recorded, run times seed 0, FIFO" \
  "${vc[@]}" --seed 0 --map seeds/simulation/philly-vc-isolated-map.json --isolate --policy fifo
run "Philly, 11 VCs isolated (Helios protocol), load ×30, run times seed 0" \
  "${vc[@]}" --seed 0 --load 30 --map seeds/simulation/philly-vc-isolated-map.json --isolate --compare
for seed in ${PHILLY_EXTRA_SEEDS:-}; do   # e.g. PHILLY_EXTRA_SEEDS="1 2" for the recommended three runs
  run "Philly, 11 VCs isolated (Helios protocol), load ×30, run times seed $seed, FIFO" \
    "${vc[@]}" --seed "$seed" --load 30 --map seeds/simulation/philly-vc-isolated-map.json --isolate --policy fifo
done
run "Philly, 11 VCs sharing one 352-node pool (shares = VC sizes), load ×30, run times seed 0" \
  "${vc[@]}" --seed 0 --load 30 --map seeds/simulation/philly-vc-shared-map.json --compare

run "NASA Ames iPSC/860 1993 (SWF) on 128 single-CPU nodes, tenants = users" \
  --trace "$traces/pwa-nasa-ipsc-1993/NASA-iPSC-1993-3.1-cln.swf.gz" --format swf --swf-tenant user \
  --cluster seeds/simulation/nasa-ipsc-cluster.json --compare

doc=docs/SIMULATION.md
awk -v results="$out/results.md" '
  /<!-- results:begin -->/ { print; while ((getline line < results) > 0) print line; skip = 1; next }
  /<!-- results:end -->/ { skip = 0 }
  !skip { print }' "$doc" > "$out/doc.md"
cp "$out/doc.md" "$doc"
echo "updated $doc" >&2
