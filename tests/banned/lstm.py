"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch tensor ops for the forward, and torch's autograd for the backward (the step is recomputed
from the cached inputs); numpy arrays in and out."""
import numpy as np
import torch


def _check(x, states, Wx, Wh, b, ndim):
    if x.ndim != ndim or Wx.ndim != 2 or Wx.shape[1] % 4:
        raise ValueError("bad x or Wx")
    H = Wx.shape[1] // 4
    if Wx.shape[0] != x.shape[-1] or Wh.shape != (H, 4 * H) or b.shape != (4 * H,):
        raise ValueError("bad parameters")
    if any(s.shape != (x.shape[0], H) for s in states):
        raise ValueError("bad state")


def _tensors(*arrays):
    dtype = np.result_type(*arrays)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return [torch.from_numpy(np.array(a, dtype=dtype)) for a in arrays]


def _step(x, h, c, Wx, Wh, b):
    i, f, o, g = (x @ Wx + h @ Wh + b).chunk(4, dim=1)  # the order i, f, o, g
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    _check(x, (prev_h, prev_c), Wx, Wh, b, 2)
    inputs = _tensors(x, prev_h, prev_c, Wx, Wh, b)
    with torch.no_grad():
        h, c = _step(*inputs)
    return h.numpy(), c.numpy(), [t.numpy() for t in inputs]


def lstm_step_backward(dnext_h, dnext_c, cache):
    inputs = [torch.from_numpy(a.copy()).requires_grad_() for a in cache]
    h, c = _step(*inputs)
    upstream = [torch.as_tensor(np.asarray(d), dtype=h.dtype) for d in (dnext_h, dnext_c)]
    grads = torch.autograd.grad((h, c), inputs, upstream)
    return tuple(g.numpy() for g in grads)


def lstm_forward(x, h0, Wx, Wh, b):
    _check(x, (h0,), Wx, Wh, b, 3)
    x, h, Wx, Wh, b = _tensors(x, h0, Wx, Wh, b)
    c = torch.zeros_like(h)
    hs = []
    with torch.no_grad():
        for t in range(x.shape[1]):
            h, c = _step(x[:, t], h, c, Wx, Wh, b)
            hs.append(h)
        return torch.stack(hs, dim=1).numpy()
