#!/usr/bin/python3
"""Golden RBM fixture from scikit-learn: writes test/fixtures/rbm-sklearn.json.

What it makes:
  * parity cases: BernoulliRBM objects with given weights (a random 16 x 12 model
    and the digits model below) and rows of V (binary, and probabilities), with
    scikit-learn's free energies (_free_energy), transform (p(h=1|v)) and
    score_samples (pseudo-likelihood) for fixed flipped indices (the script
    replaces score_samples' random indices by the stored ones, same formula);
  * the digits target: the UCI digits binarized at 8 (pixel >= 8 -> 1), rows
    0..1499 for training and 1500..1796 held out, BernoulliRBM(n_components=20,
    learning_rate=0.05, batch_size=10, n_iter=30, random_state=0) fitted on the
    training rows, its fit time, and its exact held-out log-likelihood per digit
    (log Z by enumerating all 2^20 hidden states, in float64).
The tests compare our WASM RBM against these numbers; they never run Python.

Made with: Debian 12 python3 3.11, python3-sklearn 1.2.1, python3-numpy 1.24
(the versions actually used are written into the fixture). Run from the
repository root with the Debian python (a pyenv python3 may shadow it on PATH):

    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/make_rbm_fixtures.py

f32 parity: every weight is rounded to float32 and stored as that exact value;
scikit-learn then runs in float64 on the rounded weights, so the only
difference left is our float32 arithmetic.
"""

import gzip
import json
import os
import platform
import time

import numpy as np
import sklearn
from scipy.special import expit
from sklearn.neural_network import BernoulliRBM
from sklearn.utils.extmath import log_logistic

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "rbm-sklearn.json")
DIGITS = "/work/shared/data/digits.csv.gz"
SPLIT = 1500


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rbm_with(W, b, c):
    r = BernoulliRBM(n_components=W.shape[0])
    r.components_ = f32(W)
    r.intercept_visible_ = f32(b)
    r.intercept_hidden_ = f32(c)
    r.n_features_in_ = W.shape[1]
    r.h_samples_ = np.zeros((1, W.shape[0]))
    return r


def pseudo_likelihood(r, v, idx):
    # score_samples with the flipped indices given instead of drawn
    v_ = v.copy()
    v_[np.arange(v.shape[0]), idx] = 1 - v_[np.arange(v.shape[0]), idx]
    return v.shape[1] * log_logistic(r._free_energy(v_) - r._free_energy(v))


def parity_case(name, r, V, rng):
    idx = rng.randint(0, V.shape[1], V.shape[0])
    return {
        "name": name,
        "W": r.components_.tolist(),
        "b": r.intercept_visible_.tolist(),
        "c": r.intercept_hidden_.tolist(),
        "V": V.tolist(),
        "freeEnergy": r._free_energy(V).tolist(),
        "transform": r.transform(V).tolist(),
        "indices": idx.tolist(),
        "pseudoLikelihood": pseudo_likelihood(r, V, idx).tolist(),
    }


def exact_log_z(W, b, c):
    """log sum_h exp(c.h + sum_k softplus(b_k + (W^T h)_k)) over all 2^H hidden states, float64."""
    H = W.shape[0]
    total = -np.inf
    chunk = 1 << min(H, 16)
    bits = np.arange(H)
    for start in range(0, 1 << H, chunk):
        states = ((np.arange(start, start + chunk)[:, None] >> bits) & 1).astype(np.float64)
        t = states @ c + np.logaddexp(0, states @ W + b).sum(axis=1)
        total = np.logaddexp(total, np.logaddexp.reduce(t))
    return float(total)


def main():
    rng = np.random.RandomState(20261130)
    cases = []
    # a random model with weights large enough that the softplus and sigmoid tails matter
    W = rng.normal(0, 1.5, (12, 16))
    b = rng.normal(0, 1, 16)
    c = rng.normal(0, 1, 12)
    r = rbm_with(W, b, c)
    Vb = (rng.uniform(size=(40, 16)) < 0.5).astype(np.float64)
    Vp = f32(rng.uniform(size=(10, 16)))
    cases.append(parity_case("random-16x12-binary", r, Vb, rng))
    cases.append(parity_case("random-16x12-probabilities", r, Vp, rng))

    with gzip.open(DIGITS, "rt") as f:
        raw = np.loadtxt(f, delimiter=",")
    X = (raw[:, :64] >= 8).astype(np.float64)
    train, test = X[:SPLIT], X[SPLIT:]
    sk = BernoulliRBM(n_components=20, learning_rate=0.05, batch_size=10, n_iter=30, random_state=0)
    t0 = time.perf_counter()
    sk.fit(train)
    fit_seconds = time.perf_counter() - t0
    d = rbm_with(sk.components_, sk.intercept_visible_, sk.intercept_hidden_)
    log_z = exact_log_z(d.components_, d.intercept_visible_, d.intercept_hidden_)
    heldout = float(np.mean(-d._free_energy(test) - log_z))
    train_ll = float(np.mean(-d._free_energy(train) - log_z))
    cases.append(parity_case("digits-64x20-sklearn", d, test[:50], rng))

    fixture = {
        "tool": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {platform.python_version()}",
        "script": "scripts/make_rbm_fixtures.py",
        "cases": cases,
        "digits": {
            "binarize": "pixel >= 8",
            "split": SPLIT,
            "sklearn": "BernoulliRBM(n_components=20, learning_rate=0.05, batch_size=10, n_iter=30, random_state=0)",
            "fitSeconds": fit_seconds,
            "logZ": log_z,
            "heldoutLogLikelihood": heldout,
            "trainLogLikelihood": train_ll,
            "caseName": "digits-64x20-sklearn",
        },
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f)
    print(f"wrote {OUT}: sklearn held-out LL {heldout:.3f} nats/digit (train {train_ll:.3f}), log Z {log_z:.4f}, fit {fit_seconds:.2f} s")


if __name__ == "__main__":
    main()
