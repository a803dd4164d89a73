#!/usr/bin/env bash
# The compute floor of a training step (FLOPs per image, floor.py) against this CPU's float32 matrix-product
# rate measured through ND4J's BLAS (experiments/PeakFlops.java).   runner/bench/floor.sh [DEPTH ...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
threads="${THREADS:-$(nproc)}"
"$home/runner/bin/runner" --version > /dev/null     # builds when needed
cp="$home/runner/target/schemenet-runner.jar"
IFS=: read -r -a entries < "$home/runner/target/classpath.txt" || true
for e in "${entries[@]}"; do cp="$cp:$home/runner/target/$e"; done
peak="$(OMP_NUM_THREADS="$threads" java -cp "$cp" "$here/experiments/PeakFlops.java" 2>/dev/null | tail -1)"
PEAK_GFLOPS="$peak" PEAK_SOURCE="ND4J sgemm (OpenBLAS)" THREADS="$threads" "${PYTHON:-/usr/bin/python3}" "$here/floor.py" "$@"
