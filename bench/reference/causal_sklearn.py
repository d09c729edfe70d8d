"""scikit-learn reference for bench/causal: the same propensity model (L2 logistic
regression fitted to its optimum) and the same outcome models (linear regression per arm)
on the same CSV, then plain IPW and doubly robust (AIPW) ATEs. mtrec's λ is sklearn's 1/C;
λ = 0 is an unpenalised fit. Prints one JSON object with every propensity."""
import argparse
import json

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--covariates", required=True)
parser.add_argument("--treatment", default="t")
parser.add_argument("--outcome", default="y")
parser.add_argument("--l2", type=float, default=1.0)
args = parser.parse_args()

with open(args.data) as f:
    header = f.readline().strip().split(",")
m = np.loadtxt(args.data, delimiter=",", skiprows=1)
col = {name: i for i, name in enumerate(header)}
covariates = args.covariates.split(",")
x = m[:, [col[c] for c in covariates]]
t = m[:, col[args.treatment]]
y = m[:, col[args.outcome]]

if args.l2 > 0:
    model = LogisticRegression(C=1.0 / args.l2, tol=1e-12, max_iter=100_000)
else:
    model = LogisticRegression(penalty=None, tol=1e-12, max_iter=100_000)
model.fit(x, t)
e = model.predict_proba(x)[:, 1]

ipw = float(np.mean(y * (t - e) / (e * (1 - e))))
mu1 = LinearRegression().fit(x[t == 1], y[t == 1]).predict(x)
mu0 = LinearRegression().fit(x[t == 0], y[t == 0]).predict(x)
dr = float(np.mean(t * (y - mu1) / e + mu1) - np.mean((1 - t) * (y - mu0) / (1 - e) + mu0))

print(json.dumps({
    "sklearn": sklearn.__version__,
    "intercept": float(model.intercept_[0]),
    "coef": [float(c) for c in model.coef_[0]],
    "propensities": [float(v) for v in e],
    "ateIpw": ipw,
    "ateDr": dr,
}))
