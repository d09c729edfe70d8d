"""PyTorch reference for bench/adult: the same MMoE as mtrec's (embeddings of 8 per field,
4 experts 64-32, a softmax gate per task, towers 32-1), initialised as mtrec initialises it
(--init: "pytorch" leaves nn.Linear's default; "he" is mtrec's former scheme; embeddings
N(0, --embedding-std²)), trained the same way (Adam, batch 256, early stopping on the mean
validation AUC), on the rows mtrec encoded: the CSVs hold its vocabulary ids, standardised
dense values and labels, so preprocessing is identical.
Prints one JSON object with each task's validation AUC per seed (scikit-learn's roc_auc_score)."""
import argparse
import json

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

parser = argparse.ArgumentParser()
parser.add_argument("--train", required=True)
parser.add_argument("--valid", required=True)
parser.add_argument("--cardinalities", required=True)
parser.add_argument("--seeds", type=int, default=3)
parser.add_argument("--epochs", type=int, default=12)
parser.add_argument("--batch", type=int, default=256)
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--patience", type=int, default=2)
parser.add_argument("--init", choices=["pytorch", "he"], default="pytorch")
parser.add_argument("--embedding-std", type=float, default=0.01)
args = parser.parse_args()

TASKS = ["income", "never_married"]
cards = [int(c) for c in args.cardinalities.split(",")]


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    m = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    ns = sum(1 for h in header if h.startswith("s"))
    nd = sum(1 for h in header if h.startswith("d"))
    ids = torch.tensor(m[:, :ns], dtype=torch.long)
    dense = torch.tensor(m[:, ns:ns + nd], dtype=torch.float32)
    labels = torch.tensor(m[:, ns + nd:], dtype=torch.float32)
    return ids, dense, labels


def mlp(sizes):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        lin = torch.nn.Linear(a, b)
        if args.init == "he":
            torch.nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            torch.nn.init.zeros_(lin.bias)
        layers += [lin, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers)


class MMoE(torch.nn.Module):
    def __init__(self, n_dense, dim=8, experts=4, hidden=(64, 32), tower=32, tasks=2):
        super().__init__()
        self.embs = torch.nn.ModuleList(torch.nn.Embedding(c, dim) for c in cards)
        for e in self.embs:
            torch.nn.init.normal_(e.weight, std=args.embedding_std)
        width = len(cards) * dim + n_dense
        self.experts = torch.nn.ModuleList(mlp([width, *hidden]) for _ in range(experts))
        self.gates = torch.nn.ModuleList(torch.nn.Linear(width, experts) for _ in range(tasks))
        if args.init == "he":
            for g in self.gates:
                torch.nn.init.zeros_(g.weight)
                torch.nn.init.zeros_(g.bias)
        self.towers = torch.nn.ModuleList()
        for _ in range(tasks):
            out = torch.nn.Linear(tower, 1)
            if args.init == "he":
                torch.nn.init.xavier_uniform_(out.weight)
                torch.nn.init.zeros_(out.bias)
            self.towers.append(torch.nn.Sequential(mlp([hidden[-1], tower]), out))

    def forward(self, ids, dense):
        x = torch.cat([e(ids[:, i]) for i, e in enumerate(self.embs)] + [dense], dim=1)
        experts = torch.stack([e(x) for e in self.experts], dim=1)  # [B, E, H]
        outs = []
        for gate, tower in zip(self.gates, self.towers):
            w = torch.softmax(gate(x), dim=1).unsqueeze(2)  # [B, E, 1]
            outs.append(tower((w * experts).sum(1)).squeeze(1))
        return outs


def evaluate(model, ids, dense, labels):
    model.eval()
    with torch.no_grad():
        outs = model(ids, dense)
    model.train()
    return [roc_auc_score(labels[:, t].numpy(), torch.sigmoid(o).numpy()) for t, o in enumerate(outs)]


def run(seed, train, valid):
    torch.manual_seed(seed)
    ids, dense, labels = train
    model = MMoE(dense.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    best, best_aucs, since = -1.0, None, 0
    n = ids.shape[0]
    for _ in range(args.epochs):
        order = torch.randperm(n)
        for s in range(0, n, args.batch):
            idx = order[s:s + args.batch]
            outs = model(ids[idx], dense[idx])
            loss = sum(loss_fn(o, labels[idx, t]) for t, o in enumerate(outs))
            opt.zero_grad()
            loss.backward()
            opt.step()
        aucs = evaluate(model, *valid)
        mean = sum(aucs) / len(aucs)
        if mean > best:
            best, best_aucs, since = mean, aucs, 0
        else:
            since += 1
            if since >= args.patience:
                break
    return best_aucs


torch.set_num_threads(1)
train, valid = load(args.train), load(args.valid)
runs = [run(seed, train, valid) for seed in range(1, args.seeds + 1)]
print(json.dumps({
    "auc": {task: [r[t] for r in runs] for t, task in enumerate(TASKS)},
    "torch": torch.__version__,
}))
