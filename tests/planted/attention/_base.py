"""A correct attention with switches for the classic mistakes; planted files turn one on each."""
from __future__ import annotations

import math

import torch
from torch import nn


def make(scale: str = "sqrt", inverted: bool = False, multiply_mask: bool = False, axis: int = -1,
         split_transpose: bool = True, merge_transpose: bool = True, w_o: bool = True,
         unsqueeze_mask: bool = False, average: bool = False, check_heads: bool = True,
         scale_by_d_model: bool = False, value_with_w_k: bool = False, in_place: bool = False,
         causal_upper: bool = False, detach_q: bool = False, kT=lambda k: k.transpose(-2, -1)):
    def scaled_dot_product_attention(q, k, v, mask=None):
        d = q.shape[-1]
        if scale == "torch.sqrt":
            scores = q @ kT(k) / torch.sqrt(d)
        elif in_place:
            q /= math.sqrt(d)
            scores = q @ kT(k)
        else:
            scores = q @ kT(k) / {"sqrt": math.sqrt(d), "none": 1.0, "d": d}[scale]
        if mask is not None:
            if multiply_mask:
                scores = scores * mask
            else:
                scores = scores.masked_fill(mask if inverted else ~mask, float("-inf"))
        attn = torch.softmax(scores, dim=axis)
        return attn @ v, attn

    def causal_mask(L):
        ones = torch.ones(L, L, dtype=torch.bool)
        return ones.triu() if causal_upper else ones.tril()

    class MultiHeadAttention(nn.Module):
        def __init__(self, d_model, num_heads, bias=True):
            super().__init__()
            if check_heads and d_model % num_heads:
                raise ValueError("num_heads must divide d_model")
            self.d_model, self.h, self.d_k = d_model, num_heads, d_model // num_heads
            self.W_q = nn.Linear(d_model, d_model, bias=bias)
            self.W_k = nn.Linear(d_model, d_model, bias=bias)
            self.W_v = nn.Linear(d_model, d_model, bias=bias)
            self.W_o = nn.Linear(d_model, d_model, bias=bias)

        def split(self, x):
            B, L, _ = x.shape
            if split_transpose:
                return x.view(B, L, self.h, self.d_k).transpose(1, 2)
            return x.reshape(B, self.h, L, self.d_k)

        def forward(self, query, key, value, mask=None):
            B, Lq, _ = query.shape
            q = self.split(self.W_q(query))
            if detach_q:
                q = q.detach()  # e.g. to 'save memory', or via q.data
            if scale_by_d_model:
                q = q * math.sqrt(self.d_k) / math.sqrt(self.d_model)
            k = self.split(self.W_k(key))
            v = self.split((self.W_k if value_with_w_k else self.W_v)(value))
            if mask is not None and unsqueeze_mask:
                mask = mask.unsqueeze(1)  # "same mask for all heads", as in the Annotated Transformer
            out, attn = scaled_dot_product_attention(q, k, v, mask)
            if merge_transpose:
                out = out.transpose(1, 2).reshape(B, Lq, self.d_model)
            else:
                out = out.reshape(B, Lq, self.d_model)
            if average:
                attn = attn.mean(dim=1)
            return (self.W_o(out) if w_o else out), attn

    return scaled_dot_product_attention, causal_mask, MultiHeadAttention
