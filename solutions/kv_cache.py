"""Reference solution for the kv_cache kata: causal self-attention that decodes one token at a time."""
from __future__ import annotations

import math

import torch
from torch import nn


class CausalSelfAttention(nn.Module):
    """Causal multi-head self-attention with a key/value cache for incremental decoding."""

    def __init__(self, d_model: int, num_heads: int, max_len: int, bias: bool = True):
        super().__init__()
        if num_heads <= 0 or d_model % num_heads:
            raise ValueError(f"num_heads={num_heads} must divide d_model={d_model}")
        if max_len < 1:
            raise ValueError(f"max_len={max_len} must be at least 1")
        self.d_model, self.num_heads, self.d_k, self.max_len = d_model, num_heads, d_model // num_heads, max_len
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def _heads(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """q, k, v of x [B, L, d_model], each [B, H, L, d_k]."""
        B, L, _ = x.shape
        # view(B, L, H, d_k) then transpose: a view straight to [B, H, L, d_k] would mix positions.
        return tuple(W(x).view(B, L, self.num_heads, self.d_k).transpose(1, 2)
                     for W in (self.W_q, self.W_k, self.W_v))

    def _attend(self, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor,
                mask: torch.Tensor | None = None) -> torch.Tensor:
        """q [B, H, Lq, d_k] over k, v [B, H, Lk, d_k] -> [B, Lq, d_model], heads merged and projected."""
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)  # one head's size, not d_model
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        out = torch.softmax(scores, dim=-1) @ v  # [B, H, Lq, d_k]
        B, _, Lq, _ = out.shape
        return self.W_o(out.transpose(1, 2).reshape(B, Lq, self.d_model))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        L = x.shape[1]
        if L > self.max_len:
            raise ValueError(f"a sequence of {L} tokens is longer than max_len={self.max_len}")
        causal = torch.ones(L, L, dtype=torch.bool, device=x.device).tril()  # query i sees keys 0..i
        return self._attend(*self._heads(x), causal)

    def init_cache(self, batch_size: int) -> dict:
        # Preallocated to max_len: a step writes one slot instead of copying the whole cache (cat).
        # The weights know the module's dtype and device, also after .double() or .to(device).
        w = self.W_k.weight
        shape = (batch_size, self.num_heads, self.max_len, self.d_k)
        return {"k": w.new_zeros(shape), "v": w.new_zeros(shape), "length": 0}

    def decode_step(self, x_t: torch.Tensor, cache: dict) -> tuple[torch.Tensor, dict]:
        t = cache["length"]
        if t >= self.max_len:
            raise ValueError(f"the cache is full: it already holds max_len={self.max_len} tokens")
        q, k, v = self._heads(x_t[:, None])  # a sequence of one token: each [B, H, 1, d_k]
        # Append before attending: the new token attends to itself too.
        cache["k"][:, :, t:t + 1] = k
        cache["v"][:, :, t:t + 1] = v
        cache["length"] = t + 1
        # No mask: every cached token is at or before position t.
        out = self._attend(q, cache["k"][:, :, :t + 1], cache["v"][:, :, :t + 1])  # [B, 1, d_model]
        return out[:, 0], cache
