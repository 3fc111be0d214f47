"""A correct inverted dropout with knobs, so each planted mistake is one changed knob."""
import numpy as np

DEFAULT = object()


def forward(x, dropout_param, *, keep=lambda p: p, scale=lambda p: 1 / p, test=lambda x, mask: x.copy(),
            seed=DEFAULT, dtype=None, validate=True):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if validate and not 0 < p <= 1:
        raise ValueError(p)
    if validate and mode not in ("train", "test"):
        raise ValueError(mode)
    rng = np.random.default_rng(dropout_param.get("seed") if seed is DEFAULT else seed)
    kept = rng.random(x.shape) < keep(p)
    mask = kept * scale(p)
    out_dtype = dtype or (x.dtype if x.dtype.kind == "f" else np.float64)
    mask = mask.astype(out_dtype)
    if mode == "test":
        return test(x, mask), ("test", mask, dropout_param)
    return (x * mask).astype(dtype or np.result_type(x.dtype, out_dtype)), ("train", mask, dropout_param)


def backward(dout, cache, *, new_mask=False):
    mode, mask, dropout_param = cache
    if mode == "test":
        return dout.copy()
    if new_mask:
        p = dropout_param["p"]
        mask = ((np.random.default_rng().random(dout.shape) < p) / p).astype(dout.dtype)
    return dout * mask
