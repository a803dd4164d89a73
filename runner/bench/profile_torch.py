#!/usr/bin/python3
"""The PyTorch reference's training and inference steps, cut into phases for a profile.

Builds the network, the optimiser and the batch exactly as the reference's own timing does
(torch_reference.py, imported from the path given first; it is not part of this repository), then
runs WARMUP training steps, '== bench phase: train ==', ITERS training steps, '== bench phase: end ==',
and the same for inference, so that a profile written to standard output (DNNL_VERBOSE=1) can be cut
by phase like `runner bench --phase-marks`. Prints one JSON line with the milliseconds per step.

  profile_torch.py REFERENCE.py --scheme euler --depth 20 [--warmup 3] [--iters 10] [--threads 2]
"""
import argparse, importlib.util, json, sys, time

ref_path = sys.argv[1]
spec = importlib.util.spec_from_file_location("torch_reference", ref_path)
ref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ref)
torch, F = ref.torch, ref.F

p = argparse.ArgumentParser()
p.add_argument("--scheme", default="euler")
p.add_argument("--k", type=int, default=2)
p.add_argument("--coefficients", default="fixed")
p.add_argument("--tableau", default="rk4")
p.add_argument("--depth", type=int, default=20)
p.add_argument("--shortcut", default="A")
p.add_argument("--batch", type=int, default=128)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--warmup", type=int, default=3)
p.add_argument("--iters", type=int, default=10)
a = p.parse_args(sys.argv[2:])
torch.set_num_threads(a.threads)
torch.manual_seed(0)
model = ref.Net(a)
x, y = torch.rand(a.batch, 3, 32, 32), torch.arange(a.batch) % 10
decay = [q for q in model.parameters() if q.dim() > 1]
other = [q for q in model.parameters() if q.dim() <= 1]
opt = torch.optim.SGD([{"params": decay, "weight_decay": 1e-4}, {"params": other, "weight_decay": 0}],
                      lr=0.1, momentum=0.9)


def train_step():
    opt.zero_grad(set_to_none=True)
    F.cross_entropy(model(x), y).backward()
    opt.step()


def phase(name, step):
    for _ in range(a.warmup):
        step()
    print(f"== bench phase: {name} ==", flush=True)
    t0 = time.perf_counter()
    for _ in range(a.iters):
        step()
    ms = 1000 * (time.perf_counter() - t0) / a.iters
    print("== bench phase: end ==", flush=True)
    return ms


model.train()
train_ms = phase("train", train_step)
model.eval()
with torch.no_grad():
    infer_ms = phase("inference", lambda: model(x))
print(json.dumps({"framework": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
                  "train_ms_per_step": round(train_ms, 2), "infer_ms_per_step": round(infer_ms, 2),
                  "params": sum(q.numel() for q in model.parameters())}))
