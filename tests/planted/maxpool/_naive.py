"""A loop-over-windows max pool with knobs, so each planted mistake is one changed knob."""
import math

import numpy as np


def max_pool_forward(x, pool_param, *, stride_is_pool=False, swap=False, keep_dtype=True, start_at=None,
                     size="floor", validate=True):
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    if swap:
        ph, pw = pw, ph
    if stride_is_pool:
        stride = ph
    N, C, H, W = x.shape
    if validate and (ph > H or pw > W):
        raise ValueError("pool larger than the input")
    if size == "floor":
        H_out, W_out = 1 + (H - ph) // stride, 1 + (W - pw) // stride
    else:
        H_out, W_out = 1 + math.ceil((H - ph) / stride), 1 + math.ceil((W - pw) / stride)
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype if keep_dtype else np.float64)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * stride:i * stride + ph, j * stride:j * stride + pw]
            if start_at is None:
                out[:, :, i, j] = window.max(axis=(2, 3))
            else:  # a running max that starts from a constant
                out[:, :, i, j] = np.maximum(window.max(axis=(2, 3)), start_at)
    return out, (x, ph, pw, stride)


def max_pool_backward(dout, cache, *, ties="first", accumulate=True, keep_dtype=True):
    x, ph, pw, stride = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x) if keep_dtype else np.zeros(x.shape)
    for i in range(H_out):
        for j in range(W_out):
            rows, cols = slice(i * stride, i * stride + ph), slice(j * stride, j * stride + pw)
            window = x[:, :, rows, cols]                                    # [N, C, ph, pw]
            flat = window.reshape(N, C, -1)
            if ties == "all":
                mask = window == window.max(axis=(2, 3), keepdims=True)
            elif ties == "spread":
                mask = window == window.max(axis=(2, 3), keepdims=True)
                mask = mask / mask.sum(axis=(2, 3), keepdims=True)
            else:
                if ties == "first":
                    k = flat.argmax(axis=2)
                elif ties == "last":
                    k = flat.shape[2] - 1 - flat[:, :, ::-1].argmax(axis=2)
                else:  # "column": first in column-major order
                    k_t = window.transpose(0, 1, 3, 2).reshape(N, C, -1).argmax(axis=2)
                    k = (k_t % ph) * pw + k_t // ph
                mask = np.arange(ph * pw) == k[:, :, None]                 # [N, C, ph*pw]
                mask = mask.reshape(window.shape)
            grad = mask * dout[:, :, i, j][:, :, None, None]
            if accumulate:
                dx[:, :, rows, cols] += grad
            else:
                dx[:, :, rows, cols] = grad
    return dx
