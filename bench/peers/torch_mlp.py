#!/usr/bin/env python3
"""Times PyTorch on the MLP energy workloads that bench/suites/mlp.mjs wrote.

Invoked by bench/run.mjs with --peers (or EBM_BENCH_PEERS=1):

    /usr/bin/python3 torch_mlp.py CASES.json

CASES.json: {"max_time": s, "cases": [{"name", "sizes": [D, H, ..., 1], "batch": B,
"activation": "silu", "theta": path, "y": path, "w": path}]} with raw little-endian
float32 files: theta in MLPEnergy's layout (W_l out × in row-major, then b_l), y B×D,
w the B row weights. Prints one JSON object on stdout:
{"ok": true, "torch": version, "threads": 1, "results": [{"name", "inputGradMs",
"paramGradMs", "samples", "grad": [...], "paramGrad": [...]}]}.

What is timed, float32, one thread (torch.set_num_threads(1)), median of
repeated samples, each sample the mean of enough calls to last ≥ 2 ms:
  inputGrad  y.requires_grad; torch.autograd.grad(net(y).sum(), y) — the
             input-gradient call of the issue's reference figures
  paramGrad  torch.autograd.grad((w · net(y)).sum(), θ) — one contrastive step
Python's own call overhead is included, as a PyTorch user pays it.
"""
import json
import statistics
import sys
import time


def main():
    try:
        import numpy as np
        import torch
        from torch import nn
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ok": False, "reason": f"import failed: {e}"}))
        return
    torch.set_num_threads(1)
    spec = json.load(open(sys.argv[1]))
    max_time = float(spec.get("max_time", 2.0))
    acts = {"silu": nn.SiLU, "relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus, "elu": nn.ELU,
            "gelu": lambda: nn.GELU(approximate="tanh"), "leaky_relu": lambda: nn.LeakyReLU(0.01)}
    results = []
    for case in spec["cases"]:
        sizes, n = case["sizes"], case["batch"]
        theta = np.fromfile(case["theta"], dtype="<f4")
        Y = torch.from_numpy(np.fromfile(case["y"], dtype="<f4").reshape(n, sizes[0]).copy())
        w = torch.from_numpy(np.fromfile(case["w"], dtype="<f4").copy())
        mods, off = [], 0
        for l in range(1, len(sizes)):
            lin = nn.Linear(sizes[l - 1], sizes[l])
            with torch.no_grad():
                k = sizes[l] * sizes[l - 1]
                lin.weight.copy_(torch.from_numpy(theta[off:off + k].reshape(sizes[l], sizes[l - 1]).copy()))
                lin.bias.copy_(torch.from_numpy(theta[off + k:off + k + sizes[l]].copy()))
                off += k + sizes[l]
            mods.append(lin)
            if l < len(sizes) - 1:
                mods.append(acts[case["activation"]]())
        net = nn.Sequential(*mods)
        params = list(net.parameters())

        def input_grad():
            y = Y.clone().requires_grad_(True)
            (g,) = torch.autograd.grad(net(y).sum(), y)
            return g

        def param_grad():
            return torch.autograd.grad((w * net(Y)[:, 0]).sum(), params)

        def timeit(fn):
            for _ in range(20):
                fn()
            reps = 1
            while True:
                t0 = time.perf_counter()
                for _ in range(reps):
                    fn()
                if time.perf_counter() - t0 >= 2e-3:
                    break
                reps *= 2
            samples, t_end = [], time.perf_counter() + max_time
            while time.perf_counter() < t_end or len(samples) < 5:
                t0 = time.perf_counter()
                for _ in range(reps):
                    fn()
                samples.append((time.perf_counter() - t0) / reps * 1e3)
            return statistics.median(samples), len(samples)

        ig_ms, ig_n = timeit(input_grad)
        pg_ms, pg_n = timeit(param_grad)
        results.append({
            "name": case["name"],
            "inputGradMs": ig_ms,
            "paramGradMs": pg_ms,
            "samples": min(ig_n, pg_n),
            "grad": input_grad().reshape(-1).tolist(),
            "paramGrad": torch.cat([g.reshape(-1) for g in param_grad()]).tolist(),
        })
    print(json.dumps({"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "config": torch.__config__.parallel_info().splitlines()[:6], "results": results}))


if __name__ == "__main__":
    main()
