#!/usr/bin/python3
"""Golden MLPEnergy fixtures from PyTorch: writes test/fixtures/mlp-<name>.json.

What it makes: for each case in CASES, a PyTorch MLP (nn.Linear init from
torch.manual_seed) converted to the MLPEnergy JSON form by scripts/torch_to_ebm.py,
inputs Y (and X), and PyTorch's float64 results on exactly those float32 values:
energies F(x_i, y_i) = s·net([x_i, y_i]) + λ·||y_i||², input gradients ∂F/∂y, and
the parameter gradient Σ_i w_i ∂F_i/∂θ for row weights w_i = +1/B on the first half
of the batch and −1/B on the rest (a contrastive step). test/mlp-parity.test.ts
loads them with MLPEnergy.fromJSON; the tests never run Python.

Made with: Debian 12 python3 3.11.2, python3-torch 1.13.1, python3-numpy 1.24.2 (the
versions used are written into every fixture). Run from the repository root:

    apt-get install -y python3-torch
    /usr/bin/python3 scripts/make_mlp_fixtures.py

Deterministic: torch.manual_seed per case; the same torch/numpy give the same files.

Exact reference: weights, outputScale, quadratic, inputs and row weights are rounded
to float32 first and written as the shortest decimals that read back to those float32
values; the reference runs in float64 on them, so it is the exact answer (to ~1e-16)
for the float32 model that MLPEnergy holds.

Tolerance: every output k carries errorScale[k] = B_k / u, u = 2^-24, where B_k is a
first-order bound on the error of ANY float32 evaluation (any summation order, FMA or
not, f32 or f64 accumulators): running error analysis along the forward and backward
pass, with
  - a sum of n terms (a dot product plus bias, a batch sum) off by ≤ (n + 1)·u·Σ|terms|,
  - each rounding of a product ≤ u·|result|,
  - activation values and derivatives computed from exp/tanh/log formulas off by
    ≤ A·u·(|value| + |z| + 1) with A = 8 (a few-ulp elementary function, plus the
    absolute error that 1 − 2/(e^{2z}+1), 1 + tanh(·) or e^z − 1 show near their
    cancellation points); relu/leaky_relu/identity exact but for one rounding,
  - errors of earlier layers carried by |W|, |σ'| and |σ''| (first order).
The tests accept |ours − ref| ≤ 2·u·errorScale (2: second-order terms and slack).
This script checks that PyTorch's own float32 run of the same model stays inside
B_k (it uses MKL/OpenBLAS orders, FMA) and prints the largest ratio |Δ|/B; it also
checks the bound catches plausible bugs (exact-erf GELU instead of tanh, λ||x||²
added, a bias off by 1e-3 relative, a weight transposed).

relu and leaky_relu: inputs are redrawn until every hidden pre-activation is far from
0 (|z| > 1000·B_z), so a float32 run cannot land on the other side of the kink.
"""

import json
import math
import os
import platform
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_to_ebm import ACTIVATIONS, ebm_to_sequential, f32, sequential_to_ebm, state_dict_to_ebm  # noqa: E402

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures")
U = 2.0**-24  # float32 unit roundoff
A_ACT = 8.0  # ulps allowed for an elementary-function activation (see the docstring)
KINK_MARGIN = 1000.0
DEB_TORCH = None

# name, activation, condition dim C, input dim D, hidden sizes, batch, outputScale, quadratic, seed
CASES = [dict(name=f"{act}-2-16-16", act=act, C=0, D=2, hidden=[16, 16], batch=7 + i, scale=None, quad=None, seed=100 + i)
         for i, act in enumerate(ACTIVATIONS)]
CASES += [
    dict(name="conditional-silu-3+2-8", act="silu", C=3, D=2, hidden=[8], batch=16, scale=0.5, quad=0.1, seed=200),
    dict(name="odd-gelu-5-17-3", act="gelu", C=0, D=5, hidden=[17, 3], batch=9, scale=-1.5, quad=0.05, seed=201),
    dict(name="deep-narrow-elu-1+3-5-1-5", act="elu", C=1, D=3, hidden=[5, 1, 5], batch=11, scale=2.0, quad=0.0, seed=202),
    dict(name="conditional-tanh-4+3-33", act="tanh", C=4, D=3, hidden=[33], batch=13, scale=1.0, quad=0.25, seed=203),
    dict(name="softplus-8-33", act="softplus", C=0, D=8, hidden=[33], batch=10, scale=None, quad=0.02, seed=204),
]


def as32(v):
    """float32-rounded values held in float64 (what MLPEnergy holds, exactly)."""
    return np.asarray(v, np.float32).astype(np.float64)


