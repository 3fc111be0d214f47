"""A loop-over-output-positions conv layer with knobs, so each planted mistake is one changed knob."""
import math

import numpy as np


def conv_forward(x, w, b, conv_param, *, flip=False, pad_mode="both", size="floor", bias=True,
                 defaults=True, setdefault=False, keep_dtype=True, square=False, validate=True):
    if setdefault:
        stride, pad = conv_param.setdefault("stride", 1), conv_param.setdefault("pad", 0)
    elif defaults:
        stride, pad = conv_param.get("stride", 1), conv_param.get("pad", 0)
    else:
        stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    if square:
        WW = HH
    if validate and (C != w.shape[1] or HH > H + 2 * pad or WW > W + 2 * pad):
        raise ValueError("invalid shapes")
    if flip:
        w = w[:, :, ::-1, ::-1]
    if pad_mode == "both":
        x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    elif pad_mode == "one_side":
        x_pad = np.pad(x, ((0, 0), (0, 0), (0, 2 * pad), (0, 2 * pad)))
    else:  # "all_axes": np.pad(x, pad) pads N and C too
        x_pad = np.pad(x, pad)
    if size == "floor":
        H_out, W_out = 1 + (H + 2 * pad - HH) // stride, 1 + (W + 2 * pad - WW) // stride
    elif size == "ceil":
        H_out, W_out = 1 + math.ceil((H + 2 * pad - HH) / stride), 1 + math.ceil((W + 2 * pad - WW) / stride)
    else:  # "float": Python 3's / without int()
        H_out, W_out = 1 + (H + 2 * pad - HH) / stride, 1 + (W + 2 * pad - WW) / stride
    out = np.zeros((N, F, H_out, W_out), dtype=x.dtype if keep_dtype else np.float64)
    for i in range(H_out):
        for j in range(W_out):
            window = x_pad[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]  # [N, C, HH, WW]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3]))
    if bias:
        out += b[:, None, None]
    return out, (x, w, stride, pad, x_pad)


def conv_backward(dout, cache, *, crop=True, db_axes=(0, 2, 3), dw_mean=False, backward_stride=True,
                  keep_dtype=True):
    x, w, stride, pad, x_pad = cache
    F, C, HH, WW = w.shape
    s = stride if backward_stride else 1
    db = dout.sum(axis=db_axes)
    dw = np.zeros_like(w)
    dx_pad = np.zeros_like(x_pad) if keep_dtype else np.zeros(x_pad.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            rows, cols = slice(i * s, i * s + HH), slice(j * s, j * s + WW)
            dw += np.tensordot(dout[:, :, i, j], x_pad[:, :, rows, cols], axes=([0], [0]))
            dx_pad[:, :, rows, cols] += np.tensordot(dout[:, :, i, j], w, axes=([1], [0]))
    if dw_mean:
        dw /= x.shape[0]
    dx = dx_pad[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]] if crop else dx_pad
    return dx, dw, db
