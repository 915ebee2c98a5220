#!/usr/bin/env python3
"""Times scikit-learn's BernoulliRBM.gibbs (one block-Gibbs sweep) on the model run.mjs wrote.

Invoked by bench/suites/rbm.mjs when EBM_BENCH_PEERS=1 or --peers is given:

    python3 sklearn_rbm.py CASE.json

CASE.json: {"visible", "hidden", "chains", "theta": path, "v": path, "max_time": s} with
theta the raw little-endian float32 parameters (W hidden x visible, b, c) and v the
chains x visible start states. Prints one JSON object on stdout:
{"ok": true, "sklearn": version, "sweepsPerSecond": ..., "calls": ...}.

What is timed is `BernoulliRBM.gibbs(v)` on float64 data (scikit-learn's own dtype
for this model): p(h|v), a binomial draw, p(v|h), a binomial draw; BLAS limited to
one thread, as our kernel uses one.
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
    V, H, n = spec["visible"], spec["hidden"], spec["chains"]
    theta = np.fromfile(spec["theta"], dtype="<f4").astype(np.float64)
    v = np.fromfile(spec["v"], dtype="<f4").astype(np.float64).reshape(n, V)
    r = BernoulliRBM(n_components=H, random_state=0)
    r.components_ = theta[: H * V].reshape(H, V)
    r.intercept_visible_ = theta[H * V : H * V + V]
    r.intercept_hidden_ = theta[H * V + V :]
    r.random_state_ = np.random.RandomState(0)
    max_time = float(spec.get("max_time", 2.0))
    with threadpool_limits(limits=1):
        r.gibbs(v)  # warm-up
        calls = 0
        t0 = time.perf_counter()
        while True:
            v = r.gibbs(v)
            calls += 1
            el = time.perf_counter() - t0
            if el >= max_time and calls >= 3:
                break
    print(json.dumps({"ok": True, "sklearn": sklearn.__version__, "numpy": np.__version__, "sweepsPerSecond": calls / el, "calls": calls}))


if __name__ == "__main__":
    main()
