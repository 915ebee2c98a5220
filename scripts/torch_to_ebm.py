#!/usr/bin/python3
"""Convert PyTorch MLP weights to the ebm-wasm MLPEnergy JSON form (and back).

Usage (from the repository root, with Debian's python3-torch; use /usr/bin/python3):

    # a saved nn.Sequential of Linear + activation modules (torch.save(model, path))
    /usr/bin/python3 scripts/torch_to_ebm.py model.pt -o model.json

    # a saved state_dict ({"0.weight", "0.bias", "2.weight", ...}): name the activation
    /usr/bin/python3 scripts/torch_to_ebm.py weights.pt --activation silu -o model.json

    # a conditional energy F(x, y) with x of 3 columns, and the optional terms
    /usr/bin/python3 scripts/torch_to_ebm.py model.pt --condition-dim 3 \
        --output-scale 0.5 --quadratic 0.1 -o model.json

Then in JavaScript: `MLPEnergy.fromJSON(JSON.parse(text))`.

From Python:

    from torch_to_ebm import sequential_to_ebm, state_dict_to_ebm, ebm_to_sequential
    obj = sequential_to_ebm(model, condition_dim=0)   # dict, json.dump it
    model2 = ebm_to_sequential(obj)                   # back to nn.Sequential (float32)

The form (what MLPEnergy.toJSON writes):

    {"kind": "mlp-energy", "version": 1, "inputDim": D, "conditionDim": C,
     "outputScale": s, "quadratic": λ,
     "layers": [{"weight": [[...]] (out × in, as nn.Linear), "bias": [...], "activation": "silu"},
                ...,
                {"weight": [[...]] (1 × H), "bias": [b], "activation": "identity"}]}

F(x, y) = s · net([x, y]) + λ·||y||²: the network's input is x then y (x first), and
its last Linear has one output and no activation after it. Weights are written as
the shortest decimal that reads back to the same float32 (what MLPEnergy stores).

Accepted modules between Linear layers: nn.ReLU, nn.LeakyReLU(0.01), nn.SiLU,
nn.Softplus(beta=1) (its threshold=20 shortcut is not reproduced: MLPEnergy computes
log1p(exp(-|z|)) + max(z, 0) everywhere, which differs by < 2e-9 beyond it),
nn.Tanh, nn.GELU(approximate='tanh'), nn.ELU(alpha=1), nn.Identity; one activation
kind for all hidden layers. nn.Dropout is skipped (it is the identity at inference).
Anything else is refused with a message: nn.GELU() with the exact erf form is refused
because MLPEnergy uses the tanh approximation.
"""

import argparse
import json
import sys

import numpy as np
import torch
from torch import nn

KIND = "mlp-energy"
VERSION = 1
ACTIVATIONS = ("relu", "leaky_relu", "silu", "softplus", "tanh", "gelu", "elu", "identity")


def f32(v):
    """The float32 value of v as the Python float with the shortest decimal form that
    reads back (through a double, as JSON.parse then Float32Array do) to that float32."""
    x = np.float32(v)
    if not np.isfinite(x):
        raise ValueError(f"non-finite parameter {v!r}")
    s = float(str(x))
    if np.float32(s) != x:  # guards against double rounding; never seen, but cheap
        s = float(x)
    return s


