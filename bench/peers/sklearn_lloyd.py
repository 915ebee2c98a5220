#!/usr/bin/env python3
"""Times one scikit-learn Lloyd iteration on the data run.mjs wrote.

Invoked by bench/run.mjs when EBM_BENCH_PEERS=1 or --peers is given:

    python3 sklearn_lloyd.py CASES.json

CASES.json: {"cases": [{"name", "n", "d", "k", "x": path, "c": path}], "max_time": s}
with x / c raw little-endian float32 row-major files (n×d data, k×d centres).
Prints one JSON object on stdout: {"ok": true, "sklearn": version, "results": [...]}.

What is timed is sklearn's own per-iteration kernel
`sklearn.cluster._k_means_lloyd.lloyd_iter_chunked_dense` (assignment by
chunked sgemm + argmin, then centre update), exactly what
`KMeans(algorithm="lloyd")` calls once per iteration, on float32 data, with
n_threads=1 and BLAS limited to one thread (threadpoolctl). The centres it
reads are never modified, so every call does the same work. Not included:
KMeans.fit's validation, data centring, x_squared_norms and the final
re-assignment pass.
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
        from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense
        from threadpoolctl import threadpool_limits, threadpool_info
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "reason": f"import failed: {e}"}))
        return

    spec = json.load(open(sys.argv[1]))
    max_time = float(spec.get("max_time", 2.0))
    results = []
    with threadpool_limits(limits=1):
        blas = [
            {k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for p in threadpool_info()
        ]
        for case in spec["cases"]:
            n, d, k = case["n"], case["d"], case["k"]
            X = np.fromfile(case["x"], dtype="<f4").reshape(n, d)
            C0 = np.fromfile(case["c"], dtype="<f4").reshape(k, d)
            w = np.ones(n, dtype=np.float32)
            centers_new = np.zeros_like(C0)
            wic = np.zeros(k, dtype=np.float32)
            labels = np.full(n, -1, dtype=np.int32)
            shift = np.zeros(k, dtype=np.float32)

            def step():
                lloyd_iter_chunked_dense(X, w, C0, centers_new, wic, labels, shift, 1)

            for _ in range(3):
                step()  # warm-up
            # like benchmark.js: samples of ≥ 50 ms each (several calls), median per call
            t0 = time.perf_counter()
            step()
            one = time.perf_counter() - t0
            per_sample = max(1, int(0.05 / max(one, 1e-9)))
            samples = []
            start = time.perf_counter()
            while len(samples) < 5 or (time.perf_counter() - start < max_time and len(samples) < 200):
                t0 = time.perf_counter()
                for _ in range(per_sample):
                    step()
                samples.append((time.perf_counter() - t0) / per_sample * 1e3)
            samples.sort()
            m = len(samples) // 2
            med = samples[m] if len(samples) % 2 else (samples[m - 1] + samples[m]) / 2
            results.append({
                "name": case["name"],
                "ms": med,
                "samples": len(samples),
                "callsPerSample": per_sample,
                "centres": centers_new.reshape(-1).tolist(),
            })
    print(json.dumps({
        "ok": True,
        "python": sys.version.split()[0],
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "blas": blas,
        "timed": "sklearn.cluster._k_means_lloyd.lloyd_iter_chunked_dense, float32, n_threads=1, BLAS 1 thread",
        "results": results,
    }))


if __name__ == "__main__":
    main()
