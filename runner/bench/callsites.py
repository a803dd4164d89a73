#!/usr/bin/env python3
"""Where the training thread's time goes, by call site: reads a Java Flight Recording of `runner bench` (made by
callsites.sh) and prints a Markdown table of the training thread's samples during `fit`, each attributed to

  * in native code (a libnd4j op, a memory copy, a workspace allocation): the op or native method and the nearest
    schemenet or DL4J caller (e.g. `conv2d < ChannelsLastConvolutionLayer.convolve`);
  * in Java: the innermost schemenet method, else the innermost DL4J/ND4J method.

A sample is a moment the thread was seen in that state (JFR's jdk.ExecutionSample for Java, jdk.NativeMethodSample
for native code), so the shares are shares of the training thread's wall time, the waits inside ops included.

    python3 runner/bench/callsites.py recording.jfr [rows]
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w.$<>]+)\(.*?\)\s+line:", re.M)
THREAD = re.compile(r'sampledThread = "([^"]*)"')
OP_CALLERS = ("Libnd4j.conv2dBackprop", "Libnd4j.conv2d", "Libnd4j.batchNorm")


def events(recording, kind):
    text = subprocess.run(["jfr", "print", "--events", kind, "--stack-depth", "64", recording],
                          capture_output=True, text=True, check=True).stdout
    return text.split(kind + " {")[1:]


def short(frame):
    parts = frame.split(".")
    return ".".join(parts[-2:])


def schemenet(frame):
    """A frame of the network or the trainer's own code (not the bench harness that calls fit)."""
    return (frame.startswith("org.schemenet.network.") or frame.startswith("org.schemenet.train.")) \
        and not frame.startswith("org.schemenet.train.bench.")


def ours(frame):
    return schemenet(frame) or "org.deeplearning4j" in frame


def site(frames, native):
    if native:
        for f in frames:
            for op in OP_CALLERS:
                if f.endswith(op):
                    caller = next((short(g) for g in frames[frames.index(f) + 1:] if schemenet(g)), "?")
                    return "native: " + op.split(".")[-1] + " < " + caller
        caller = next((f for f in frames[1:] if ours(f) and "Nd4j" not in f), None)
        return "native: " + short(frames[0]) + (" < " + short(caller) if caller else "")
    inner = next((f for f in frames if schemenet(f)), None) or next(
        (f for f in frames if "org.deeplearning4j" in f or "org.nd4j" in f), frames[0])
    return "java: " + short(inner)


def main():
    recording = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    counts = collections.Counter()
    total = 0
    for kind, native in (("jdk.ExecutionSample", False), ("jdk.NativeMethodSample", True)):
        for e in events(recording, kind):
            thread = THREAD.search(e)
            frames = FRAME.findall(e)
            if not thread or thread.group(1) != "main" or not frames:
                continue
            if not any(f.endswith("ComputationGraph.fitHelper") for f in frames):
                continue
            counts[site(frames, native)] += 1
            total += 1
    if total == 0:
        sys.exit(f"{recording}: no samples of the training thread inside ComputationGraph.fit")
    print(f"{total} samples of the training thread inside fit\n")
    print("| call site | samples | share |")
    print("|---|---|---|")
    for name, n in counts.most_common(rows):
        print(f"| {name} | {n} | {100.0 * n / total:.1f}% |")
    rest = total - sum(n for _, n in counts.most_common(rows))
    print(f"| (the other {len(counts) - min(rows, len(counts))} sites) | {rest} | {100.0 * rest / total:.1f}% |")
    for prefix in ("java: ", "native: "):
        n = sum(v for k, v in counts.items() if k.startswith(prefix))
        print(f"| **all {prefix.rstrip(': ')}** | {n} | {100.0 * n / total:.1f}% |")


if __name__ == "__main__":
    main()