# ---- activations in float64 (values, first and second derivatives) -------------------

def act_terms(name, z):
    """σ(z), σ'(z), σ''(z) in float64 numpy."""
    if name == "identity":
        return z, np.ones_like(z), np.zeros_like(z)
    if name == "relu":
        return np.maximum(z, 0), (z > 0).astype(z.dtype), np.zeros_like(z)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z), np.where(z > 0, 1.0, 0.01), np.zeros_like(z)
    if name == "silu":
        s = 1 / (1 + np.exp(-z))
        return z * s, s * (1 + z * (1 - s)), s * (1 - s) * (2 + z * (1 - 2 * s))
    if name == "softplus":
        s = 1 / (1 + np.exp(-z))
        return np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0), s, s * (1 - s)
    if name == "tanh":
        t = np.tanh(z)
        return t, 1 - t * t, -2 * t * (1 - t * t)
    if name == "gelu":
        k, a = np.sqrt(2 / np.pi), 0.044715
        v = k * (z + a * z**3)
        t = np.tanh(v)
        v1 = k * (1 + 3 * a * z * z)
        v2 = 6 * k * a * z
        sech2 = 1 - t * t
        return 0.5 * z * (1 + t), 0.5 * (1 + t) + 0.5 * z * sech2 * v1, sech2 * v1 + 0.5 * z * sech2 * (v2 - 2 * t * v1 * v1)
    if name == "elu":
        e = np.exp(np.minimum(z, 0))
        return np.where(z > 0, z, e - 1), np.where(z > 0, 1.0, e), np.where(z > 0, 0.0, e)
    raise ValueError(name)


def act_error(name, z, value):
    """Allowed absolute error of one evaluation of σ(z) or σ'(z) = value."""
    if name in ("identity", "relu"):
        return np.zeros_like(z)
    if name == "leaky_relu":
        return U * np.abs(value)
    return A_ACT * U * (np.abs(value) + np.abs(z) + 1)


# ---- the float64 reference, by hand, plus its running error bounds --------------------

def analyse(obj, Y, X, w):
    """Forward and backward pass in float64 of the model `obj` (JSON form) at float32
    inputs; returns results and first-order error bounds for a float32 evaluation."""
    C, D = obj["conditionDim"], obj["inputDim"]
    s, lam = float(as32(obj["outputScale"])), float(as32(obj["quadratic"]))
    Ws = [as32(l["weight"]) for l in obj["layers"]]
    bs = [as32(l["bias"]) for l in obj["layers"]]
    act = obj["layers"][0]["activation"] if len(obj["layers"]) > 1 else "identity"
    L = len(Ws)
    n = Y.shape[0]
    h = np.concatenate([X, Y], axis=1) if C else Y.copy()
    eh = np.zeros_like(h)
    hs, ehs, zs, ezs = [h], [eh], [], []
    for l in range(L):
        W, b = Ws[l], bs[l]
        Wa = np.abs(W)
        z = h @ W.T + b
        ez = eh @ Wa.T + (W.shape[1] + 1) * U * (np.abs(h) @ Wa.T + np.abs(b))
        zs.append(z)
        ezs.append(ez)
        if l < L - 1:
            a, d1, _ = act_terms(act, z)
            eh = np.abs(d1) * ez + act_error(act, z, a)
            h = a
            hs.append(h)
            ehs.append(eh)
    zL, ezL = zs[-1][:, 0], ezs[-1][:, 0]
    q = (Y * Y).sum(1)
    energy = s * zL + lam * q
    e_energy = abs(s) * ezL + 2 * U * abs(s * zL) + (D + 2) * U * lam * q + U * np.abs(energy)

    # backward: gz = ∂F_i/∂z_l per row (F_i, not yet weighted)
    gz = np.full((n, 1), float(s))
    egz = np.zeros_like(gz)
    dW, edW, db, edb = [None] * L, [None] * L, [None] * L, [None] * L
    wa = np.abs(w)[:, None]
    for l in range(L - 1, -1, -1):
        W = Ws[l]
        Wa = np.abs(W)
        hprev, ehprev = hs[l], ehs[l]
        dW[l] = (w[:, None] * gz).T @ hprev
        db[l] = (w[:, None] * gz).sum(0)
        edW[l] = (wa * egz).T @ np.abs(hprev) + (wa * np.abs(gz)).T @ ehprev + (n + 3) * U * ((wa * np.abs(gz)).T @ np.abs(hprev))
        edb[l] = (wa * egz).sum(0) + (n + 2) * U * (wa * np.abs(gz)).sum(0)
        gh = gz @ W
        egh = egz @ Wa + (W.shape[0] + 1) * U * (np.abs(gz) @ Wa)
        if l > 0:
            zp, ezp = zs[l - 1], ezs[l - 1]
            _, d1, d2 = act_terms(act, zp)
            gz = gh * d1
            egz = np.abs(d1) * egh + np.abs(gh) * (np.abs(d2) * ezp + act_error(act, zp, d1)) + U * np.abs(gz)
    ghy = gh[:, C:]
    eghy = egh[:, C:]
    grad = ghy + 2 * lam * Y
    e_grad = eghy + 2 * U * (np.abs(ghy) + np.abs(2 * lam * Y)) + U * np.abs(grad)
    flat = lambda parts: np.concatenate([np.concatenate([a.ravel(), b.ravel()]) for a, b in parts])
    param_grad = flat(zip(dW, db))
    e_param = flat(zip(edW, edb))
    hidden_z = [(z, ez) for z, ez in zip(zs[:-1], ezs[:-1])]
    return dict(energy=energy, grad=grad, paramGrad=param_grad,
                e_energy=e_energy, e_grad=e_grad, e_paramGrad=e_param, hidden_z=hidden_z)


