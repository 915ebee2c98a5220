#!/usr/bin/python3
"""Golden PCA and Gaussian-mixture fixtures from scikit-learn: writes
test/fixtures/mixture-sklearn.json. The tests compare PCAEnergy and
GaussianMixtureEBM against it; they never run Python.

Made with: Debian 12 python3 3.11.2, python3-sklearn 1.2.1, python3-numpy 1.24.2
(the versions actually used are written into the fixture). Run from the
repository root with the Debian python (a pyenv python3 may shadow it):

    apt-get install -y python3-sklearn
    /usr/bin/python3 scripts/make_mixture_fixtures.py

Deterministic: fixed numpy seeds per case. Data are rounded to float32 first
and stored as those exact values (our models keep data in f32); scikit-learn
runs in float64 on them.

Mixtures start from the same point on both sides: means_init, weights_init and
precisions_init are given to scikit-learn, and the fixture stores the matching
initial covariances (float64, the inverse of precisions_init) for our `init`.
The initial covariances are those of the hard assignment of every row to its
nearest initial mean, plus reg_covar, so EM starts from a sensible place.
"""

import json
import os
import platform

import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "mixture-sklearn.json")


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def correlated(rng, n, d, rank_scale):
    A = rng.normal(size=(d, d)) * rank_scale
    return f32(rng.normal(size=(n, d)) @ A + rng.normal(size=d) * 3)


def pca_case(name, seed, n, d, q):
    rng = np.random.default_rng(seed)
    X = correlated(rng, n, d, np.linspace(2.0, 0.2, d)[:, None])
    Y = correlated(rng, 8, d, np.linspace(2.0, 0.2, d)[:, None])
    p = PCA(n_components=q, svd_solver="full").fit(X)
    return {
        "name": name, "n": n, "d": d, "components": q,
        "X": X.tolist(), "Y": Y.tolist(),
        "mean": p.mean_.tolist(), "axes": p.components_.tolist(),
        "explainedVariance": p.explained_variance_.tolist(),
        "explainedVarianceRatio": p.explained_variance_ratio_.tolist(),
        "transformY": p.transform(Y).tolist(),
    }


def blobs(rng, n, k, d, spread):
    centres = rng.normal(size=(k, d)) * spread
    parts = []
    for j in range(k):
        A = rng.normal(size=(d, d)) * rng.uniform(0.3, 1.2)
        parts.append(rng.normal(size=(n // k, d)) @ A + centres[j])
    X = np.concatenate(parts)
    rng.shuffle(X)
    return f32(X)


def init_from_means(X, means, cov_type, reg):
    k, d = means.shape
    lab = np.argmin(((X[:, None, :] - means[None]) ** 2).sum(-1), axis=1)
    w = np.array([(lab == j).mean() for j in range(k)])
    covs = []
    for j in range(k):
        Z = X[lab == j] - X[lab == j].mean(0)
        C = Z.T @ Z / len(Z) + reg * np.eye(d)
        if cov_type == "diag":
            C = np.diag(C)
        elif cov_type == "spherical":
            C = np.diag(C).mean()
        covs.append(C)
    covs = np.array(covs)
    if cov_type == "full":
        prec = np.linalg.inv(covs)
    else:
        prec = 1.0 / covs
    return w, covs, prec


def gmm_case(name, seed, n, d, k, cov_type, max_iter, tol, reg):
    rng = np.random.default_rng(seed)
    X = blobs(rng, n, k, d, 4.0)
    Y = blobs(rng, 64, k, d, 4.0)
    means = f32(X[rng.choice(len(X), size=k, replace=False)])
    w, covs, prec = init_from_means(X, means, cov_type, reg)
    g = GaussianMixture(n_components=k, covariance_type=cov_type, tol=tol, reg_covar=reg, max_iter=max_iter,
                        weights_init=w, means_init=means, precisions_init=prec, random_state=0).fit(X)
    return {
        "name": name, "n": len(X), "d": d, "k": k, "covariance": cov_type, "maxIter": max_iter, "tol": tol, "regCovar": reg,
        "X": X.tolist(), "Y": Y.tolist(),
        "init": {"weights": w.tolist(), "means": means.tolist(), "covariances": covs.tolist()},
        "weights": g.weights_.tolist(), "means": g.means_.tolist(), "covariances": g.covariances_.tolist(),
        "nIter": int(g.n_iter_), "converged": bool(g.converged_), "lowerBound": float(g.lower_bound_),
        "scoreTrain": float(g.score(X)), "scoreY": float(g.score(Y)),
        "scoreSamplesY": g.score_samples(Y).tolist(), "probaY": g.predict_proba(Y).tolist(),
    }


def main():
    fixture = {
        "tool": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {platform.python_version()}",
        "pca": [
            pca_case("plane-2d", 1, 200, 2, 1),
            pca_case("correlated-6d", 2, 300, 6, 3),
            pca_case("full-rank-5d", 3, 50, 5, 5),
        ],
        "gmm": [
            gmm_case("full-2d", 11, 600, 2, 3, "full", 200, 1e-6, 1e-6),
            gmm_case("diag-3d", 12, 480, 3, 4, "diag", 200, 1e-6, 1e-6),
            gmm_case("spherical-2d", 13, 400, 2, 4, "spherical", 200, 1e-6, 1e-6),
            gmm_case("full-5d", 14, 800, 5, 4, "full", 300, 1e-7, 1e-3),
        ],
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    for c in fixture["gmm"]:
        print(c["name"], "n_iter", c["nIter"], "converged", c["converged"], "lower bound", c["lowerBound"])


if __name__ == "__main__":
    main()
