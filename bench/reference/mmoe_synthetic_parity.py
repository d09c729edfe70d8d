"""PyTorch reference for bench/parity: shared-bottom (bottom 113, towers 8) and MMoE (8 experts
of 16, a softmax gate per task, towers 8) on the MMoE paper's synthetic regression, trained as
mtrec trains them (Adam, summed per-task MSE, every epoch trained and the best mean validation
MSE kept), on the rows mtrec encoded (its split and standardised inputs).

Each model is trained under two initialisations: "pytorch", nn.Linear's default (weights and
biases uniform in ±1/sqrt(fan_in)), and "he", mtrec's former default (He normal before each
ReLU, Xavier uniform on the output layers, zero biases, zero gates).
Prints one JSON object: validation MSE per model, init and seed, [y1, y2]."""
import argparse
import json

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--valid", required=True)
parser.add_argument("--seeds", type=int, default=3)
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--batch", type=int, default=256)
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--inits", default="pytorch,he")
args = parser.parse_args()


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    m = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    nd = sum(1 for h in header if h.startswith("d"))
    return torch.tensor(m[:, :nd], dtype=torch.float32), torch.tensor(m[:, nd:], dtype=torch.float32)


def he_(linear, before_relu):
    if before_relu:
        torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
    else:
        torch.nn.init.xavier_uniform_(linear.weight)
    torch.nn.init.zeros_(linear.bias)


def tower(width, hidden, init):
    a, b = torch.nn.Linear(width, hidden), torch.nn.Linear(hidden, 1)
    if init == "he":
        he_(a, True)
        he_(b, False)
    return torch.nn.Sequential(a, torch.nn.ReLU(), b)


class SharedBottom(torch.nn.Module):
    def __init__(self, width, init, bottom=113, hidden=8, tasks=2):
        super().__init__()
        lin = torch.nn.Linear(width, bottom)
        if init == "he":
            he_(lin, True)
        self.bottom = torch.nn.Sequential(lin, torch.nn.ReLU())
        self.towers = torch.nn.ModuleList(tower(bottom, hidden, init) for _ in range(tasks))

    def forward(self, x):
        h = self.bottom(x)
        return [t(h).squeeze(1) for t in self.towers]


class MMoE(torch.nn.Module):
    def __init__(self, width, init, experts=8, expert=16, hidden=8, tasks=2):
        super().__init__()
        self.experts = torch.nn.ModuleList(torch.nn.Linear(width, expert) for _ in range(experts))
        self.gates = torch.nn.ModuleList(torch.nn.Linear(width, experts) for _ in range(tasks))
        if init == "he":
            for e in self.experts:
                he_(e, True)
            for g in self.gates:
                torch.nn.init.zeros_(g.weight)
                torch.nn.init.zeros_(g.bias)
        self.towers = torch.nn.ModuleList(tower(expert, hidden, init) for _ in range(tasks))

    def forward(self, x):
        e = torch.stack([torch.relu(expert(x)) for expert in self.experts], dim=1)  # [B, E, H]
        outs = []
        for gate, t in zip(self.gates, self.towers):
            w = torch.softmax(gate(x), dim=1).unsqueeze(2)  # [B, E, 1]
            outs.append(t((w * e).sum(1)).squeeze(1))
        return outs


def validation_mse(model, x, y):
    model.eval()
    with torch.no_grad():
        outs = model(x)
    model.train()
    return [float(((o - y[:, t]) ** 2).mean()) for t, o in enumerate(outs)]


def run(kind, init, seed, train, valid):
    torch.manual_seed(seed)
    x, y = train
    model = (SharedBottom if kind == "shared-bottom" else MMoE)(x.shape[1], init)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    best, best_mse = float("inf"), None
    n = x.shape[0]
    for _ in range(args.epochs):
        order = torch.randperm(n)
        for s in range(0, n, args.batch):
            idx = order[s:s + args.batch]
            outs = model(x[idx])
            loss = sum(((o - y[idx, t]) ** 2).mean() for t, o in enumerate(outs))
            opt.zero_grad()
            loss.backward()
            opt.step()
        mse = validation_mse(model, *valid)
        if sum(mse) / len(mse) < best:
            best, best_mse = sum(mse) / len(mse), mse
    return best_mse


torch.set_num_threads(1)
train, valid = load(args.train), load(args.valid)
inits = args.inits.split(",")
print(json.dumps({
    "mse": {
        kind: {init: [run(kind, init, seed, train, valid) for seed in range(1, args.seeds + 1)] for init in inits}
        for kind in ["shared-bottom", "mmoe"]
    },
    "torch": torch.__version__,
}))
