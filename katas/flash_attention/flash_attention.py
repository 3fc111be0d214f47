"""Kata: FlashAttention's online softmax in NumPy. Read katas/flash_attention/README.md, then fill in the function.

Grade yourself with:  pytest katas/flash_attention
"""
import numpy as np


def flash_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int = 64,
                    causal: bool = False) -> np.ndarray:
    """softmax(q k^T / sqrt(d)) v, computed over blocks of `block_size` keys with an online softmax.

    q: [..., Lq, d], k: [..., Lk, d], v: [..., Lk, dv] (the same leading axes) -> [..., Lq, dv].
    Per query keep a running max m, sum l and accumulator acc; for each block's scores s:
    m' = max(m, max s), acc = acc * exp(m - m') + exp(s - m') v_b, l = l * exp(m - m') + sum exp(s - m');
    at the end out = acc / l. The last block may be shorter. Never build the [Lq, Lk] score matrix.
    causal=True: query i attends keys j <= i (needs Lq == Lk).
    float32 in, float32 out; integer inputs give float64. Lq = 0 gives an empty [..., 0, dv] array.
    ValueError: block_size < 1, causal with Lq != Lk, Lk = 0.
    """
    raise NotImplementedError
