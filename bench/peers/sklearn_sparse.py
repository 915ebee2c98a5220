#!/usr/bin/env python3
"""Times scikit-learn's sparse_encode(algorithm='lasso_cd') on the data run.mjs wrote.

Invoked by bench/run.mjs when EBM_BENCH_PEERS=1 or --peers is given:

    python3 sklearn_sparse.py CASES.json

CASES.json: {"cases": [{"name", "n", "d", "k", "lambda", "x": path, "w": path}], "max_time": s}
with x / w raw little-endian float32 row-major files (n×d data, k×d atoms).
Prints one JSON object on stdout: {"ok": true, "sklearn": version, "results": [...]}.

What is timed is the whole public call a user makes,
`sparse_encode(X, W, algorithm='lasso_cd', alpha=lambda, n_jobs=1)`, with its
defaults (Lasso tol 1e-4, max_iter 1000), in float64 as scikit-learn converts
it, with BLAS limited to one thread (threadpoolctl). Each result carries the
summed objective of the codes, so the caller can check the accuracy it bought.
"""
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")


def main():
    try:
        import numpy as np
        import sklearn
        from sklearn.decomposition import sparse_encode
        from threadpoolctl import threadpool_limits
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "reason": f"import failed: {e}"}))
        return

    spec = json.load(open(sys.argv[1]))
    max_time = float(spec.get("max_time", 2.0))
    results = []
    with threadpool_limits(limits=1):
        for case in spec["cases"]:
            n, d, k, lam = case["n"], case["d"], case["k"], case["lambda"]
            X = np.fromfile(case["x"], dtype="<f4").reshape(n, d).astype(np.float64)
            W = np.fromfile(case["w"], dtype="<f4").reshape(k, d).astype(np.float64)

            def step():
                return sparse_encode(X, W, algorithm="lasso_cd", alpha=lam, n_jobs=1)

            Z = step()
            R = X - Z @ W
            objective = float(0.5 * np.sum(R * R) + lam * np.sum(np.abs(Z)))
            samples = []
            t_end = time.perf_counter() + max_time
            while len(samples) < 5 or time.perf_counter() < t_end:
                t0 = time.perf_counter()
                step()
                samples.append((time.perf_counter() - t0) * 1e3)
            samples.sort()
            results.append({"name": case["name"], "ms": samples[len(samples) // 2], "samples": len(samples), "objective": objective})
    print(json.dumps({"ok": True, "sklearn": sklearn.__version__, "timed": "sparse_encode(lasso_cd), one thread", "results": results}))


if __name__ == "__main__":
    main()
