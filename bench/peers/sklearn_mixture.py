#!/usr/bin/env python3
"""Times scikit-learn's GaussianMixture.fit on the data run.mjs wrote.

Invoked by bench/suites/mixture.mjs with --peers (or EBM_BENCH_PEERS=1):

    python3 sklearn_mixture.py CASES.json

CASES.json: {"max_time": s, "cases": [{"name", "n", "d", "k", "iterations",
"x": path, "weights": [...], "means": [[...]], "covariances": [[[...]]]}]}
with x a raw little-endian float32 row-major n×d file.

Two fits per case, BLAS limited to one thread:
  "same start": GaussianMixture(covariance_type='full', weights_init, means_init,
      precisions_init = inverse covariances, init_params='random' (its random
      responsibilities are computed and then overridden by the given start, the
      cheapest init), tol=0, max_iter=iterations): exactly `iterations` EM steps,
      plus fit's validation and final E-step;
  "defaults": GaussianMixture(k, random_state=0).fit(X): k-means start, tol 1e-3.
Prints one JSON object on stdout: {"ok": true, "sklearn": version, "results": [...]}.
"""
import json
import os
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


def timed(fn, max_time):
    fn()  # warm-up (imports, caches)
    samples = []
    start = time.perf_counter()
    while len(samples) < 3 or (time.perf_counter() - start < max_time and len(samples) < 50):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e3)
    samples.sort()
    return samples[len(samples) // 2], len(samples)


def main():
    try:
        import numpy as np
        import sklearn
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.mixture import GaussianMixture
        from threadpoolctl import threadpool_limits
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "reason": f"import failed: {e}"}))
        return
    warnings.simplefilter("ignore", ConvergenceWarning)
    spec = json.load(open(sys.argv[1]))
    max_time = float(spec.get("max_time", 2.0))
    results = []
    with threadpool_limits(limits=1):
        for case in spec["cases"]:
            n, d, k, iters = case["n"], case["d"], case["k"], case["iterations"]
            X = np.fromfile(case["x"], dtype="<f4").reshape(n, d).astype(np.float64)
            w = np.array(case["weights"])
            mu = np.array(case["means"])
            prec = np.linalg.inv(np.array(case["covariances"]))
            same = lambda: GaussianMixture(k, covariance_type="full", weights_init=w, means_init=mu, precisions_init=prec,
                                           init_params="random", tol=0.0, max_iter=iters, random_state=0).fit(X)
            g = same()
            ms_same, s_same = timed(same, max_time)
            dflt = lambda: GaussianMixture(k, random_state=0).fit(X)
            gd = dflt()
            ms_dflt, s_dflt = timed(dflt, max_time)
            results.append({"name": case["name"], "sameStartMs": ms_same, "sameStartSamples": s_same, "lowerBound": float(g.lower_bound_),
                            "defaultsMs": ms_dflt, "defaultsSamples": s_dflt, "defaultsIterations": int(gd.n_iter_),
                            "defaultsLowerBound": float(gd.lower_bound_)})
    print(json.dumps({"ok": True, "sklearn": sklearn.__version__, "numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
