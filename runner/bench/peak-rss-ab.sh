#!/usr/bin/env bash
# Peak resident memory of two builds, A/B: `runner bench` of each build in turn, the order alternating by round
# (A B, B A, A B), one JSON line per run with the process's peak RSS (`peakRssMb`, VmHWM) and its training rate.
#
#   runner/bench/peak-rss-ab.sh BEFORE_HOME AFTER_HOME RESULTS.jsonl
#
# BEFORE_HOME and AFTER_HOME are two checkouts, each built (e.g. `git worktree add --detach ../before REV` and
# `mvn -B -q -DskipTests package` there). Environment: ROUNDS [3]. The networks: LM and Euler at depth 20, Euler at
# depth 56, Adams k=2 learnable at depth 20; 10 warm-up and 5 timed batches of 128, no data (random images).
# Memory is measured, not speed: the rates are noted, not compared (the runs are short and the machine may be busy).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 BEFORE_HOME AFTER_HOME RESULTS.jsonl" >&2
  exit 2
fi
before="$1" after="$2" out="$3"
for home in "$before" "$after"; do
  if [[ ! -x "$home/runner/bin/runner" ]]; then
    echo "$0: $home/runner/bin/runner: no such launcher; give the folders of two built checkouts" >&2
    exit 2
  fi
done
for round in $(seq 1 "${ROUNDS:-3}"); do
  for cfg in "lm:--scheme lm:20" "euler:--scheme euler:56" "euler:--scheme euler:20" \
      "adams2-learnable:--scheme adams --k 2 --coefficients learnable:20"; do
    label="${cfg%%:*}" rest="${cfg#*:}"
    opts="${rest%:*}" depth="${rest##*:}"
    if (( round % 2 )); then order="before after"; else order="after before"; fi
    for build in $order; do
      home="$before"; [[ $build == after ]] && home="$after"
      # shellcheck disable=SC2086
      "$home/runner/bin/runner" bench $opts --depth "$depth" --batch-size 128 --threads 2 --warmup 10 \
          --iterations 5 --repeats 1 --no-data --json 2>/dev/null | tail -1 \
        | jq -c --arg b "$build" --arg l "$label" --argjson r "$round" --argjson d "$depth" \
            '{build: $b, label: $l, round: $r, depth: $d, peak: .peakRssMb, train: .trainImagesPerSecond}' >> "$out"
    done
  done
done
