#!/usr/bin/env bash
# Side-by-side speed of schemenet (DL4J, 'runner bench') and the PyTorch reference, interleaved
# A B A B on the same machine, and the table of ratios written into docs/performance.md.
#
#   runner/bench/compare.sh                       # the issue's protocol (slow: about an hour on 2 cores)
#   ROUNDS=1 ITERS=5 runner/bench/compare.sh      # quicker, noisier
#   TABLE_ONLY=results.jsonl runner/bench/compare.sh   # only rebuild the table from earlier results
#                                                      # (PROTOCOL=... then describes how they were run)
#
# PyTorch: Debian's python3-torch (1.13.1):   sudo apt-get install -y python3-torch
# Without it the script runs the DL4J side alone and says so (ratio columns empty).
#
# The PyTorch reference script is NOT part of this repository (it carries no licence header, so it is
# not copied here); give its path as the first argument or REFERENCE=..., default
# ../shared/reference/torch_reference.py next to the repository.
#
# Environment (defaults in brackets):
#   SCHEMES   labels to run, space-separated [all: euler adams2 adams2-learnable adams3 adams3-learnable lm rk4]
#   DEPTHS    [20 56]; rk4 runs at the nearest valid rk4 depth (see below) in place of 20
#   ROUNDS    A/B rounds; the table shows the median over rounds [2]; FIRST_ROUND [1] numbers them
#   WARMUP ITERS REPS   per run: warm-up batches, batches per repeat, repeats [25 20 3]; DL4J's workspaces size
#                       themselves over the first 15-20 training batches (docs/performance.md, runner bench options)
#   BATCH     [128]     THREADS [number of cores, for both]
#   PYTHON    [/usr/bin/python3]   OUT [docs/performance.md]   RESULTS [runner/bench/results/<date>.jsonl]
#
# Depth semantics differ for RK4: schemenet needs 4m or 1 + 4m units per stage (the leading unit an
# Euler step), so with n = (depth - 2) / 6 units per stage the valid depths are n = 1 mod 4: 8, 32, 56.
# The reference accepts any depth and leaves out units that would not complete a step (at depth 20 it
# drops every unit after the transitions). Both run rk4 at 32 where the others run 20; at 32 and 56 the
# reference has one unit fewer than schemenet (stage 1), see the params columns.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
runner="$home/runner/bin/runner"
reference="${1:-${REFERENCE:-$home/../shared/reference/torch_reference.py}}"
python="${PYTHON:-/usr/bin/python3}"
out="${OUT:-$home/docs/performance.md}"
threads="${THREADS:-$(nproc)}"
batch="${BATCH:-128}"
warmup="${WARMUP:-25}"
iters="${ITERS:-20}"
reps="${REPS:-3}"
rounds="${ROUNDS:-2}"
first_round="${FIRST_ROUND:-1}"   # to append more rounds to an existing RESULTS file
depths="${DEPTHS:-20 56}"
schemes="${SCHEMES:-euler adams2 adams2-learnable adams3 adams3-learnable lm rk4}"
mkdir -p "$home/runner/bench/results"
results="${RESULTS:-$home/runner/bench/results/$(date -u +%Y%m%d-%H%M%S).jsonl}"

# label -> options (the same for both: the reference's flags are named like the runner's)
options() {
  case "$1" in
    euler) echo "--scheme euler" ;;
    adams2) echo "--scheme adams --k 2 --coefficients fixed" ;;
    adams3) echo "--scheme adams --k 3 --coefficients fixed" ;;
    adams2-learnable) echo "--scheme adams --k 2 --coefficients learnable" ;;
    adams3-learnable) echo "--scheme adams --k 3 --coefficients learnable" ;;
    lm) echo "--scheme lm" ;;   # learnable k_n ~ U(-0.1, 0) in both
    rk4) echo "--scheme rk --tableau rk4" ;;
    *) echo "unknown scheme label '$1'; allowed: euler adams2 adams2-learnable adams3 adams3-learnable lm rk4" >&2; exit 2 ;;
  esac
}

# the depth a label runs at for a requested depth (rk4: 20 -> 32, see above)
depth_for() {
  if [[ "$1" == rk4 ]]; then
    local n=$(( ($2 - 2) / 6 ))
    while (( n % 4 != 1 )); do n=$((n + 1)); done
    echo $(( 6 * n + 2 ))
  else
    echo "$2"
  fi
}

