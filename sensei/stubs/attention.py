"""Kata: scaled dot-product and multi-head attention. Read katas/attention/README.md, then fill in.

Grade yourself with:  pytest katas/attention
"""
from __future__ import annotations

import math

import torch
from torch import nn


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q k^T / sqrt(d)) v, over the last two axes.

    q: [..., Lq, d]   k: [..., Lk, d]   v: [..., Lk, dv]
    mask: None, or a bool tensor broadcastable to [..., Lq, Lk]; True where a query MAY attend
          (the convention of torch.nn.functional.scaled_dot_product_attention).
    Returns (out, attn): out [..., Lq, dv], attn [..., Lq, Lk] (each row sums to 1 over the keys).
    """
    raise NotImplementedError


def causal_mask(L: int) -> torch.Tensor:
    """Bool [L, L]: True on and below the diagonal (query i may attend to keys 0..i)."""
    raise NotImplementedError


class MultiHeadAttention(nn.Module):
    """Multi-head attention, batch first. With the same weights it equals
    torch.nn.MultiheadAttention(d_model, num_heads, bias=bias, batch_first=True).

    Holds W_q, W_k, W_v, W_o: each nn.Linear(d_model, d_model, bias=bias).
    Raises ValueError unless num_heads divides d_model.
    """

    def __init__(self, d_model: int, num_heads: int, bias: bool = True):
        super().__init__()
        raise NotImplementedError

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """query: [B, Lq, d_model]; key, value: [B, Lk, d_model].
        mask: None or bool (True = may attend) broadcastable to [B, num_heads, Lq, Lk],
              e.g. [Lq, Lk], [B, 1, Lq, Lk], [B, 1, 1, Lk] (key padding) or the full shape.
        Returns (out, attn): out [B, Lq, d_model], attn [B, num_heads, Lq, Lk] (per head).
        """
        raise NotImplementedError
