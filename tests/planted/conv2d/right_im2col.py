"""RIGHT: explicit im2col (a [C*HH*WW, N*H'*W'] matrix built with index arrays), one matrix
product, and col2im with np.add.at, which accumulates repeated indices."""
import numpy as np


def _indices(C, HH, WW, H_out, W_out, stride):
    """Row, column and channel indices into x_pad for every (patch entry, output position)."""
    k = np.repeat(np.arange(C), HH * WW)[:, None]                           # [C*HH*WW, 1]
    di = np.tile(np.repeat(np.arange(HH), WW), C)[:, None]
    dj = np.tile(np.arange(WW), HH * C)[:, None]
    i0 = stride * np.repeat(np.arange(H_out), W_out)[None, :]               # [1, H'*W']
    j0 = stride * np.tile(np.arange(W_out), H_out)[None, :]
    return k, di + i0, dj + j0                                              # broadcast to [C*HH*WW, H'*W']


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param.get("stride", 1), conv_param.get("pad", 0)
    N, C, H, W = x.shape
    F, C2, HH, WW = w.shape
    if C != C2 or HH > H + 2 * pad or WW > W + 2 * pad:
        raise ValueError("x and w do not fit")
    H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    k, rows, cols = _indices(C, HH, WW, H_out, W_out, stride)
    patches = x_pad[:, k, rows, cols]                                       # [N, C*HH*WW, H'*W']
    out = w.reshape(F, -1) @ patches + b[:, None]                           # [N, F, H'*W']
    return out.reshape(N, F, H_out, W_out), (x.shape, w, patches, stride, pad)


def conv_backward(dout, cache):
    (N, C, H, W), w, patches, stride, pad = cache
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    d = dout.reshape(N, F, -1)                                              # [N, F, H'*W']
    db = d.sum(axis=(0, 2))
    dw = np.einsum("nfp,nkp->fk", d, patches).reshape(w.shape)
    dpatches = w.reshape(F, -1).T @ d                                       # [N, C*HH*WW, H'*W']
    dx_pad = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=dout.dtype)
    k, rows, cols = _indices(C, HH, WW, H_out, W_out, stride)
    np.add.at(dx_pad, (slice(None), k, rows, cols), dpatches)
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
