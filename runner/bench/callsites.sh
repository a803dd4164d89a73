#!/usr/bin/env bash
# The training thread's time by call site (runner/bench/callsites.py): one `runner bench` under Java Flight
# Recorder with Java and native method sampling every 2 ms, then the table. Run it on a quiet machine.
#
#   runner/bench/callsites.sh                                  # Euler, depth 20, 3 warm-up + 30 steps
#   SCHEME="--scheme lm --coefficients learnable" runner/bench/callsites.sh
#
# Environment: SCHEME [--scheme euler], DEPTH [20], WARMUP [3], ITERS [30], ROWS [25], KEEP (a path: keep the .jfr).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
settings="$work/sampling.jfc"
# JDK's own 'profile' settings with both method samplers at 2 ms (its defaults: 10 ms Java, 20 ms native)
sed -e 's/control="method-sampling-java-interval">[^<]*/control="method-sampling-java-interval">2 ms/' \
    -e 's/control="method-sampling-native-interval">[^<]*/control="method-sampling-native-interval">2 ms/' \
    "$(dirname "$(readlink -f "$(command -v java)")")/../lib/jfr/profile.jfc" > "$settings"
recording="${KEEP:-$work/bench.jfr}"
# shellcheck disable=SC2086
SCHEMENET_JAVA_OPTS="${SCHEMENET_JAVA_OPTS:-} -XX:StartFlightRecording=filename=$recording,settings=$settings" \
  "$home/runner/bin/runner" bench ${SCHEME:---scheme euler} --depth "${DEPTH:-20}" --warmup "${WARMUP:-3}" \
  --iterations "${ITERS:-30}" --repeats 1 --no-data >&2
python3 "$here/callsites.py" "$recording" "${ROWS:-25}"
