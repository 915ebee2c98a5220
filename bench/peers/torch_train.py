#!/usr/bin/env python3
"""Times one contrastive training iteration in PyTorch, for bench/suites/train.mjs.

Invoked by bench/run.mjs with --peers (or EBM_BENCH_PEERS=1):

    /usr/bin/python3 torch_train.py CASES.json

CASES.json: {"max_time": s, "settings": {steps, stepSize, noiseScale, bufferSize,
reinit, lr, beta1, beta2, eps}, "cases": [{"name", "sizes": [D, H, ..., 1],
"batch": B, "rows": n, "activation": "silu", "lo": [...], "hi": [...], "seed",
"theta", "data", "p", "n"}]} with raw little-endian float32 files: theta θ0 in
MLPEnergy's layout (W_l out × in row-major, then b_l), data n×D, p and n one
batch and its finished negatives (B×D each) for the equivalence check.
Prints one JSON object on stdout: {"ok": true, "torch": version, "threads": 1,
"results": [{"name", "ms", "madMs", "samples", "checkLoss", "checkTheta1"}]}.

One iteration, float32, one thread (torch.set_num_threads(1)), written as a
PyTorch user would (Du & Mordatch-style replay buffer):
  batch        the next B rows of a shuffled order of the data
  starts       from the replay buffer (a tensor), a fraction `reinit` (all of
               them while the buffer is empty) fresh uniform noise in [lo, hi]
  Langevin     20 × { y.requires_grad_(); g = autograd.grad(net(y).sum(), y);
               y = (y − ε·g + √(2ε)·randn).detach() }
  buffer       the finished negatives written back (new rows while it fills)
  update       loss = net(P).mean() − net(N).mean(); zero_grad; backward;
               torch.optim.Adam(lr, betas, eps).step()
Each sample is the mean of enough iterations to last ≥ 20 ms; the figure is the
median of the samples (Python's own overhead included, as a user pays it).
The check: from θ0, one update on the given p and n; returns loss and θ1.
"""
import json
import math
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
    max_time = float(spec.get("max_time", 3.0))
    st = spec["settings"]
    acts = {"silu": nn.SiLU, "relu": nn.ReLU, "tanh": nn.Tanh, "softplus": nn.Softplus, "elu": nn.ELU}
    results = []
    for case in spec["cases"]:
        sizes, B, n = case["sizes"], case["batch"], case["rows"]
        D = sizes[0]
        torch.manual_seed(case.get("seed", 0))
        theta = np.fromfile(case["theta"], dtype="<f4")
        data = torch.from_numpy(np.fromfile(case["data"], dtype="<f4").reshape(n, D).copy())
        lo = torch.tensor(case["lo"], dtype=torch.float32)
        hi = torch.tensor(case["hi"], dtype=torch.float32)

        def make_net():
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
            return nn.Sequential(*mods)

        def make_opt(net):
            return torch.optim.Adam(net.parameters(), lr=st["lr"], betas=(st["beta1"], st["beta2"]), eps=st["eps"])

        # --- the check: one update from θ0 on the given batch and negatives
        net = make_net()
        opt = make_opt(net)
        P0 = torch.from_numpy(np.fromfile(case["p"], dtype="<f4").reshape(B, D).copy())
        N0 = torch.from_numpy(np.fromfile(case["n"], dtype="<f4").reshape(B, D).copy())
        loss = net(P0).mean() - net(N0).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        check_loss = float(loss.item())
        check_theta1 = torch.cat([p.detach().reshape(-1) for p in net.parameters()]).tolist()

        # --- the timed iteration
        net = make_net()
        opt = make_opt(net)
        size = st["bufferSize"]
        buf = torch.empty(size, D)
        state = {"count": 0, "perm": torch.randperm(n), "cursor": n}
        eps = st["stepSize"]
        noise = math.sqrt(2 * eps) * st["noiseScale"]

        def iterate():
            if state["cursor"] + B > n:
                state["perm"] = torch.randperm(n)
                state["cursor"] = 0
            P = data[state["perm"][state["cursor"]:state["cursor"] + B]]
            state["cursor"] += B
            count = state["count"]
            fresh_pts = lo + torch.rand(B, D) * (hi - lo)
            if count == 0:
                y = fresh_pts
                rows = torch.arange(B) if B <= size else None
                fresh = torch.ones(B, dtype=torch.bool)
            else:
                rows = torch.randint(0, count, (B,))
                fresh = torch.rand(B) < st["reinit"]
                y = torch.where(fresh[:, None], fresh_pts, buf[rows])
            for _ in range(st["steps"]):
                y.requires_grad_(True)
                (g,) = torch.autograd.grad(net(y).sum(), y)
                y = (y - eps * g + noise * torch.randn_like(y)).detach()
            # back into the buffer: fresh rows take new slots while it fills
            if count == 0:
                k = min(B, size)
                buf[:k] = y[:k]
                state["count"] = k
            else:
                new = fresh & (torch.cumsum(fresh.long(), 0) - 1 + count < size)
                k = int(new.sum())
                if k:
                    buf[count:count + k] = y[new]
                    state["count"] = count + k
                keep = ~new
                buf[rows[keep]] = y[keep]
            loss = net(P).mean() - net(y).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

        for _ in range(5):
            iterate()
        reps = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(reps):
                iterate()
            if time.perf_counter() - t0 >= 20e-3:
                break
            reps *= 2
        samples, t_end = [], time.perf_counter() + max_time
        while time.perf_counter() < t_end or len(samples) < 5:
            t0 = time.perf_counter()
            for _ in range(reps):
                iterate()
            samples.append((time.perf_counter() - t0) / reps * 1e3)
        med = statistics.median(samples)
        mad = statistics.median([abs(s - med) for s in samples])
        results.append({"name": case["name"], "ms": med, "madMs": mad, "samples": len(samples),
                        "checkLoss": check_loss, "checkTheta1": check_theta1})
    print(json.dumps({"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "config": torch.__config__.parallel_info().splitlines()[:6], "results": results}))


if __name__ == "__main__":
    main()
