"""Reference solution for the attention kata: scaled dot-product and multi-head attention."""
from __future__ import annotations

import math

import torch
from torch import nn


def scaled_dot_product_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                                 mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """softmax(q k^T / sqrt(d)) v over the last two axes; mask is True where a query may attend."""
    # math.sqrt of the int d: torch.sqrt(d) raises on an int.
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # [..., Lq, Lk]
    if mask is not None:
        # True = may attend (SDPA's convention): block where the mask is False.
        scores = scores.masked_fill(~mask, float("-inf"))
    attn = torch.softmax(scores, dim=-1)  # over the keys
    return attn @ v, attn  # [..., Lq, dv], [..., Lq, Lk]


def causal_mask(L: int) -> torch.Tensor:
    """[L, L] bool, True on and below the diagonal: query i may attend to keys 0..i."""
    return torch.ones(L, L, dtype=torch.bool).tril()


class MultiHeadAttention(nn.Module):
    """Multi-head attention, batch first; equals torch.nn.MultiheadAttention with the same weights."""

    def __init__(self, d_model: int, num_heads: int, bias: bool = True):
        super().__init__()
        if num_heads <= 0 or d_model % num_heads:
            raise ValueError(f"num_heads={num_heads} must divide d_model={d_model}")
        self.d_model, self.num_heads, self.d_k = d_model, num_heads, d_model // num_heads
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        B, L, _ = x.shape
        # [B, L, d_model] -> [B, L, H, d_k] -> [B, H, L, d_k]: the transpose keeps each
        # position's features together (a plain view to [B, H, L, d_k] would mix positions).
        return x.view(B, L, self.num_heads, self.d_k).transpose(1, 2)

    def forward(self, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        B, Lq, _ = query.shape
        q, k, v = self._split(self.W_q(query)), self._split(self.W_k(key)), self._split(self.W_v(value))
        # A mask [Lq, Lk], [B, 1, Lq, Lk] or [B, 1, 1, Lk] broadcasts against [B, H, Lq, Lk] as is.
        out, attn = scaled_dot_product_attention(q, k, v, mask)  # [B, H, Lq, d_k], [B, H, Lq, Lk]
        out = out.transpose(1, 2).reshape(B, Lq, self.d_model)  # merge heads: [B, Lq, d_model]
        return self.W_o(out), attn
