#!/usr/bin/python3
"""Golden sparse-coding fixtures from scikit-learn: writes test/fixtures/sparse-sklearn.json.

What it makes, on the UCI digits scaled to [0, 1] (data/digits.csv.gz, 1797x64):

* encode cases: two fixed dictionaries of 32 unit-norm atoms that our code never
  learned ('gaussian': normal draws, nearly orthogonal; 'digits': 32 digit
  images, strongly correlated, hard for coordinate descent) at lambda = 1 and
  0.1. For each: the objective 1/2|y - D'z|^2 + lambda|z|_1 of every row at the
  lasso optimum (scikit-learn's Lasso, the solver behind
  `sparse_encode(algorithm='lasso_cd')`, run to tol 1e-12 so it is exact to
  f64 round-off), the codes of the first CODE_ROWS rows, and the summed
  objective of a default `sparse_encode(X, D, algorithm='lasso_cd', alpha=lambda)`
  (its own tol 1e-4) for reference.
* dictionary learning: `DictionaryLearning(n_components=32, alpha=1,
  max_iter=100, fit_algorithm='cd', random_state=0)`; its last `error_` and the
  objective of its `components_` with exact codes (sum over rows of
  min_z E(y, z)), the number our fit must stay within 1.02x of.

The lasso objective of scikit-learn is (1/(2 n)) |y - D'z|^2 + alpha |z|_1 with
n = 64 (the pixels are its samples); alpha = lambda / 64 gives the same minimizer
and 1/64 of our objective. `sparse_encode` does this scaling itself.

Dictionaries are rounded to float32 first and stored as those exact values, so
both sides code with the same atoms; scikit-learn computes in float64.

Made with: Debian 12 python3 3.11.2, python3-sklearn 1.2.1, python3-numpy 1.24.2
(the versions used are written into the fixture). Run from the repository root:

    apt-get update && apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/make_sparse_fixtures.py

Deterministic: fixed numpy seeds; re-running gives the same file on the same versions.
"""

import gzip
import json
import os
import platform
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import DictionaryLearning, sparse_encode
from sklearn.linear_model import Lasso

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "test", "fixtures", "sparse-sklearn.json")
DATA = os.path.join(ROOT, "data", "digits.csv.gz")
if not os.path.exists(DATA):
    DATA = "/work/shared/data/digits.csv.gz"

N_ATOMS = 32
LAMBDAS = [1.0, 0.1]
CODE_ROWS = 64
EXACT_TOL = 1e-12


def digits():
    with gzip.open(DATA, "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    return rows[:, :64] / 16.0  # k/16 is exact in float32 and float64


def unit_f32(D):
    D = D / np.linalg.norm(D, axis=1, keepdims=True)
    return D.astype(np.float32).astype(np.float64)


def exact_codes(X, D, lam):
    d = X.shape[1]
    gram = D @ D.T
    clf = Lasso(alpha=lam / d, fit_intercept=False, precompute=gram, max_iter=200000, tol=EXACT_TOL)
    clf.fit(D.T, X.T)
    return np.atleast_2d(clf.coef_)


def objective_rows(X, D, Z, lam):
    R = X - Z @ D
    return 0.5 * np.sum(R * R, axis=1) + lam * np.sum(np.abs(Z), axis=1)


def main():
    X = digits()
    n, d = X.shape
    rng = np.random.default_rng(20251130)
    dictionaries = {
        "gaussian": unit_f32(rng.standard_normal((N_ATOMS, d))),
        "digits": unit_f32(X[rng.choice(n, N_ATOMS, replace=False)]),
    }
    encode = []
    for name, D in dictionaries.items():
        for lam in LAMBDAS:
            Z = exact_codes(X, D, lam)
            obj = objective_rows(X, D, Z, lam)
            t0 = time.perf_counter()
            Zd = sparse_encode(X, D, algorithm="lasso_cd", alpha=lam, n_jobs=1)
            ms = (time.perf_counter() - t0) * 1e3
            od = objective_rows(X, D, Zd, lam)
            encode.append({
                "dictionary": name,
                "lambda": lam,
                "atoms": D.astype(np.float32).tolist(),
                "objective": obj.tolist(),
                "objectiveSum": float(obj.sum()),
                "codes": Z[:CODE_ROWS].tolist(),
                "nonzeros": float(np.mean(np.sum(Z != 0, axis=1))),
                "defaultSparseEncodeObjectiveSum": float(od.sum()),
                "defaultSparseEncodeMs": ms,
            })
            print(f"{name} lambda={lam}: objective {obj.sum():.6f}, default sparse_encode {od.sum():.6f} "
                  f"({ms:.0f} ms), mean nonzeros {encode[-1]['nonzeros']:.2f}", file=sys.stderr)

    dl = DictionaryLearning(n_components=N_ATOMS, alpha=1.0, max_iter=100, fit_algorithm="cd", random_state=0)
    t0 = time.perf_counter()
    dl.fit(X)
    fit_s = time.perf_counter() - t0
    C = dl.components_
    Zc = exact_codes(X, C, 1.0)
    learned = float(objective_rows(X, C, Zc, 1.0).sum())
    print(f"DictionaryLearning: error_[-1] {dl.error_[-1]:.4f}, exact objective {learned:.4f}, "
          f"{dl.n_iter_} iterations, {fit_s:.1f} s", file=sys.stderr)

    out = {
        "made_by": "scripts/make_sparse_fixtures.py",
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "data": "UCI digits (1797x64) / 16",
        "exactTol": EXACT_TOL,
        "encode": encode,
        "dictionaryLearning": {
            "nAtoms": N_ATOMS,
            "lambda": 1.0,
            "maxIter": 100,
            "fitAlgorithm": "cd",
            "randomState": 0,
            "nIter": int(dl.n_iter_),
            "lastError": float(dl.error_[-1]),
            "objective": learned,
            "seconds": fit_s,
        },
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
