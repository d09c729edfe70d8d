"""PyTorch reference for bench/train: training steps (forward, backward, Adam) of a
multi-task model on 8 sparse fields (vocabulary 10,000, embedding dim 16) and 8 dense
features, two binary tasks (BCE with logits, summed), batch 2048. Prints one JSON object.

--model mmoe (default): 4 experts 136-256-128, a softmax gate per task, towers 128-64-1.
--model moe: the same with one gate for both tasks. --model shared-bottom: one MLP
136-256-128 shared by the towers.

The reference must be PyTorch's best, so each run times several ways of writing the
model and keeps the fastest:
- experts as a ModuleList of MLPs, or batched (one Linear for every expert's first
  layer, one baddbmm for the second);
- embeddings dense under Adam, or sparse=True under SparseAdam (+ Adam for the rest).
Every variant is timed at every (torch threads, BLAS threads) pair: Debian's PyTorch runs
its matrix products in OpenBLAS, whose thread pool is separate from torch.set_num_threads.
The 8 tables stay 8 nn.Embedding: one table of 80,000 rows with per-field offsets (one
lookup, one optimizer tensor) timed no faster here.
Run with Debian's /usr/bin/python3 (python3-torch, python3-sklearn for threadpoolctl)."""
import argparse
import itertools
import json
import resource

import torch
from timing import median_rate
from torch import nn
from torch.nn import functional as F

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

parser = argparse.ArgumentParser()
parser.add_argument("--model", default="mmoe", choices=["mmoe", "moe", "shared-bottom"])
parser.add_argument("--threads", default="1,2")
parser.add_argument("--batch", type=int, default=2048)
parser.add_argument("--batches", type=int, default=50)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--warmup", type=int, default=10)
args = parser.parse_args()

FIELDS, VOCAB, DIM, DENSE = 8, 10_000, 16, 8
INPUT = FIELDS * DIM + DENSE  # 136
EXPERTS, HIDDEN = 4, (256, 128)
TOWER = 64
TASKS = ("click", "buy")