def activation_name(module):
    """The JSON name of an activation module, or raise ValueError saying why not."""
    if isinstance(module, nn.ReLU):
        return "relu"
    if isinstance(module, nn.LeakyReLU):
        if module.negative_slope != 0.01:
            raise ValueError(f"nn.LeakyReLU(negative_slope={module.negative_slope}): MLPEnergy's leaky_relu has slope 0.01")
        return "leaky_relu"
    if isinstance(module, nn.SiLU):
        return "silu"
    if isinstance(module, nn.Softplus):
        if module.beta != 1:
            raise ValueError(f"nn.Softplus(beta={module.beta}): MLPEnergy's softplus has beta 1")
        return "softplus"
    if isinstance(module, nn.Tanh):
        return "tanh"
    if isinstance(module, nn.GELU):
        approx = getattr(module, "approximate", "none")
        if approx != "tanh":
            raise ValueError(
                "nn.GELU() uses the exact erf form; MLPEnergy's gelu is the tanh approximation: "
                "use nn.GELU(approximate='tanh') (and fine-tune); the two differ by up to 4.7e-4 per unit"
            )
        return "gelu"
    if isinstance(module, nn.ELU):
        if module.alpha != 1:
            raise ValueError(f"nn.ELU(alpha={module.alpha}): MLPEnergy's elu has alpha 1")
        return "elu"
    if isinstance(module, nn.Identity):
        return "identity"
    raise ValueError(f"unsupported module {module.__class__.__name__}: expected Linear or one of {', '.join(ACTIVATIONS)}")


def _layer(weight, bias, activation):
    w = weight.detach().to(torch.float32).cpu().numpy()
    b = bias.detach().to(torch.float32).cpu().numpy() if bias is not None else np.zeros(w.shape[0], np.float32)
    return {
        "weight": [[f32(v) for v in row] for row in w],
        "bias": [f32(v) for v in b],
        "activation": activation,
    }


def _finish(layers, condition_dim, output_scale, quadratic):
    if not layers:
        raise ValueError("no nn.Linear layer found")
    sizes = [len(layers[0]["weight"][0])] + [len(l["weight"]) for l in layers]
    for i in range(1, len(layers)):
        if len(layers[i]["weight"][0]) != sizes[i]:
            raise ValueError(f"layer {i} takes {len(layers[i]['weight'][0])} inputs but layer {i - 1} gives {sizes[i]}")
    if sizes[-1] != 1:
        raise ValueError(f"the last Linear has {sizes[-1]} outputs: an energy needs exactly 1")
    if layers[-1]["activation"] != "identity":
        raise ValueError(f"an activation ({layers[-1]['activation']}) follows the last Linear: the energy is its raw output")
    hidden = {l["activation"] for l in layers[:-1]}
    if len(hidden) > 1:
        raise ValueError(f"hidden layers mix activations {sorted(hidden)}: MLPEnergy has one activation for all")
    if not 0 <= condition_dim < sizes[0]:
        raise ValueError(f"condition_dim {condition_dim} must be in [0, {sizes[0] - 1}] (the network takes {sizes[0]} inputs)")
    obj = {
        "kind": KIND,
        "version": VERSION,
        "inputDim": sizes[0] - condition_dim,
        "conditionDim": condition_dim,
        "outputScale": f32(output_scale),
        "quadratic": f32(quadratic),
        "layers": layers,
    }
    return obj


def sequential_to_ebm(model, condition_dim=0, output_scale=1.0, quadratic=0.0):
    """nn.Sequential (Linear, activation, Linear, activation, …, Linear) → JSON dict."""
    if not isinstance(model, nn.Sequential):
        raise ValueError(f"expected nn.Sequential, got {model.__class__.__name__}: pass its state_dict and an activation name")
    layers = []
    pending = None  # Linear waiting for its activation
    for i, m in enumerate(model):
        if isinstance(m, nn.Linear):
            if pending is not None:
                layers.append(_layer(pending.weight, pending.bias, "identity"))
            pending = m
        elif isinstance(m, nn.Dropout):
            continue
        else:
            name = activation_name(m)
            if pending is None:
                raise ValueError(f"module {i} ({m.__class__.__name__}) does not follow a Linear")
            layers.append(_layer(pending.weight, pending.bias, name))
            pending = None
    if pending is not None:
        layers.append(_layer(pending.weight, pending.bias, "identity"))
    # a hidden Linear written without an activation reads as "identity" above; that is what it computes
    return _finish(layers, condition_dim, output_scale, quadratic)