have_torch=0
if [[ -z "${TABLE_ONLY:-}" ]]; then
  if [[ -x "$python" ]] && "$python" -c 'import torch' 2>/dev/null; then
    if [[ -f "$reference" ]]; then
      have_torch=1
    else
      echo "compare.sh: PyTorch reference not found at $reference; give its path as the first argument." >&2
      echo "compare.sh: running the DL4J side only." >&2
    fi
  else
    echo "compare.sh: PyTorch is not installed for $python; install Debian's build with" >&2
    echo "  sudo apt-get install -y python3-torch" >&2
    echo "compare.sh: running the DL4J side only (ratio columns stay empty)." >&2
  fi

  # peak RSS of the reference: its children's ru_maxrss, added to its JSON line
  torch_run() {
    "$python" - "$python" "$reference" "$@" <<'EOF'
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, text=True, check=True)
line = [l for l in p.stdout.splitlines() if l.startswith("{")][-1]
r = json.loads(line)
r["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps(r))
EOF
  }

  echo "compare.sh: results to $results; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for round in $(seq "$first_round" $((first_round + rounds - 1))); do
    for d in $depths; do
      for label in $schemes; do
        opts="$(options "$label")"
        depth="$(depth_for "$label" "$d")"
        # A: schemenet
        # shellcheck disable=SC2086
        line="$("$runner" bench $opts --depth "$depth" --batch-size "$batch" --threads "$threads" \
            --warmup "$warmup" --iterations "$iters" --repeats "$reps" --no-data --json)"
        jq -c --arg l "$label" --argjson r "$round" --argjson d "$d" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
            '{framework: "schemenet", label: $l, round: $r, row_depth: $d, load: $load,
              depth: .depth, params: .parameters, train: .trainImagesPerSecond, infer: .inferenceImagesPerSecond,
              peak_rss_mb: .peakRssMb, dl4j: .software.deeplearning4j, java: .software.java,
              native: .backend.nativeJar}' <<<"$line" >>"$results"
        echo "  round $round $label d$depth schemenet: $(tail -1 "$results" | jq -r '"\(.train) train, \(.infer) inference img/s"')" >&2
        # B: PyTorch
        if (( have_torch )); then
          # shellcheck disable=SC2086
          line="$(torch_run $opts --depth "$depth" --batch "$batch" --threads "$threads" --warmup "$warmup" \
              --iters "$iters" --reps "$reps")"
          jq -c --arg l "$label" --argjson r "$round" --argjson d "$d" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
              '{framework: "pytorch", label: $l, round: $r, row_depth: $d, load: $load, depth: .depth,
                params: .params, train: .train_img_s, infer: .infer_img_s, peak_rss_mb: .peak_rss_mb,
                version: .version, threads: .threads}' <<<"$line" >>"$results"
          echo "  round $round $label d$depth pytorch:   $(tail -1 "$results" | jq -r '"\(.train) train, \(.infer) inference img/s"')" >&2
        fi
      done
    done
  done
  echo "compare.sh: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
else
  results="$TABLE_ONLY"
fi

# the table: medians over rounds, ratios schemenet / PyTorch and scheme / Euler; written between markers
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores ($(grep -o -w -E 'avx512f' /proc/cpuinfo | head -1 || echo 'no avx512f')), $(free -g | awk '/Mem:/ {print $2}') GB, Linux $(uname -r)"
java_version="$(java -version 2>&1 | head -1)"
torch_version="$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed')"
"${PYTHON3:-python3}" - "$results" "$out" "$machine" "$java_version" "$torch_version" \
    "${PROTOCOL:-batch $batch, $warmup warm-up + $reps repeats x $iters batches, threads $threads, $rounds round(s)}" <<'EOF'
import json, os, statistics, sys, datetime
results, out, machine, java, torch_version, protocol = sys.argv[1:7]
rows = [json.loads(l) for l in open(results) if l.strip()]
order = ["euler", "adams2", "adams2-learnable", "adams3", "adams3-learnable", "lm", "rk4"]
names = {"euler": "Euler (ResNet)", "adams2": "Adams k=2 fixed", "adams3": "Adams k=3 fixed",
         "adams2-learnable": "Adams k=2 learnable", "adams3-learnable": "Adams k=3 learnable", "lm": "LM (learnable k)", "rk4": "RK4"}
