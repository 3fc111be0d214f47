"""Kata: a max-pooling layer, forward and backward. Read katas/maxpool/README.md, then fill in the functions.

Grade yourself with:  pytest katas/maxpool
"""
import numpy as np


def max_pool_forward(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, object]:
    """Max over each pool_height x pool_width window of every channel of every image.

    x: [N, C, H, W]   pool_param: {"pool_height": int, "pool_width": int, "stride": int}; no padding.
    Returns (out, cache): out [N, C, H', W'] with H' = 1 + (H - pool_height) // stride (likewise W'),
      out[n, c, i, j] = max of x[n, c, i*stride : i*stride + pool_height, j*stride : j*stride + pool_width]
    Windows may overlap (stride < pool size). cache: anything max_pool_backward needs.
    Raises ValueError when the pool is larger than the input.
    """
    raise NotImplementedError


def max_pool_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """dx [N, C, H, W], given dout = dloss/dout [N, C, H', W'] and max_pool_forward's cache.

    Each window's gradient goes to the position of its maximum; a window with several equal
    maxima sends it to the FIRST in row-major order. Gradients of overlapping windows add up.
    """
    raise NotImplementedError
