#!/usr/bin/env bash
# Where a training step's time goes, side by side: schemenet ('runner bench --phase-marks') and the PyTorch
# reference (profile_torch.py), both with oneDNN's verbose log (DNNL_VERBOSE=1: every primitive execution and
# its time) cut to the measured training steps. Prints a Markdown table of milliseconds per training step by
# oneDNN primitive kind, oneDNN's total, and the step's wall time measured in the same run (so "outside oneDNN"
# = wall - oneDNN: ND4J/ATen element-wise work, Java/Python bookkeeping, the verbose log's own cost).
#
#   runner/bench/profile.sh                              # Euler, depth 20, 3 warm-up + 10 steps each
#   SCHEME="--scheme adams --k 2" DEPTH=56 runner/bench/profile.sh
#
# Environment: SCHEME [--scheme euler], DEPTH [20], WARMUP [3], ITERS [10], THREADS [cores],
# REFERENCE [../shared/reference/torch_reference.py], PYTHON [/usr/bin/python3], ROUNDS [1] (A B A B ...).
# The verbose log costs time itself; compare the two columns with each other, not with `runner bench`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
scheme="${SCHEME:---scheme euler}"
depth="${DEPTH:-20}"
warmup="${WARMUP:-3}"
iters="${ITERS:-10}"
threads="${THREADS:-$(nproc)}"
rounds="${ROUNDS:-1}"
reference="${REFERENCE:-$home/../shared/reference/torch_reference.py}"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for r in $(seq 1 "$rounds"); do
  # shellcheck disable=SC2086
  DNNL_VERBOSE=1 OMP_NUM_THREADS="$threads" "$home/runner/bin/runner" bench $scheme --depth "$depth" \
    --warmup "$warmup" --iterations "$iters" --repeats 1 --no-data --threads "$threads" --phase-marks --json \
    > "$work/schemenet-$r.log" 2>/dev/null
  # shellcheck disable=SC2086
  DNNL_VERBOSE=1 OMP_NUM_THREADS="$threads" "$python" "$here/profile_torch.py" "$reference" $scheme \
    --depth "$depth" --warmup "$warmup" --iters "$iters" --threads "$threads" > "$work/pytorch-$r.log" 2>/dev/null
done

"$python" - "$work" "$rounds" "$iters" "$scheme" "$depth" <<'PY'
import json, statistics, sys, collections
work, rounds, iters, scheme, depth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]

def kind(f):
    prim, prop = f[3], f[5]
    if prim in ("convolution", "deconvolution"):
        return {"forward_training": "convolution forward", "forward_inference": "convolution forward",
                "backward_data": prim + " backward data", "backward_weights": prim + " backward weights"
                }.get(prop, prim + " " + prop)
    if prim == "batch_normalization":
        return "batch norm " + ("forward" if prop.startswith("forward") else "backward")
    if prim.startswith("pooling"):
        return "pooling"
    return prim

def profile(log):
    times, wall, phase = collections.Counter(), None, None
    for line in open(log, errors="replace"):
        line = line.strip()
        if line.startswith("== bench phase: "):
            phase = line[len("== bench phase: "):-3]
            continue
        if line.startswith("{"):
            j = json.loads(line)
            if "train_ms_per_step" in j:
                wall = j["train_ms_per_step"]
            elif "trainImagesPerSecond" in j:
                wall = 1000 * j["batchSize"] / j["trainImagesPerSecond"]
            continue
        if phase == "train" and ("_verbose,exec," in line or line.startswith("dnnl_verbose,exec")):
            f = line.split(",")
            try:
                times[kind(f)] += float(f[-1])
            except ValueError:
                pass
    return {k: v / iters for k, v in times.items()}, wall

runs = {"schemenet": [], "pytorch": []}
for r in range(1, rounds + 1):
    for fw in runs:
        runs[fw].append(profile(f"{work}/{fw}-{r}.log"))
kinds = sorted({k for fw in runs for t, _ in runs[fw] for k in t}, key=lambda k: -statistics.median(
    [t.get(k, 0) for t, _ in runs["schemenet"]]))
med = lambda fw, f: statistics.median(f(t, w) for t, w in runs[fw])
print(f"Training step, {scheme} depth {depth}, batch 128, {iters} steps after warm-up, median of {rounds} round(s); "
      "ms per step (oneDNN's own times from DNNL_VERBOSE=1)\n")
print("| oneDNN primitive | schemenet ms | PyTorch ms |")
print("|---|---|---|")
for k in kinds:
    print(f"| {k} | {med('schemenet', lambda t, w: t.get(k, 0)):.1f} | {med('pytorch', lambda t, w: t.get(k, 0)):.1f} |")
one = lambda t, w: sum(t.values())
print(f"| **oneDNN total** | **{med('schemenet', one):.1f}** | **{med('pytorch', one):.1f}** |")
print(f"| outside oneDNN (wall - oneDNN) | {med('schemenet', lambda t, w: w - sum(t.values())):.1f} | "
      f"{med('pytorch', lambda t, w: w - sum(t.values())):.1f} |")
print(f"| **wall time per step** | **{med('schemenet', lambda t, w: w):.1f}** | **{med('pytorch', lambda t, w: w):.1f}** |")
PY