def torch_results(obj, Y, X, w, dtype):
    """Energies, ∂F/∂y and Σ w_i ∂F_i/∂θ with PyTorch autograd in `dtype`."""
    net = ebm_to_sequential(obj, dtype=dtype)
    s = torch.tensor(float(as32(obj["outputScale"])), dtype=dtype)
    lam = torch.tensor(float(as32(obj["quadratic"])), dtype=dtype)
    y = torch.tensor(Y, dtype=dtype, requires_grad=True)
    x = torch.tensor(X, dtype=dtype) if obj["conditionDim"] else None
    inp = torch.cat([x, y], dim=1) if x is not None else y
    F = s * net(inp)[:, 0] + lam * (y * y).sum(1)
    (gy,) = torch.autograd.grad(F.sum(), y, retain_graph=True)
    params = list(net.parameters())
    gp = torch.autograd.grad((torch.tensor(w, dtype=dtype) * F).sum(), params)
    return (F.detach().numpy().astype(np.float64), gy.numpy().astype(np.float64),
            torch.cat([g.reshape(-1) for g in gp]).numpy().astype(np.float64))


def round_up_3(x):
    """x rounded up to 3 significant digits (error scales are bounds: never below x)."""
    if x == 0:
        return 0.0
    e = math.floor(math.log10(x)) - 2
    r = float(f"{math.ceil(x / 10.0**e)}e{e}")
    return r if r >= x else float(f"{math.ceil(x / 10.0**e) + 1}e{e}")


def max_ratio(diff, bound):
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(bound > 0, np.abs(diff) / np.where(bound > 0, bound, 1), np.where(diff == 0, 0.0, np.inf))
    return float(r.max()) if r.size else 0.0


def detected(ref, other, bound):
    """Would the tests' rule (|Δ| ≤ 2·bound) reject `other`?"""
    return bool((np.abs(other - ref) > 2 * bound).any())


# ---- cases ---------------------------------------------------------------------------

def build_model(spec):
    torch.manual_seed(spec["seed"])
    sizes = [spec["C"] + spec["D"]] + spec["hidden"] + [1]
    mods = []
    for i in range(1, len(sizes)):
        mods.append(nn.Linear(sizes[i - 1], sizes[i]))  # PyTorch's default init: U(±1/√fan_in)
        if i < len(sizes) - 1 and spec["act"] != "identity":
            mods.append(ebm_to_sequential_activation(spec["act"]))
    return nn.Sequential(*mods), sizes


def ebm_to_sequential_activation(name):
    return {"relu": nn.ReLU(), "leaky_relu": nn.LeakyReLU(0.01), "silu": nn.SiLU(), "softplus": nn.Softplus(),
            "tanh": nn.Tanh(), "gelu": nn.GELU(approximate="tanh"), "elu": nn.ELU()}[name]


def round_trip_check(model, obj, spec):
    """torch_to_ebm: Sequential → JSON → Sequential is exact, and the state_dict route agrees."""
    back = ebm_to_sequential(obj)
    sd0, sd1 = model.state_dict(), back.state_dict()
    assert [tuple(v.shape) for v in sd0.values()] == [tuple(v.shape) for v in sd1.values()]
    for a, b in zip(sd0.values(), sd1.values()):
        assert torch.equal(a, b), "weights changed in the round trip"
    probe = torch.randn(5, obj["inputDim"] + obj["conditionDim"])
    assert torch.equal(model(probe), back(probe)), "outputs changed in the round trip"
    via_sd = state_dict_to_ebm(model.state_dict(), spec["act"], obj["conditionDim"], obj["outputScale"], obj["quadratic"])
    assert json.dumps(via_sd) == json.dumps(obj), "state_dict route differs from the Sequential route"
    assert json.loads(json.dumps(obj)) == obj