def state_dict_to_ebm(state_dict, activation, condition_dim=0, output_scale=1.0, quadratic=0.0):
    """{'<prefix>weight': (out, in), '<prefix>bias': (out,), …} in layer order → JSON dict;
    `activation` after every layer but the last."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation {activation!r}: expected one of {', '.join(ACTIVATIONS)}")
    weights = [(k[: -len("weight")], v) for k, v in state_dict.items() if k.endswith("weight") and v.dim() == 2]
    if not weights:
        raise ValueError("the state_dict has no 2-D '*weight' tensors")
    layers = []
    for i, (prefix, w) in enumerate(weights):
        b = state_dict.get(prefix + "bias")
        act = "identity" if i == len(weights) - 1 else activation
        layers.append(_layer(w, b, act))
    return _finish(layers, condition_dim, output_scale, quadratic)


_MODULES = {
    "relu": lambda: nn.ReLU(),
    "leaky_relu": lambda: nn.LeakyReLU(0.01),
    "silu": lambda: nn.SiLU(),
    "softplus": lambda: nn.Softplus(beta=1),
    "tanh": lambda: nn.Tanh(),
    "gelu": lambda: nn.GELU(approximate="tanh"),
    "elu": lambda: nn.ELU(alpha=1.0),
    "identity": None,
}


def ebm_to_sequential(obj, dtype=torch.float32):
    """JSON dict → nn.Sequential (the raw network; outputScale and quadratic are in obj)."""
    if obj.get("kind") != KIND:
        raise ValueError(f"kind {obj.get('kind')!r}: expected {KIND!r}")
    if obj.get("version") != VERSION:
        raise ValueError(f"version {obj.get('version')!r}: this script reads version {VERSION}")
    mods = []
    for layer in obj["layers"]:
        w = torch.tensor(np.asarray(layer["weight"], dtype=np.float32)).to(dtype)
        b = torch.tensor(np.asarray(layer["bias"], dtype=np.float32)).to(dtype)
        lin = nn.Linear(w.shape[1], w.shape[0]).to(dtype)
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b)
        mods.append(lin)
        make = _MODULES[layer["activation"]]
        if make is not None:
            mods.append(make())
    return nn.Sequential(*mods)


def main(argv=None):
    p = argparse.ArgumentParser(description="PyTorch MLP → ebm-wasm MLPEnergy JSON")
    p.add_argument("path", help="torch.save'd nn.Sequential or state_dict")
    p.add_argument("-o", "--output", help="JSON file to write (default: stdout)")
    p.add_argument("--activation", choices=ACTIVATIONS, help="hidden activation (needed for a state_dict)")
    p.add_argument("--condition-dim", type=int, default=0, help="columns of x at the start of the input (default 0)")
    p.add_argument("--output-scale", type=float, default=1.0, help="s in F = s·net + λ||y||² (default 1)")
    p.add_argument("--quadratic", type=float, default=0.0, help="λ in F = s·net + λ||y||² (default 0)")
    a = p.parse_args(argv)
    loaded = torch.load(a.path, map_location="cpu")
    try:
        if isinstance(loaded, nn.Module):
            obj = sequential_to_ebm(loaded, a.condition_dim, a.output_scale, a.quadratic)
        elif isinstance(loaded, dict):
            if a.activation is None:
                p.error("a state_dict does not say its activation: pass --activation")
            obj = state_dict_to_ebm(loaded, a.activation, a.condition_dim, a.output_scale, a.quadratic)
        else:
            p.error(f"{a.path} holds a {type(loaded).__name__}, not an nn.Sequential or a state_dict")
    except ValueError as e:
        print(f"torch_to_ebm.py: {a.path}: {e}", file=sys.stderr)
        sys.exit(1)
    text = json.dumps(obj, separators=(",", ":")) + "\n"
    if a.output:
        with open(a.output, "w") as f:
            f.write(text)
        sizes = [len(obj["layers"][0]["weight"][0])] + [len(l["weight"]) for l in obj["layers"]]
        print(f"wrote {a.output}: sizes {sizes}, conditionDim {obj['conditionDim']}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
