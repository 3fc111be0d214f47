"""A correct LSTM (CS231n style) with knobs, so each planted mistake is one changed knob."""
import numpy as np


def sigmoid(z, naive=False):
    if naive:
        return np.exp(z) / (1 + np.exp(z))
    pos = z >= 0
    out = np.empty_like(z)
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out


def check(x, prev_h, prev_c, Wx, Wh, b, x_ndim=2):
    if x.ndim != x_ndim or Wx.ndim != 2 or Wx.shape[1] % 4:
        raise ValueError("bad x or Wx")
    H = Wx.shape[1] // 4
    if Wx.shape[0] != x.shape[-1] or Wh.shape != (H, 4 * H) or b.shape != (4 * H,):
        raise ValueError("bad parameter shapes")
    for s in (prev_h, prev_c):
        if s is not None and s.shape != (x.shape[0], H):
            raise ValueError("bad state shape")


def step_forward(x, prev_h, prev_c, Wx, Wh, b, *, order="ifog", g_sigmoid=False, h_of="tanh_c",
                 naive_sigmoid=False, upcast=False, validate=True):
    if validate:
        check(x, prev_h, prev_c, Wx, Wh, b)
    if upcast or np.result_type(x, prev_h, prev_c, Wx, Wh, b).kind != "f":
        x, prev_h, prev_c, Wx, Wh, b = (v.astype(np.float64) for v in (x, prev_h, prev_c, Wx, Wh, b))
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    blocks = {k: a[:, n * H:(n + 1) * H] for n, k in enumerate(order)}
    i = sigmoid(blocks["i"], naive_sigmoid)
    f = sigmoid(blocks["f"], naive_sigmoid)
    o = sigmoid(blocks["o"], naive_sigmoid)
    g = sigmoid(blocks["g"], naive_sigmoid) if g_sigmoid else np.tanh(blocks["g"])
    next_c = f * prev_c + i * g
    tanh_c = np.tanh(next_c)
    next_h = o * (next_c if h_of == "c" else tanh_c)
    cache = dict(x=x, prev_h=prev_h, prev_c=prev_c, Wx=Wx, Wh=Wh, i=i, f=f, o=o, g=g, a=a, tanh_c=tanh_c,
                 next_h=next_h, order=order)
    return next_h, next_c, cache


def step_backward(dnext_h, dnext_c, cache, *, dc_paths="both", tanh_grad="tanh_c", sig_grad="s(1-s)",
                  dprev_c_f=True, db="sum", dWx="x.T@da", zeros_buffers=False):
    c = cache
    i, f, o, g, tanh_c = c["i"], c["f"], c["o"], c["g"], c["tanh_c"]
    H = i.shape[1]
    t = c["next_h"] if tanh_grad == "next_h" else tanh_c
    through_h = dnext_h * o * (1 - t ** 2)
    if dc_paths == "both":
        dc = dnext_c + through_h
    elif dc_paths == "no dnext_c":
        dc = through_h
    else:
        dc = dnext_c.copy()

    def dsig(s, k):
        if sig_grad == "s":
            return s
        if sig_grad == "a(1-a)":
            z = c["a"][:, k * H:(k + 1) * H]
            return z * (1 - z)
        return s * (1 - s)

    pos = {k: n for n, k in enumerate(c["order"])}
    da = np.zeros((i.shape[0], 4 * H)) if zeros_buffers else np.empty((i.shape[0], 4 * H), dtype=i.dtype)
    da[:, pos["i"] * H:(pos["i"] + 1) * H] = dc * g * dsig(i, pos["i"])
    da[:, pos["f"] * H:(pos["f"] + 1) * H] = dc * c["prev_c"] * dsig(f, pos["f"])
    da[:, pos["o"] * H:(pos["o"] + 1) * H] = dnext_h * tanh_c * dsig(o, pos["o"])
    da[:, pos["g"] * H:(pos["g"] + 1) * H] = dc * i * (1 - g ** 2)
    dx = da @ c["Wx"].T
    dprev_h = da @ c["Wh"].T
    dprev_c = dc * f if dprev_c_f else dc
    dWx_ = c["x"].T @ da if dWx == "x.T@da" else da.T @ c["x"]
    dWh = c["prev_h"].T @ da
    db_ = da.sum(axis=0) if db == "sum" else da.mean(axis=0)
    return dx, dprev_h, dprev_c, dWx_, dWh, db_


def forward(x, h0, Wx, Wh, b, *, c0="zeros", carry=True, use_h0=True, x_layout="batch first",
            stack_axis=1, **step_knobs):
    check(x, h0, None, Wx, Wh, b, x_ndim=3)
    N, T, D = x.shape
    dtype = np.result_type(x, h0, Wx, Wh, b)
    dtype = dtype if dtype.kind == "f" else np.float64
    h = h0.astype(dtype) if use_h0 else np.zeros(h0.shape, dtype)
    c = h.copy() if c0 == "h0" else np.zeros(h0.shape, dtype)
    xs = x.reshape(T, N, D) if x_layout == "reshape" else x
    hs = []
    for t in range(T):
        if x_layout == "batch first":
            xt = x[:, t]
        else:
            xt = xs[t]
        h, next_c, _ = step_forward(xt, h, c, Wx, Wh, b, validate=False, **step_knobs)
        c = next_c if carry else np.zeros_like(next_c)
        hs.append(h)
    out = np.stack(hs, axis=stack_axis)
    if x_layout == "reshape":
        out = np.stack(hs, axis=0).reshape(N, T, -1)
    return out