def draw_inputs(gen, spec, n):
    Y = (1.5 * torch.randn(n, spec["D"], generator=gen)).to(torch.float32).numpy().astype(np.float64)
    X = (torch.randn(n, spec["C"], generator=gen)).to(torch.float32).numpy().astype(np.float64) if spec["C"] else np.zeros((n, 0))
    return Y, X


def make_case(spec):
    model, sizes = build_model(spec)
    kw = {}
    if spec["scale"] is not None:
        kw["output_scale"] = spec["scale"]
    if spec["quad"] is not None:
        kw["quadratic"] = spec["quad"]
    obj = sequential_to_ebm(model, condition_dim=spec["C"], **kw)
    round_trip_check(model, obj, spec)
    # defaults are optional in the form: leave them out where the case uses them
    if spec["scale"] is None:
        del obj["outputScale"]
    if spec["quad"] is None:
        del obj["quadratic"]
    full = {"outputScale": 1.0, "quadratic": 0.0, **obj}

    n = spec["batch"]
    half = (n + 1) // 2
    w = as32([1 / n] * half + [-1 / n] * (n - half))
    gen = torch.Generator().manual_seed(spec["seed"] + 10_000)
    for attempt in range(1, 101):
        Y, X = draw_inputs(gen, spec, n)
        res = analyse(full, Y, X, w)
        if spec["act"] not in ("relu", "leaky_relu"):
            break
        margin = min(float((np.abs(z) / np.maximum(ez, 1e-300)).min()) for z, ez in res["hidden_z"])
        if margin > KINK_MARGIN:
            break
    else:
        raise RuntimeError(f"{spec['name']}: no inputs far enough from the kinks")

    # the hand-written pass must be PyTorch's float64 autograd (this fixes the contract)
    e64, g64, p64 = torch_results(full, Y, X, w, torch.float64)
    for k, ref in (("energy", e64), ("grad", g64), ("paramGrad", p64)):
        scale = max(1.0, float(np.abs(ref).max()))
        assert np.abs(res[k] - ref).max() <= 1e-12 * scale, f"{spec['name']}: hand pass differs from autograd in {k}"

    # PyTorch float32 stays inside the bounds
    e32, g32, p32 = torch_results(full, Y, X, w, torch.float32)
    ratios = {
        "energy": max_ratio(e32 - e64, res["e_energy"]),
        "grad": max_ratio(g32 - g64, res["e_grad"]),
        "paramGrad": max_ratio(p32 - p64, res["e_paramGrad"]),
    }
    for k, r in ratios.items():
        assert r <= 1, f"{spec['name']}: PyTorch float32 {k} exceeds the error bound (ratio {r:.3g})"

    # and the bounds are tight enough to catch plausible bugs
    teeth = check_teeth(full, Y, X, w, e64, g64, p64, res, spec)

    print(
        f"{spec['name']}: sizes {sizes} n={n} attempts={attempt} torch-f32 max |Δ|/bound "
        + ", ".join(f"{k} {v:.2g}" for k, v in ratios.items())
        + f"; median bound/u energy {np.median(res['e_energy']) / U:.3g}; bugs caught: {teeth}",
        file=sys.stderr,
    )
    f32rows = lambda M: [[f32(v) for v in row] for row in M]
    out = {
        "generator": "scripts/make_mlp_fixtures.py",
        "torch": torch.__version__,
        **({"debianTorch": f"python3-torch {DEB_TORCH}"} if DEB_TORCH else {}),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "name": spec["name"],
        "notes": (
            "model: MLPEnergy JSON form made by scripts/torch_to_ebm.py from a PyTorch nn.Sequential (default init, "
            "torch.manual_seed(seed)). model, Y, X and weights hold float32 values (shortest decimals that read back "
            "to them). energy, grad (dF/dy, n x inputDim) and paramGrad (sum_i weights[i] dF_i/dtheta, flat theta = "
            "W_1 row-major (out x in), b_1, W_2, b_2, ...) are PyTorch float64 autograd on those values. "
            "errorScale.*: first-order bounds on the error of any float32 evaluation in units of u = 2^-24 "
            "(see the generator's docstring); tests accept |ours - ref| <= 2 u errorScale. "
            "torchFloat32MaxRatio: max |PyTorch float32 - ref| / bound."
        ),
        "seed": spec["seed"],
        "activation": spec["act"],
        "sizes": sizes,
        "numParams": int(p64.size),
        "model": obj,
        "Y": f32rows(Y),
        **({"X": f32rows(X)} if spec["C"] else {}),
        "weights": [f32(v) for v in w],
        "energy": [float(v) for v in e64],
        "grad": [[float(v) for v in row] for row in g64],
        "paramGrad": [float(v) for v in p64],
        "errorScale": {
            "unit": "u = 2^-24",
            "energy": [round_up_3(v / U) for v in res["e_energy"]],
            "grad": [[round_up_3(v / U) for v in row] for row in res["e_grad"]],
            "paramGrad": [round_up_3(v / U) for v in res["e_paramGrad"]],
        },
        "torchFloat32MaxRatio": {k: float(f"{v:.3g}") for k, v in ratios.items()},
    }
    return out


