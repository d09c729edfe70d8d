"""PyTorch reference for bench/mlp-step: one training step (forward, backward, Adam) of an
MLP 136-256-128-1 on BCE-with-logits at batch 2048. Prints one JSON object.

Debian's PyTorch runs its matrix products in OpenBLAS, whose thread pool is separate from
torch.set_num_threads: at "1 thread" OpenBLAS still uses every core. So every pair of
(torch threads, BLAS threads) is timed and the best is the reference.
Run with Debian's /usr/bin/python3 (python3-torch, python3-sklearn for threadpoolctl)."""
import argparse
import json

import torch
from timing import median_rate

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

parser = argparse.ArgumentParser()
parser.add_argument("--threads", default="1,2")
parser.add_argument("--batch", type=int, default=2048)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--warmup", type=int, default=10)
args = parser.parse_args()


def blas_kernels():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return [
        {k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
        for i in threadpool_info()
    ]


def time_steps(threads, blas_threads):
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    if threadpool_limits is not None:
        threadpool_limits(limits=blas_threads, user_api="blas")
    model = torch.nn.Sequential(
        torch.nn.Linear(136, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 1),
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x = torch.randn(args.batch, 136)
    y = (torch.rand(args.batch, 1) < 0.3).float()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return median_rate(step, args.batch, args.steps, args.rounds, args.warmup)


counts = [int(t) for t in args.threads.split(",")]
blas_counts = counts if threadpool_limits is not None else [None]
rates = {(t, b): time_steps(t, b) for t in counts for b in blas_counts}
best = max(rates, key=rates.get)
print(json.dumps({
    "samplesPerSec": round(rates[best]),
    "threads": best[0],
    "blasThreads": best[1],
    "perThreads": {f"torch {t}, blas {b}": round(v) for (t, b), v in rates.items()},
    "torch": torch.__version__,
    "blas": blas_kernels(),
}))
