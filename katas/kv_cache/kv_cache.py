"""Kata: causal self-attention with a key/value cache. Read katas/kv_cache/README.md, then fill in.

Grade yourself with:  pytest katas/kv_cache
"""
from __future__ import annotations

import torch
from torch import nn


class CausalSelfAttention(nn.Module):
    """Causal multi-head self-attention, batch first, that can also decode one token at a time.

    Holds W_q, W_k, W_v, W_o: each nn.Linear(d_model, d_model, bias=bias).
    Raises ValueError unless num_heads divides d_model and max_len >= 1.
    """

    def __init__(self, d_model: int, num_heads: int, max_len: int, bias: bool = True):
        super().__init__()
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """x: [B, L, d_model] -> out [B, L, d_model]. Position i attends to positions 0..i,
        each head with the scale 1/sqrt(d_k), d_k = d_model // num_heads.
        Raises ValueError when L > max_len.
        """
        raise NotImplementedError

    def init_cache(self, batch_size: int):
        """An empty cache for batch_size sequences, in the module's dtype and device.
        Its type and layout are yours (the tests never look inside)."""
        raise NotImplementedError

    def decode_step(self, x_t: torch.Tensor, cache):
        """x_t: [B, d_model], the next token of each sequence; cache: what init_cache or the
        previous decode_step returned. Appends the token's keys and values, then attends over
        every cached token (itself included).
        Returns (out_t [B, d_model], cache): the t-th step after init_cache equals forward(x)[:, t].
        Raises ValueError when the cache already holds max_len tokens.
        """
        raise NotImplementedError
