"""A correct CausalSelfAttention with switches for the classic mistakes; planted files turn one on each.
Its cache is a tuple (keys [B, H, max_len, d_k], values, length), preallocated, returned anew each step."""
from __future__ import annotations

import math

import torch
from torch import nn


def make(scale_by_d_model: bool = False, causal: str = "tril", split_transpose: bool = True,
         before_append: bool = False, value_is_key: bool = False, state_on_self: bool = False,
         capacity: int = 0, check_capacity: bool = True, float32_cache: bool = False,
         check_long: bool = True, check_max_len: bool = True, decode_mask: bool = False):
    """capacity: tokens the cache holds beyond max_len (-1: the off-by-one check)."""

    class CausalSelfAttention(nn.Module):
        def __init__(self, d_model, num_heads, max_len, bias=True):
            super().__init__()
            if d_model % num_heads:
                raise ValueError("num_heads must divide d_model")
            if check_max_len and max_len < 1:
                raise ValueError("max_len must be at least 1")
            self.d_model, self.h, self.d_k, self.max_len = d_model, num_heads, d_model // num_heads, max_len
            self.W_q = nn.Linear(d_model, d_model, bias=bias)
            self.W_k = nn.Linear(d_model, d_model, bias=bias)
            self.W_v = nn.Linear(d_model, d_model, bias=bias)
            self.W_o = nn.Linear(d_model, d_model, bias=bias)

        def split(self, y):
            B, L, _ = y.shape
            if split_transpose:
                return y.view(B, L, self.h, self.d_k).transpose(1, 2)
            return y.view(B, self.h, L, self.d_k)

        def attend(self, q, k, v, mask=None):
            d = self.d_model if scale_by_d_model else self.d_k
            scores = q @ k.transpose(-2, -1) / math.sqrt(d)
            if mask is not None:
                scores = scores.masked_fill(~mask, float("-inf"))
            out = torch.softmax(scores, dim=-1) @ v
            B, _, L, _ = out.shape
            return self.W_o(out.transpose(1, 2).reshape(B, L, self.d_model))

        def forward(self, x):
            B, L, _ = x.shape
            if check_long and L > self.max_len:
                raise ValueError("sequence longer than max_len")
            q, k, v = self.split(self.W_q(x)), self.split(self.W_k(x)), self.split(self.W_v(x))
            mask = None
            if causal != "none":
                ones = torch.ones(L, L, dtype=torch.bool)
                mask = ones.tril() if causal == "tril" else ones.triu()
            return self.attend(q, k, v, mask)

        def init_cache(self, batch_size):
            shape = (batch_size, self.h, self.max_len + max(capacity, 0) + 1, self.d_k)
            w = self.W_k.weight
            if float32_cache:
                keys, values = torch.zeros(shape), torch.zeros(shape)
            else:
                keys, values = w.new_zeros(shape), w.new_zeros(shape)
            cache = (keys, values, 0)
            if state_on_self:
                if not hasattr(self, "store"):
                    self.store = cache  # made once: "the module owns its cache"
                return None
            return cache

        def decode_step(self, x_t, cache):
            keys, values, n = self.store if state_on_self else cache
            if check_capacity and n >= self.max_len + capacity:
                raise ValueError("the cache is full")
            x = x_t[:, None]
            q, k, v = self.split(self.W_q(x)), self.split(self.W_k(x)), self.split(self.W_v(x))
            if before_append:
                out = self.attend(q, keys[:, :, :n], values[:, :, :n])
            keys[:, :, n:n + 1] = k
            values[:, :, n:n + 1] = k if value_is_key else v
            if not before_append:
                # decode_mask: forward's causal mask reused on the [1, n+1] score row
                mask = torch.ones(1, n + 1, dtype=torch.bool).tril() if decode_mask else None
                out = self.attend(q, keys[:, :, :n + 1], values[:, :, :n + 1], mask)
            cache = (keys, values, n + 1)
            if state_on_self:
                self.store, cache = cache, None
            return out[:, 0], cache

    return CausalSelfAttention