def check_teeth(full, Y, X, w, e64, g64, p64, res, spec):
    """Plausible implementation bugs, and whether the tolerance rejects each (must: all)."""
    caught = []
    mutants = {}
    # a bias off by 1e-3 relative (e.g. a bias read from the wrong offset would be far worse)
    m = json.loads(json.dumps(full))
    b = m["layers"][0]["bias"]
    j = int(np.argmax(np.abs(b)))
    b[j] = b[j] * (1 + 1e-3)
    mutants["bias+1e-3"] = m
    # a square hidden weight used transposed
    for li, layer in enumerate(full["layers"]):
        W = np.asarray(layer["weight"])
        if W.shape[0] == W.shape[1] and W.shape[0] > 1:
            m = json.loads(json.dumps(full))
            m["layers"][li]["weight"] = W.T.tolist()
            mutants["transposed"] = m
            break
    results = {}
    for k, mm in mutants.items():
        results[k] = torch_results(mm, Y, X, w, torch.float64)
    if spec["act"] == "gelu":
        # exact erf GELU instead of the tanh approximation
        net = ebm_to_sequential(full, dtype=torch.float64)
        for i, mod in enumerate(net):
            if isinstance(mod, nn.GELU):
                net[i] = nn.GELU()
        results["gelu-erf"] = results_from_net(net, full, Y, X, w)
    if full["conditionDim"] and full["quadratic"]:
        # λ||[x, y]||² instead of λ||y||²
        e, g, p = e64 + float(as32(full["quadratic"])) * (X * X).sum(1), g64, p64
        results["quadratic-on-x"] = (e, g, p)
    for k, (e, g, p) in results.items():
        hit = detected(e64, e, res["e_energy"]) or detected(g64, g, res["e_grad"]) or detected(p64, p, res["e_paramGrad"])
        if not hit:
            raise AssertionError(f"{spec['name']}: the tolerance would not catch the bug '{k}'")
        caught.append(k)
    return ", ".join(caught)


def results_from_net(net, full, Y, X, w):
    dtype = torch.float64
    y = torch.tensor(Y, dtype=dtype, requires_grad=True)
    inp = torch.cat([torch.tensor(X, dtype=dtype), y], 1) if full["conditionDim"] else y
    F = float(as32(full["outputScale"])) * net(inp)[:, 0] + float(as32(full["quadratic"])) * (y * y).sum(1)
    (gy,) = torch.autograd.grad(F.sum(), y, retain_graph=True)
    gp = torch.autograd.grad((torch.tensor(w, dtype=dtype) * F).sum(), list(net.parameters()))
    return F.detach().numpy(), gy.numpy(), torch.cat([g.reshape(-1) for g in gp]).numpy()


def debian_package(name):
    """The Debian package version (torch.__version__ says 1.13.0a0 for Debian's 1.13.1)."""
    try:
        import subprocess
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=True).stdout
    except Exception:
        return None


def main():
    torch.set_num_threads(1)
    global DEB_TORCH
    DEB_TORCH = debian_package("python3-torch")
    os.makedirs(OUT_DIR, exist_ok=True)
    total = 0
    for spec in CASES:
        fx = make_case(spec)
        path = os.path.join(OUT_DIR, f"mlp-{spec['name']}.json")
        with open(path, "w") as f:
            json.dump(fx, f, separators=(",", ":"))
            f.write("\n")
        total += os.path.getsize(path)
    print(f"wrote {len(CASES)} fixtures to {os.path.relpath(OUT_DIR)}/mlp-*.json ({total} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
