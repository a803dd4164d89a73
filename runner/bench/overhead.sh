#!/usr/bin/env bash
# Scheme overhead: train images/s of every scheme relative to Euler at the same depth, measured with
# 'runner bench' in interleaved rounds (the order rotates each round, so no scheme always runs first or
# right after another), and printed as a Markdown table (median over rounds of the per-round ratio).
#
#   runner/bench/overhead.sh                 # depth 20, 3 rounds
#   DEPTH=56 ROUNDS=2 WARMUP=2 ITERS=4 runner/bench/overhead.sh
#
# Environment [defaults]: DEPTH [20]  ROUNDS [3]  WARMUP [3]  ITERS [8]  REPS [3]  OUT [stdout]
#   RESULTS [runner/bench/results/overhead-<date>.jsonl] (one JSON line per run, 'runner bench --json')
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
depth="${DEPTH:-20}"; rounds="${ROUNDS:-3}"
warmup="${WARMUP:-3}"; iters="${ITERS:-8}"; reps="${REPS:-3}"
mkdir -p "$home/runner/bench/results"
results="${RESULTS:-$home/runner/bench/results/overhead-$(date -u +%Y%m%d-%H%M%S).jsonl}"
labels=(euler adams3 adams3-learnable lm rk2)
options() {
  case "$1" in
    euler) echo "--scheme euler" ;;
    adams3) echo "--scheme adams --k 3 --coefficients fixed" ;;
    adams3-learnable) echo "--scheme adams --k 3 --coefficients learnable" ;;
    lm) echo "--scheme lm" ;;
    rk2) echo "--scheme rk --tableau midpoint" ;;
  esac
}
n=${#labels[@]}
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < n; i++)); do
    label="${labels[$(( (i + r) % n ))]}"
    # shellcheck disable=SC2046
    line="$("$home/runner/bin/runner" bench $(options "$label") --depth "$depth" --warmup "$warmup" \
      --iterations "$iters" --repeats "$reps" --no-data --json 2>/dev/null | tail -1)"
    echo "{\"round\":$((r + 1)),\"label\":\"$label\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"bench\":$line}" >> "$results"
    echo "round $((r + 1)) $label done" >&2
  done
done
python3 - "$results" "$depth" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
depth = sys.argv[2]
by = {}
for r in rows:
    by.setdefault(r["round"], {})[r["label"]] = r["bench"]
labels = ["euler", "adams3", "adams3-learnable", "lm", "rk2"]
names = {"euler": "Euler", "adams3": "Adams k=3 fixed", "adams3-learnable": "Adams k=3 learnable",
         "lm": "LM (learnable k)", "rk2": "RK2 (midpoint)"}
print(f"| scheme (depth {depth}) | parameters | train img/s per round | ratio to Euler per round | median ratio | peak RSS MB |")
print("|---|---|---|---|---|---|")
for l in labels:
    ips, ratios, rss, params = [], [], [], None
    for rnd in sorted(by):
        b = by[rnd].get(l); e = by[rnd].get("euler")
        if not b:
            continue
        params = b["parameters"]
        ips.append(b["trainImagesPerSecond"]); rss.append(b["peakRssMb"])
        if e:
            ratios.append(b["trainImagesPerSecond"] / e["trainImagesPerSecond"])
    med = statistics.median(ratios) if ratios else float("nan")
    print(f"| {names[l]} | {params:,} | {' / '.join(f'{x:.1f}' for x in ips)} | "
          f"{' / '.join(f'{x:.2f}' for x in ratios)} | **{med:.2f}** | {' / '.join(str(x) for x in rss)} |")
PY
