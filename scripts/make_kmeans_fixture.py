#!/usr/bin/python3
"""Golden K-means fixture from scikit-learn: writes test/fixtures/kmeans-sklearn.json.

What it makes: four blob data sets (see CASES), each with fixed initial centres,
and scikit-learn's Lloyd result on them (labels, inertia, n_iter_, centres).
The tests compare our WASM Lloyd iteration against it; they never run Python.

Made with: Debian 12 python3 3.11.2, python3-sklearn 1.2.1, python3-numpy 1.24.2
(the versions actually used are written into the fixture).

Run from the repository root, with the Debian python (a pyenv python3 may shadow
it on PATH and lack scikit-learn):

    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/make_kmeans_fixture.py

Deterministic: every case has its own fixed numpy seed, so re-running gives the
same file byte for byte (on the same scikit-learn / numpy).

f32 parity: X and the initial centres are rounded to float32 first and stored as
those exact float32 values; scikit-learn runs in float64 on them. Centres and
inertia are scikit-learn's float64 results. The blobs are far apart and the
script checks, for every iteration, that each point's nearest centre beats the
runner-up by a wide relative margin and that a float32 Lloyd (both the direct
sum of squared differences and the |x|^2 - 2x.c + |c|^2 expansion) gives the
same labels at every iteration, so f32 round-off cannot flip a label.
"""

import json
import os
import platform
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "kmeans-sklearn.json")

MAX_ITER = 300
TOL = 0.0
# Smallest accepted (d2 - d1) / (|x|^2 + max|c|^2) over all points and iterations, where
# d1 < d2 are the two smallest squared distances. f32 epsilon is 6e-8, so 1e-3 leaves
# room for any sane summation order or the norm expansion.
MIN_RELATIVE_MARGIN = 1e-3
# Initial centres are random data points; draws are retried (same rng, so still
# deterministic) until Lloyd needs at least this many iterations and margins hold.
MIN_ITERATIONS = 3

CASES = [
    # name, seed, n, d, k, per-blob standard deviations, box half-width for the means,
    # minimum distance between means in units of (sd_i + sd_j)
    dict(name="blobs-2d-k5", seed=20240101, n=300, d=2, k=5, sds=[1.0] * 5, box=20.0, sep=6.0),
    dict(name="blobs-8d-k6", seed=20240102, n=500, d=8, k=6, sds=[1.0] * 6, box=10.0, sep=6.0),
    dict(name="unequal-spread-3d-k4", seed=20240103, n=200, d=3, k=4, sds=[0.3, 0.7, 1.5, 3.0], box=25.0, sep=6.0),
    dict(name="blobs-64d-k10", seed=20240104, n=400, d=64, k=10, sds=[1.0] * 10, box=5.0, sep=6.0),
]


def make_blobs(rng, n, d, k, sds, box, sep):
    """Gaussian blobs with means at least sep*(sd_i+sd_j) apart; points shuffled."""
    means = []
    while len(means) < k:
        m = rng.uniform(-box, box, size=d)
        i = len(means)
        if all(np.linalg.norm(m - means[j]) >= sep * (sds[i] + sds[j]) for j in range(i)):
            means.append(m)
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    X = np.concatenate([means[i] + sds[i] * rng.standard_normal((sizes[i], d)) for i in range(k)])
    truth = np.concatenate([np.full(sizes[i], i) for i in range(k)])
    order = rng.permutation(n)
    return X[order], truth[order]


def sqdist_direct(X, C, dtype):
    X = X.astype(dtype)
    C = C.astype(dtype)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2, dtype=dtype)


def sqdist_expanded(X, C, dtype):
    X = X.astype(dtype)
    C = C.astype(dtype)
    return (X * X).sum(1, dtype=dtype)[:, None] - dtype(2) * (X @ C.T) + (C * C).sum(1, dtype=dtype)[None, :]


