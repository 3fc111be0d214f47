"""RIGHT: one fused product [x, prev_h] @ [Wx; Wh], np.split into the gates, a tanh-based sigmoid
(sigmoid(z) = (1 + tanh(z / 2)) / 2, finite everywhere); the backward splits the fused gradient back."""
import numpy as np


def _check(x, states, Wx, Wh, b, ndim):
    if x.ndim != ndim or Wx.ndim != 2 or Wx.shape[1] % 4:
        raise ValueError("bad x or Wx")
    H = Wx.shape[1] // 4
    if Wx.shape[0] != x.shape[-1] or Wh.shape != (H, 4 * H) or b.shape != (4 * H,):
        raise ValueError("bad parameters")
    if any(s.shape != (x.shape[0], H) for s in states):
        raise ValueError("bad state")


def _sigmoid(z):
    return (1 + np.tanh(z / 2)) / 2


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    _check(x, (prev_h, prev_c), Wx, Wh, b, 2)
    dtype = np.result_type(x, prev_h, prev_c, Wx, Wh, b)
    dtype = dtype if dtype.kind == "f" else np.float64
    xh = np.concatenate([x, prev_h], axis=1).astype(dtype)  # [N, D + H]
    W = np.concatenate([Wx, Wh], axis=0).astype(dtype)  # [D + H, 4H]
    ai, af, ao, ag = np.split(xh @ W + b.astype(dtype), 4, axis=1)
    i, f, o, g = _sigmoid(ai), _sigmoid(af), _sigmoid(ao), np.tanh(ag)
    next_c = f * prev_c.astype(dtype) + i * g
    next_h = o * np.tanh(next_c)
    return next_h, next_c, (xh, W, x.shape[1], prev_c.astype(dtype), i, f, o, g, next_c)


def lstm_step_backward(dnext_h, dnext_c, cache):
    xh, W, D, prev_c, i, f, o, g, next_c = cache
    tc = np.tanh(next_c)
    do = dnext_h * tc
    dc = dnext_c + dnext_h * o * (1 - tc ** 2)
    da = np.hstack([dc * g * i * (1 - i), dc * prev_c * f * (1 - f), do * o * (1 - o), dc * i * (1 - g ** 2)])
    dxh = da @ W.T
    dW = xh.T @ da
    return dxh[:, :D], dxh[:, D:], dc * f, dW[:D], dW[D:], np.sum(da, axis=0)


def lstm_forward(x, h0, Wx, Wh, b):
    _check(x, (h0,), Wx, Wh, b, 3)
    dtype = np.result_type(x, h0, Wx, Wh, b)
    dtype = dtype if dtype.kind == "f" else np.float64
    h, c = h0.astype(dtype), np.zeros(h0.shape, dtype)
    hs = []
    for t in range(x.shape[1]):
        h, c, _ = lstm_step_forward(x[:, t], h, c, Wx, Wh, b)
        hs.append(h)
    return np.stack(hs, axis=1).reshape(x.shape[0], x.shape[1], -1)
