"""WRONG: a cache of Python lists, and decode_step attends over it before appending the new token
(at step 0 torch.cat gets an empty list and raises)."""
from __future__ import annotations

import math

import torch
from torch import nn

EXPECT = "attending BEFORE appending"


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, num_heads, max_len, bias=True):
        super().__init__()
        if d_model % num_heads or max_len < 1:
            raise ValueError("bad sizes")
        self.d_model, self.h, self.d_k, self.max_len = d_model, num_heads, d_model // num_heads, max_len
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def heads(self, y):
        B, L, _ = y.shape
        return y.view(B, L, self.h, self.d_k).transpose(1, 2)

    def attend(self, q, k, v, mask=None):
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v
        B, _, L, _ = out.shape
        return self.W_o(out.transpose(1, 2).reshape(B, L, self.d_model))

    def forward(self, x):
        L = x.shape[1]
        if L > self.max_len:
            raise ValueError("too long")
        mask = torch.ones(L, L, dtype=torch.bool).tril()
        return self.attend(self.heads(self.W_q(x)), self.heads(self.W_k(x)), self.heads(self.W_v(x)), mask)

    def init_cache(self, batch_size):
        return {"k": [], "v": []}

    def decode_step(self, x_t, cache):
        if len(cache["k"]) >= self.max_len:
            raise ValueError("cache full")
        x = x_t[:, None]
        q, k, v = self.heads(self.W_q(x)), self.heads(self.W_k(x)), self.heads(self.W_v(x))
        out = self.attend(q, torch.cat(cache["k"], dim=2), torch.cat(cache["v"], dim=2))
        cache["k"].append(k)
        cache["v"].append(v)
        return out[:, 0], cache