def lloyd(X, C0, dtype, sqdist):
    """Plain Lloyd with scikit-learn's stopping rule (tol=0): stop when labels repeat.
    Returns (label history, centres, n_iter, min relative margin, empty cluster seen)."""
    C = C0.astype(dtype)
    Xd = X.astype(dtype)
    old = None
    history = []
    margin = np.inf
    empty = False
    for it in range(1, MAX_ITER + 1):
        D = sqdist(Xd, C, dtype)
        labels = np.argmin(D, axis=1)
        history.append(labels)
        # margin measured in float64 on the exact distances
        D64 = sqdist_direct(X, C.astype(np.float64), np.float64)
        two = np.sort(D64, axis=1)[:, :2]
        scale = (X.astype(np.float64) ** 2).sum(1) + (C.astype(np.float64) ** 2).sum(1).max()
        margin = min(margin, float(((two[:, 1] - two[:, 0]) / scale).min()))
        newC = np.empty_like(C)
        for j in range(C.shape[0]):
            members = Xd[labels == j]
            if len(members) == 0:
                empty = True
                newC[j] = C[j]
            else:
                newC[j] = members.sum(axis=0, dtype=np.float64).astype(dtype) / dtype(len(members))
        C = newC
        if old is not None and np.array_equal(labels, old):
            return history, C, it, margin, empty
        old = labels
    raise RuntimeError("Lloyd did not converge in MAX_ITER iterations")


def f32_list(a):
    """Exact float32 values as Python floats (JSON prints them with round-trip digits)."""
    return [[float(v) for v in row] for row in np.asarray(a, dtype=np.float32)]


def make_case(spec):
    rng = np.random.default_rng(spec["seed"])
    X64, truth = make_blobs(rng, spec["n"], spec["d"], spec["k"], spec["sds"], spec["box"], spec["sep"])
    X32 = X64.astype(np.float32)
    X = X32.astype(np.float64)  # the exact float32 values, held in float64

    for attempt in range(1, 1001):
        idx = np.sort(rng.choice(spec["n"], size=spec["k"], replace=False))
        # permute so centre order is not data order
        idx = idx[rng.permutation(spec["k"])]
        C0 = X[idx].copy()
        hist64, _, it64, margin, empty = lloyd(X, C0, np.float64, sqdist_direct)
        if empty or margin < MIN_RELATIVE_MARGIN or it64 < MIN_ITERATIONS:
            continue
        ok = True
        for sq in (sqdist_direct, sqdist_expanded):
            hist32, _, it32, _, empty32 = lloyd(X, C0, np.float32, sq)
            if empty32 or it32 != it64 or any(not np.array_equal(a, b) for a, b in zip(hist32, hist64)):
                ok = False
        if ok:
            break
    else:
        raise RuntimeError(f"{spec['name']}: no acceptable initial centres found")

    km = KMeans(
        n_clusters=spec["k"],
        init=C0.copy(),
        n_init=1,
        algorithm="lloyd",
        max_iter=MAX_ITER,
        tol=TOL,
        random_state=0,
    ).fit(X.copy())

    # scikit-learn must agree with the plain Lloyd that the margins were checked on
    assert km.n_iter_ == it64, (km.n_iter_, it64)
    assert np.array_equal(km.labels_, hist64[-1])
    assert len(set(km.labels_.tolist())) == spec["k"]

    recovered = len({(int(a), int(b)) for a, b in zip(km.labels_, truth)}) == spec["k"]
    print(
        f"{spec['name']}: n={spec['n']} d={spec['d']} k={spec['k']} nIter={km.n_iter_} "
        f"inertia={km.inertia_!r} minRelativeMargin={margin:.3g} attempts={attempt} "
        f"recoversBlobs={recovered}",
        file=sys.stderr,
    )
    return {
        "name": spec["name"],
        "n": spec["n"],
        "d": spec["d"],
        "k": spec["k"],
        "maxIter": MAX_ITER,
        "tol": TOL,
        "X": f32_list(X32),
        "initialCenters": f32_list(C0),
        "labels": [int(v) for v in km.labels_],
        "inertia": float(km.inertia_),
        "nIter": int(km.n_iter_),
        "centers": [[float(v) for v in row] for row in km.cluster_centers_],
        "minRelativeMargin": margin,
        "recoversBlobs": recovered,
    }


def main():
    cases = [make_case(spec) for spec in CASES]
    fixture = {
        "generator": "scripts/make_kmeans_fixture.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "notes": (
            "X and initialCenters are exact float32 values. KMeans(init=initialCenters, n_init=1, "
            "algorithm='lloyd', max_iter, tol=0, random_state=0) ran in float64 on them. labels[i] indexes "
            "initialCenters/centers. nIter counts assignment passes including the last one, whose labels "
            "equal the previous pass (strict convergence). centers and inertia are float64 "
            "(inertia = sum of squared distances to the assigned final centre). minRelativeMargin = "
            "min over points and iterations of (d2 - d1) / (|x|^2 + max_j |c_j|^2)."
        ),
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
