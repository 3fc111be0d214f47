"""RIGHT: one example at a time, each gate with its own slice of the weights; the backward accumulates
the weight gradients example by example with outer products."""
import math

import numpy as np


def _check(x, states, Wx, Wh, b, ndim):
    if x.ndim != ndim:
        raise ValueError(f"x must have {ndim} axes")
    if Wx.ndim != 2 or Wx.shape[1] % 4 != 0:
        raise ValueError("Wx must be [D, 4H]")
    H = Wx.shape[1] // 4
    if Wx.shape[0] != x.shape[-1] or Wh.shape != (H, 4 * H) or b.shape != (4 * H,):
        raise ValueError("Wx, Wh, b must be [D, 4H], [H, 4H], [4H]")
    for s in states:
        if s.shape != (x.shape[0], H):
            raise ValueError("states must be [N, H]")
    return H


def _float(*arrays):
    dtype = np.result_type(*arrays)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return dtype, [np.asarray(v, dtype) for v in arrays]


def _sig(z):
    return np.array([1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in z],
                    dtype=z.dtype)


def _one(x, h, c, Wx, Wh, b, H):
    """One example: x [D], h [H], c [H]."""
    gates = {}
    for k, name in enumerate("ifog"):
        cols = slice(k * H, (k + 1) * H)
        z = x @ Wx[:, cols] + h @ Wh[:, cols] + b[cols]
        gates[name] = np.tanh(z) if name == "g" else _sig(z)
    c_new = gates["f"] * c + gates["i"] * gates["g"]
    return gates["o"] * np.tanh(c_new), c_new, gates


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = _check(x, (prev_h, prev_c), Wx, Wh, b, 2)
    dtype, (x, prev_h, prev_c, Wx, Wh, b) = _float(x, prev_h, prev_c, Wx, Wh, b)
    N = x.shape[0]
    next_h, next_c = np.zeros((N, H), dtype), np.zeros((N, H), dtype)
    gates = []
    for n in range(N):
        next_h[n], next_c[n], g = _one(x[n], prev_h[n], prev_c[n], Wx, Wh, b, H)
        gates.append(g)
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, next_c, gates)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, next_c, gates = cache
    H = Wh.shape[0]
    dx, dprev_h, dprev_c = np.zeros_like(x), np.zeros_like(prev_h), np.zeros_like(prev_c)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H, dtype=Wx.dtype)
    for n, g in enumerate(gates):
        t = np.tanh(next_c[n])
        dc = dnext_c[n] + dnext_h[n] * g["o"] * (1 - t * t)
        local = {"i": dc * g["g"] * g["i"] * (1 - g["i"]),
                 "f": dc * prev_c[n] * g["f"] * (1 - g["f"]),
                 "o": dnext_h[n] * t * g["o"] * (1 - g["o"]),
                 "g": dc * g["i"] * (1 - g["g"] ** 2)}
        for k, name in enumerate("ifog"):
            cols = slice(k * H, (k + 1) * H)
            dx[n] += Wx[:, cols] @ local[name]
            dprev_h[n] += Wh[:, cols] @ local[name]
            dWx[:, cols] += np.outer(x[n], local[name])
            dWh[:, cols] += np.outer(prev_h[n], local[name])
            db[cols] += local[name]
        dprev_c[n] = dc * g["f"]
    return dx, dprev_h, dprev_c, dWx, dWh, db


def lstm_forward(x, h0, Wx, Wh, b):
    H = _check(x, (h0,), Wx, Wh, b, 3)
    dtype, (x, h0, Wx, Wh, b) = _float(x, h0, Wx, Wh, b)
    N, T, _ = x.shape
    out = np.zeros((N, T, H), dtype)
    h, c = h0, np.zeros((N, H), dtype)
    for t in range(T):
        h, c, _ = lstm_step_forward(x[:, t], h, c, Wx, Wh, b)
        out[:, t] = h
    return out
