"""Kata: a convolutional layer, forward and backward. Read katas/conv2d/README.md, then fill in the functions.

Grade yourself with:  pytest katas/conv2d
"""
import numpy as np


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, conv_param: dict) -> tuple[np.ndarray, object]:
    """Cross-correlation of a batch of images with a bank of filters, plus a bias per filter.

    x: [N, C, H, W]   w: [F, C, HH, WW]   b: [F]
    conv_param: {"stride": int (default 1), "pad": int (default 0)}; keys may be missing.
    Returns (out, cache): out [N, F, H', W'] with H' = 1 + (H + 2*pad - HH) // stride (likewise W'),
      out[n, f, i, j] = b[f] + sum over c, di, dj of x_pad[n, c, i*stride + di, j*stride + dj] * w[f, c, di, dj]
    where x_pad is x with `pad` zeros on every side of H and W. cache: anything conv_backward needs.
    Raises ValueError when x and w have different C, or the kernel is larger than the padded input.
    """
    raise NotImplementedError


def conv_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the loss, given dout = dloss/dout [N, F, H', W'] and conv_forward's cache.

    Returns (dx, dw, db) with the shapes of x [N, C, H, W], w [F, C, HH, WW] and b [F].
    """
    raise NotImplementedError
