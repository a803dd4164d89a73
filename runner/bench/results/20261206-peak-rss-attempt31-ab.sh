#!/usr/bin/env bash
# A/B peak RSS: 82559c9 (gradient workspaces in a pool of their own) vs the fix (DL4J's pool names); alternating order per round
out=/work/abmem/results2.jsonl
for round in 1 2 3; do
  for cfg in "lm:--scheme lm:20" "euler:--scheme euler:56" "euler:--scheme euler:20" "adams2-learnable:--scheme adams --k 2 --coefficients learnable:20"; do
    label="${cfg%%:*}"; rest="${cfg#*:}"; opts="${rest%:*}"; depth="${rest##*:}"
    if (( round % 2 )); then order="pre head"; else order="head pre"; fi
    for build in $order; do
      home=/work/main; [[ $build == pre ]] && home=/work/ab-pre
      line="$($home/runner/bin/runner bench $opts --depth $depth --batch-size 128 --threads 2 --warmup 10 --iterations 5 --repeats 1 --no-data --json 2>/dev/null | tail -1)"
      echo "$line" | jq -c --arg b $build --arg l $label --argjson r $round --argjson d $depth '{build:$b,label:$l,round:$r,depth:$d,peak:.peakRssMb,train:.trainImagesPerSecond}' >> $out
    done
  done
done
echo done >> $out
