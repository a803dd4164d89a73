#!/usr/bin/python3
"""The compute floor of a training step: FLOPs per image against this CPU's measured matrix-multiply rate.

FLOPs: the CIFAR pre-activation ResNet of depth 6n+2 (stages 16/32/64, shortcut A: no weights), counting
multiply-adds of the convolutions and the classifier, two FLOPs each; a training step is the forward pass,
the backward pass for the data (not for the input image) and for the weights: about 3x the forward pass.
BN, ReLU, pooling and the updater are memory-bound and left out (a few per cent of the FLOPs).
Peak: a float32 matrix product (n x n by n x n, n = 2048) with THREADS threads, median of 5: PEAK_GFLOPS when
given (floor.sh measures it through ND4J's OpenBLAS), else through PyTorch's BLAS (Debian's python3-torch uses
the reference BLAS unless an optimised libblas is installed: far below the machine's rate).

  runner/bench/floor.py [DEPTH ...]        (default 20 56; THREADS defaults to the number of cores)
"""
import os, statistics, sys, time

def forward_macs(depth):
    n = (depth - 2) // 6
    macs = 32 * 32 * 16 * 3 * 9                        # stem
    stem = macs
    size, width = 32, 16
    for stage, out in enumerate((16, 32, 64)):
        for u in range(n):
            stride = 2 if stage > 0 and u == 0 else 1
            osize = size // stride
            macs += osize * osize * out * width * 9       # conv1 (stride 2 at a transition)
            macs += osize * osize * out * out * 9         # conv2
            size, width = osize, out
    macs += 64 * 10                                   # classifier
    return macs, stem

def peak_gflops(threads):
    n = 2048
    try:
        import torch
        torch.set_num_threads(threads)
        a, b = torch.rand(n, n), torch.rand(n, n)
        mm = lambda: torch.mm(a, b)
        lib = f"PyTorch {torch.__version__}"
    except ImportError:
        import numpy
        a, b = numpy.random.rand(n, n).astype(numpy.float32), numpy.random.rand(n, n).astype(numpy.float32)
        mm = lambda: a @ b
        lib = f"numpy {numpy.__version__}"
    mm()
    rates = []
    for _ in range(5):
        t0 = time.perf_counter()
        mm()
        rates.append(2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return statistics.median(rates), lib

threads = int(os.environ.get("THREADS", os.cpu_count()))
if os.environ.get("PEAK_GFLOPS"):
    peak, lib = float(os.environ["PEAK_GFLOPS"]), os.environ.get("PEAK_SOURCE", "given")
else:
    peak, lib = peak_gflops(threads)
print(f"measured float32 matrix-product rate: {peak:.1f} GFLOP/s ({threads} threads, {lib}, n = 2048, median of 5)")
print("| depth | forward MFLOP/image | training MFLOP/image | floor images/s (training) | floor images/s (inference) |")
print("|---|---|---|---|---|")
for d in [int(x) for x in sys.argv[1:]] or [20, 56]:
    macs, stem = forward_macs(d)
    fwd = 2 * macs
    train = 2 * (3 * macs - stem)
    print(f"| {d} | {fwd / 1e6:.1f} | {train / 1e6:.1f} | {peak * 1e9 / train:.0f} | {peak * 1e9 / fwd:.0f} |")
