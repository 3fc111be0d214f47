"""RIGHT: einsum with explicit head axes; the cache is an object holding Python lists of per-token
keys and values [B, H, d_k]; forward builds its mask from position indices."""
from __future__ import annotations

import math

import torch
from torch import nn


class TokenCache:
    def __init__(self, batch_size):
        self.batch_size = batch_size
        self.keys: list[torch.Tensor] = []
        self.values: list[torch.Tensor] = []


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads, max_len, bias=True):
        super().__init__()
        if num_heads <= 0 or d_model % num_heads != 0 or max_len <= 0:
            raise ValueError("invalid sizes")
        self.H, self.D, self.max_len = num_heads, d_model, max_len
        for name in ("W_q", "W_k", "W_v", "W_o"):
            setattr(self, name, nn.Linear(d_model, d_model, bias=bias))

    def _heads(self, y):  # [..., D] -> [..., H, d_k]
        return y.unflatten(-1, (self.H, self.D // self.H))

    def forward(self, x):
        L = x.shape[1]
        if L > self.max_len:
            raise ValueError("too long")
        q, k, v = self._heads(self.W_q(x)), self._heads(self.W_k(x)), self._heads(self.W_v(x))
        scores = torch.einsum("bihd,bjhd->bhij", q, k) / math.sqrt(self.D // self.H)
        pos = torch.arange(L)
        scores = scores.masked_fill(pos[None, :] > pos[:, None], float("-inf"))
        out = torch.einsum("bhij,bjhd->bihd", torch.softmax(scores, dim=-1), v)
        return self.W_o(out.flatten(-2))

    def init_cache(self, batch_size):
        return TokenCache(batch_size)

    def decode_step(self, x_t, cache):
        if len(cache.keys) >= self.max_len:
            raise ValueError("full")
        cache.keys.append(self._heads(self.W_k(x_t)))
        cache.values.append(self._heads(self.W_v(x_t)))
        q = self._heads(self.W_q(x_t))  # [B, H, d_k]
        k, v = torch.stack(cache.keys, dim=1), torch.stack(cache.values, dim=1)  # [B, t+1, H, d_k]
        weights = torch.softmax(torch.einsum("bhd,bjhd->bhj", q, k) / math.sqrt(self.D // self.H), dim=-1)
        return self.W_o(torch.einsum("bhj,bjhd->bhd", weights, v).flatten(-2)), cache