def med(xs):
    return statistics.median(xs) if xs else None
def pick(fw, label, d, key):
    return [r[key] for r in rows if r["framework"] == fw and r["label"] == label and r["row_depth"] == d
            and r.get(key) is not None]
def ratios(label, d, key):
    """schemenet / pytorch per round (A B pairs), then the median."""
    per = []
    for rnd in sorted({r["round"] for r in rows}):
        a = [r[key] for r in rows if r["framework"] == "schemenet" and r["label"] == label and r["row_depth"] == d and r["round"] == rnd]
        b = [r[key] for r in rows if r["framework"] == "pytorch" and r["label"] == label and r["row_depth"] == d and r["round"] == rnd]
        if a and b:
            per.append(a[0] / b[0])
    return med(per)
def f(x, fmt="{:.1f}"):
    return "" if x is None else fmt.format(x)
depths = sorted({r["row_depth"] for r in rows})
labels = [l for l in order if any(r["label"] == l for r in rows)]
dl4j = next((r.get("dl4j") for r in rows if r["framework"] == "schemenet"), "?")
native = next((r.get("native") for r in rows if r["framework"] == "schemenet"), "?")
loads = [float(r["load"]) for r in rows if r.get("load")]
lines = [f"Measured {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC by `runner/bench/compare.sh` on {machine}; "
         f"{java}; DL4J {dl4j} ({native}); PyTorch {torch_version}. Protocol: {protocol}; random 3x32x32 input, "
         f"SGD momentum 0.9 with weight decay, float32; A (schemenet) and B (PyTorch) runs alternate. "
         f"Load average during the runs: {min(loads):.1f} to {max(loads):.1f}" if loads else "",
         "",
         "| scheme | depth | schemenet train img/s | PyTorch train img/s | train ratio | vs Euler (schemenet) | "
         "schemenet infer img/s | PyTorch infer img/s | infer ratio | params schemenet / PyTorch | peak RSS MB schemenet / PyTorch |",
         "|---|---|---|---|---|---|---|---|---|---|---|"]
for d in depths:
    euler = med(pick("schemenet", "euler", d, "train"))
    for l in labels:
        st, pt = med(pick("schemenet", l, d, "train")), med(pick("pytorch", l, d, "train"))
        si, pi = med(pick("schemenet", l, d, "infer")), med(pick("pytorch", l, d, "infer"))
        dd = next((r["depth"] for r in rows if r["label"] == l and r["row_depth"] == d), d)
        ps = next((r["params"] for r in rows if r["framework"] == "schemenet" and r["label"] == l and r["row_depth"] == d), None)
        pp = next((r["params"] for r in rows if r["framework"] == "pytorch" and r["label"] == l and r["row_depth"] == d), None)
        ms, mp = med(pick("schemenet", l, d, "peak_rss_mb")), med(pick("pytorch", l, d, "peak_rss_mb"))
        lines.append(f"| {names[l]} | {dd} | {f(st)} | {f(pt)} | {f(ratios(l, d, 'train'), '{:.2f}x')} | "
                     f"{f(st / euler if st and euler else None, '{:.2f}')} | {f(si)} | {f(pi)} | "
                     f"{f(ratios(l, d, 'infer'), '{:.2f}x')} | {f(ps, '{:,}')} / {f(pp, '{:,}')} | {f(ms, '{:.0f}')} / {f(mp, '{:.0f}')} |")
lines.append("")
lines.append(f"Ratios are medians over rounds of schemenet / PyTorch within a round; raw results: "
             f"`{os.path.relpath(results, os.path.dirname(os.path.abspath(out)))}`.")
table = "\n".join(lines)
begin, end = "<!-- compare.sh:begin -->", "<!-- compare.sh:end -->"
text = open(out).read() if os.path.exists(out) else "# Performance\n\n"
if begin in text and end in text:
    text = text[:text.index(begin) + len(begin)] + "\n" + table + "\n" + text[text.index(end):]
else:
    text += f"\n## Measured table\n\n{begin}\n{table}\n{end}\n"
tmp = out + ".tmp"
open(tmp, "w").write(text)
os.replace(tmp, out)
print(table)
EOF
