"""Reference solution for the lstm kata: one LSTM step forward and backward (gates in the order
i, f, o, g), and the forward over a batch-first sequence."""
from __future__ import annotations

import numpy as np


def _sigmoid(a: np.ndarray) -> np.ndarray:
    # exp of -|a| only: never overflows, even for a saturated gate (|a| ~ 1e3).
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


def _params(d: int, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> int:
    """H from Wx [D, 4H], after checking Wh [H, 4H] and b [4H]."""
    if np.ndim(Wx) != 2 or np.shape(Wx)[1] % 4:
        raise ValueError(f"Wx must be [D, 4H], got shape {np.shape(Wx)}")
    h = np.shape(Wx)[1] // 4
    if np.shape(Wx)[0] != d:
        raise ValueError(f"Wx must be [D, 4H] with D = {d} (x's last axis), got shape {np.shape(Wx)}")
    if np.shape(Wh) != (h, 4 * h):
        raise ValueError(f"Wh must be [H, 4H] = {(h, 4 * h)}, got shape {np.shape(Wh)}")
    if np.shape(b) != (4 * h,):
        raise ValueError(f"b must be [4H] = {(4 * h,)}, got shape {np.shape(b)}")
    return h


def _state(name: str, s: np.ndarray, n: int, h: int) -> None:
    if np.shape(s) != (n, h):
        raise ValueError(f"{name} must be [N, H] = {(n, h)}, got shape {np.shape(s)}")


def _dtype(*arrays: np.ndarray) -> np.dtype:
    dtype = np.result_type(*arrays)
    return dtype if dtype.kind == "f" else np.dtype(np.float64)  # integer inputs give float64


def _cell(a: np.ndarray, prev_c: np.ndarray) -> tuple:
    """The gates of the pre-activations a [N, 4H] (order i, f, o, g) and the new state."""
    h = a.shape[1] // 4
    ifo = _sigmoid(a[:, :3 * h])
    i, f, o = ifo[:, :h], ifo[:, h:2 * h], ifo[:, 2 * h:]
    g = np.tanh(a[:, 3 * h:])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    return o * tanh_c, next_c, (i, f, o, g, tanh_c)


def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                      b: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """One step: a = x Wx + prev_h Wh + b, gates i, f, o, g; returns (next_h, next_c, cache)."""
    if np.ndim(x) != 2:
        raise ValueError(f"x must be [N, D], got shape {np.shape(x)}")
    n, d = x.shape
    h = _params(d, Wx, Wh, b)
    _state("prev_h", prev_h, n, h)
    _state("prev_c", prev_c, n, h)
    dtype = _dtype(x, prev_h, prev_c, Wx, Wh, b)
    a = (x @ Wx + prev_h @ Wh + b).astype(dtype, copy=False)  # [N, 4H]
    next_h, next_c, gates = _cell(a, prev_c.astype(dtype, copy=False))
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, gates)


def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: tuple) -> tuple:
    """Gradients of one step given dL/dnext_h and dL/dnext_c: (dx, dprev_h, dprev_c, dWx, dWh, db)."""
    x, prev_h, prev_c, Wx, Wh, (i, f, o, g, tanh_c) = cache
    # next_c reaches the loss twice: directly (the next step) and through next_h = o * tanh(next_c).
    dc = dnext_c + dnext_h * o * (1 - tanh_c * tanh_c)
    # The sigmoid's derivative is s(1 - s) at its output, tanh's 1 - t^2: no pre-activation needed.
    da = np.concatenate([dc * g * i * (1 - i),
                         dc * prev_c * f * (1 - f),
                         dnext_h * tanh_c * o * (1 - o),
                         dc * i * (1 - g * g)], axis=1)  # [N, 4H], the forward's order i, f, o, g
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def lstm_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Every hidden state h [N, T, H] of the sequence x [N, T, D] (batch first), from h0 and c0 = 0."""
    if np.ndim(x) != 3:
        raise ValueError(f"x must be [N, T, D], got shape {np.shape(x)}")
    n, t_len, d = x.shape
    h = _params(d, Wx, Wh, b)
    _state("h0", h0, n, h)
    dtype = _dtype(x, h0, Wx, Wh, b)
    # The input's share of every step at once: one large product instead of T small ones.
    xa = (x @ Wx + b).astype(dtype, copy=False)  # [N, T, 4H]
    Wh = Wh.astype(dtype, copy=False)
    hs = np.empty((n, t_len, h), dtype=dtype)
    prev_h, prev_c = h0.astype(dtype, copy=False), np.zeros((n, h), dtype=dtype)
    for t in range(t_len):
        prev_h, prev_c, _ = _cell(xa[:, t] + prev_h @ Wh, prev_c)
        hs[:, t] = prev_h
    return hs
