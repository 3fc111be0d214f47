"""RIGHT: the cache is a pair of tensors [B, H, t, d_k] that grows by torch.cat; each step returns a new pair."""
from __future__ import annotations

import torch
from torch import nn


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads, max_len, bias=True):
        super().__init__()
        if num_heads < 1 or d_model % num_heads:
            raise ValueError("num_heads must divide d_model")
        if max_len < 1:
            raise ValueError("max_len must be >= 1")
        self.d_model, self.h, self.d_k, self.max_len = d_model, num_heads, d_model // num_heads, max_len
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def _split(self, y):
        B, L, _ = y.shape
        return y.reshape(B, L, self.h, self.d_k).permute(0, 2, 1, 3)

    def _merge(self, y):
        B, _, L, _ = y.shape
        return y.permute(0, 2, 1, 3).reshape(B, L, self.d_model)

    def forward(self, x):
        B, L, _ = x.shape
        if L > self.max_len:
            raise ValueError("longer than max_len")
        q, k, v = self._split(self.W_q(x)), self._split(self.W_k(x)), self._split(self.W_v(x))
        scores = torch.matmul(q, k.transpose(2, 3)) * self.d_k ** -0.5
        future = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
        return self.W_o(self._merge(scores.softmax(-1) @ v))

    def init_cache(self, batch_size):
        empty = self.W_k.weight.new_empty(batch_size, self.h, 0, self.d_k)
        return empty, empty

    def decode_step(self, x_t, cache):
        keys, values = cache
        if keys.shape[2] == self.max_len:
            raise ValueError("cache full")
        x = x_t.unsqueeze(1)
        q = self._split(self.W_q(x))
        keys = torch.cat([keys, self._split(self.W_k(x))], dim=2)
        values = torch.cat([values, self._split(self.W_v(x))], dim=2)
        weights = (torch.matmul(q, keys.transpose(2, 3)) * self.d_k ** -0.5).softmax(-1)
        return self.W_o(self._merge(weights @ values)).squeeze(1), (keys, values)
