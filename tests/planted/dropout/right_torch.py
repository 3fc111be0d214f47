"""RIGHT: torch.bernoulli with a seeded torch.Generator (numpy in, numpy out)."""
import numpy as np
import torch


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not (0 < p <= 1):
        raise ValueError("p out of range")
    if mode == "test":
        return x.copy(), None
    if mode != "train":
        raise ValueError("mode must be train or test")
    gen = torch.Generator()
    if "seed" in dropout_param:
        gen.manual_seed(dropout_param["seed"])
    else:
        gen.seed()
    xt = torch.from_numpy(np.ascontiguousarray(x))
    if not xt.is_floating_point():
        xt = xt.double()
    mask = torch.bernoulli(torch.full(xt.shape, float(p), dtype=xt.dtype), generator=gen) / p
    return (xt * mask).numpy(), mask


def dropout_backward(dout, cache):
    if cache is None:
        return dout.copy()
    return (torch.from_numpy(dout) * cache).numpy()
