"""Reference solution for the conv2d kata: a convolutional layer's forward and backward pass."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(x_pad: np.ndarray, HH: int, WW: int, stride: int) -> np.ndarray:
    """A view, no copy: windows[n, c, i, j] is the HH x WW patch read by output position (i, j).

    Every stride-th window: H' = 1 + (H + 2 pad - HH) // stride, so a partial window at the
    end is dropped, as in torch.
    """
    return sliding_window_view(x_pad, (HH, WW), axis=(2, 3))[:, :, ::stride, ::stride]  # [N, C, H', W', HH, WW]


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict) -> tuple[np.ndarray, tuple]:
    """Cross-correlation of x [N, C, H, W] with w [F, C, HH, WW], plus b [F]: out [N, F, H', W']."""
    stride, pad = conv_param.get("stride", 1), conv_param.get("pad", 0)
    F, C, HH, WW = w.shape
    if x.shape[1] != C:
        raise ValueError(f"x has {x.shape[1]} channels but w expects {C}")
    if HH > x.shape[2] + 2 * pad or WW > x.shape[3] + 2 * pad:
        raise ValueError(f"a {HH}x{WW} kernel does not fit the padded {x.shape[2]}x{x.shape[3]} input")
    # Zeros on the two spatial axes only, on every side (np.pad(x, pad) would pad N and C too).
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = _windows(x_pad, HH, WW, stride)
    out = np.einsum("nchwij,fcij->nfhw", windows, w, optimize=True) + b[:, None, None]  # [N, F, H', W']
    return out, (x_pad, w, stride, pad)


def conv_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients (dx, dw, db) of the loss, given dout = dloss/dout [N, F, H', W']."""
    x_pad, w, stride, pad = cache
    _, _, HH, WW = w.shape
    _, _, out_h, out_w = dout.shape
    # b is added at every output position of every sample.
    db = dout.sum(axis=(0, 2, 3))
    # Each weight met every patch: sum over samples and positions.
    dw = np.einsum("nfhw,nchwij->fcij", dout, _windows(x_pad, HH, WW, stride), optimize=True)
    # Each patch sends its gradient back to where it was read; overlapping patches add up.
    dpatches = np.einsum("nfhw,fcij->nchwij", dout, w, optimize=True)  # [N, C, H', W', HH, WW]
    dx_pad = np.zeros(x_pad.shape, dtype=dout.dtype)
    for i in range(HH):
        for j in range(WW):
            dx_pad[:, :, i:i + stride * out_h:stride, j:j + stride * out_w:stride] += dpatches[..., i, j]
    # The padding is not part of x: crop it away.
    H, W = x_pad.shape[2] - 2 * pad, x_pad.shape[3] - 2 * pad
    return dx_pad[:, :, pad:pad + H, pad:pad + W], dw, db