def blas_kernels():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    return [
        {k: i.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
        for i in threadpool_info()
    ]


class Encoder(nn.Module):
    def __init__(self, sparse):
        super().__init__()
        self.tables = nn.ModuleList(nn.Embedding(VOCAB, DIM, sparse=sparse) for _ in range(FIELDS))

    def forward(self, ids, dense):
        return torch.cat([t(ids[:, i]) for i, t in enumerate(self.tables)] + [dense], 1)  # [B, 136]


def mlp(sizes):
    layers = []
    for a, b in zip(sizes, sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers)


class ExpertList(nn.Module):
    def __init__(self):
        super().__init__()
        self.experts = nn.ModuleList(mlp((INPUT, *HIDDEN)) for _ in range(EXPERTS))

    def forward(self, x):
        return torch.stack([e(x) for e in self.experts])  # [E, B, H]


class ExpertBatched(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = nn.Linear(INPUT, EXPERTS * HIDDEN[0])
        self.weight = nn.Parameter(torch.randn(EXPERTS, HIDDEN[0], HIDDEN[1]) * (2 / HIDDEN[0]) ** 0.5)
        self.bias = nn.Parameter(torch.zeros(EXPERTS, 1, HIDDEN[1]))

    def forward(self, x):
        h = F.relu(self.first(x)).view(x.shape[0], EXPERTS, HIDDEN[0]).transpose(0, 1)  # [E, B, H1]
        return F.relu(torch.baddbmm(self.bias, h, self.weight))  # [E, B, H]


def tower():
    return nn.Sequential(nn.Linear(HIDDEN[-1], TOWER), nn.ReLU(), nn.Linear(TOWER, 1))


def mix(experts, gate):
    return (experts * gate.t().unsqueeze(2)).sum(0)  # [E, B, H] by [E, B, 1] -> [B, H]


class MMoE(nn.Module):
    def __init__(self, sparse, experts, gates):
        super().__init__()
        self.encoder = Encoder(sparse)
        self.experts = experts()
        self.gates = nn.ModuleList(nn.Linear(INPUT, EXPERTS) for _ in range(gates))
        self.towers = nn.ModuleList(tower() for _ in TASKS)

    def forward(self, ids, dense):
        x = self.encoder(ids, dense)
        e = self.experts(x)
        mixed = [mix(e, F.softmax(g(x), dim=1)) for g in self.gates]
        return [t(mixed[i % len(mixed)]) for i, t in enumerate(self.towers)]  # [B, 1] each


class SharedBottom(nn.Module):
    def __init__(self, sparse):
        super().__init__()
        self.encoder = Encoder(sparse)
        self.bottom = mlp((INPUT, *HIDDEN))
        self.towers = nn.ModuleList(tower() for _ in TASKS)

    def forward(self, ids, dense):
        shared = self.bottom(self.encoder(ids, dense))
        return [t(shared) for t in self.towers]


def build(sparse, experts):
    if args.model == "shared-bottom":
        return SharedBottom(sparse)
    layout = ExpertBatched if experts == "batched" else ExpertList
    return MMoE(sparse, layout, len(TASKS) if args.model == "mmoe" else 1)


def make_batches():
    g = torch.Generator().manual_seed(1)
    b = args.batch
    return [
        (
            torch.randint(0, VOCAB, (b, FIELDS), generator=g),
            torch.randn(b, DENSE, generator=g),
            (torch.rand(b, 1, generator=g) < 0.3).float(),
            (torch.rand(b, 1, generator=g) < 0.1).float(),
        )
        for _ in range(args.batches)
    ]


BATCHES = make_batches()


def time_steps(variant, threads, blas_threads):
    embeddings, experts = variant
    torch.manual_seed(0)
    torch.set_num_threads(threads)
    if threadpool_limits is not None:
        threadpool_limits(limits=blas_threads, user_api="blas")
    sparse = embeddings == "sparse"
    model = build(sparse, experts)
    tables = list(model.encoder.parameters())
    rest = [p for name, p in model.named_parameters() if not name.startswith("encoder.")]
    if sparse:
        opts = [torch.optim.SparseAdam(tables, lr=1e-3), torch.optim.Adam(rest, lr=1e-3)]
    else:
        opts = [torch.optim.Adam(model.parameters(), lr=1e-3)]
    batches = itertools.cycle(BATCHES)

    def step():
        ids, dense, click, buy = next(batches)
        for o in opts:
            o.zero_grad(set_to_none=True)
        out = model(ids, dense)
        loss = F.binary_cross_entropy_with_logits(out[0], click) + F.binary_cross_entropy_with_logits(out[1], buy)
        loss.backward()
        for o in opts:
            o.step()

    return median_rate(step, args.batch, args.steps, args.rounds, args.warmup)


counts = [int(t) for t in args.threads.split(",")]
blas_counts = counts if threadpool_limits is not None else [None]
expert_layouts = ["batched", "list"] if args.model != "shared-bottom" else ["none"]
variants = [(emb, ex) for emb in ("dense", "sparse") for ex in expert_layouts]
rates = {(v, t, b): time_steps(v, t, b) for v in variants for t in counts for b in blas_counts}
best = max(rates, key=rates.get)


def name(variant):
    return f"embeddings {variant[0]}, experts {variant[1]}"


print(json.dumps({
    "samplesPerSec": round(rates[best]),
    "threads": best[1],
    "blasThreads": best[2],
    "embeddings": "sparse=True, SparseAdam" if best[0][0] == "sparse" else "dense, Adam",
    "experts": best[0][1],
    "perVariant": {
        name(v): {f"torch {t}, blas {b}": round(rates[(v, t, b)]) for t in counts for b in blas_counts}
        for v in variants
    },
    "torch": torch.__version__,
    "blas": blas_kernels(),
    # this process's peak resident set (Linux reports kilobytes)
    "peakRssMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
