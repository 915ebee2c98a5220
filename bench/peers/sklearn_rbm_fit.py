#!/usr/bin/env python3
"""Times scikit-learn's BernoulliRBM.fit on the data bench/suites/rbm.mjs wrote.

    python3 sklearn_rbm_fit.py CASE.json

CASE.json: {"rows", "visible", "hidden", "lr", "batch_size", "n_iter", "x": path, "rounds"} with x the
raw little-endian float32 rows x visible training data (the digits binarized at 8). Prints one JSON
object on stdout: {"ok": true, "sklearn": version, "ms": [...], "medianMs": ..., "cpuMs": [...], "medianCpuMs": ...}
(wall time, and the process's CPU time: on a shared machine the second is the steadier).

What is timed is the whole public call a user makes,
`BernoulliRBM(n_components=hidden, learning_rate=lr, batch_size=batch_size, n_iter=n_iter,
random_state=round).fit(X)` on float64 data (scikit-learn's dtype for this model): PCD with one
Gibbs step per minibatch, BLAS limited to one thread as our kernel uses one.
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
        from sklearn.neural_network import BernoulliRBM
        from threadpoolctl import threadpool_limits
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "reason": f"import failed: {e}"}))
        return
    spec = json.load(open(sys.argv[1]))
    n, V, H = spec["rows"], spec["visible"], spec["hidden"]
    X = np.fromfile(spec["x"], dtype="<f4").astype(np.float64).reshape(n, V)
    times = []
    cpu = []
    with threadpool_limits(limits=1):
        for r in range(int(spec.get("rounds", 3))):
            model = BernoulliRBM(n_components=H, learning_rate=spec["lr"], batch_size=spec["batch_size"], n_iter=spec["n_iter"], random_state=r)
            t0 = time.perf_counter()
            c0 = time.process_time()
            model.fit(X)
            cpu.append((time.process_time() - c0) * 1e3)
            times.append((time.perf_counter() - t0) * 1e3)
    s = sorted(times)
    c = sorted(cpu)
    print(json.dumps({"ok": True, "sklearn": sklearn.__version__, "numpy": np.__version__, "ms": times, "medianMs": s[len(s) // 2],
                      "cpuMs": cpu, "medianCpuMs": c[len(c) // 2]}))


if __name__ == "__main__":
    main()
