"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch's own functional ops: F.scaled_dot_product_attention and F.multi_head_attention_forward."""
import math

import torch
import torch.nn.functional as F
from torch import nn


def scaled_dot_product_attention(q, k, v, mask=None):
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(mask.logical_not(), -math.inf)
    return out, scores.softmax(-1)


def causal_mask(L):
    return torch.tril(torch.ones(L, L)).bool()


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, num_heads, bias=True):
        super().__init__()
        if d_model % num_heads:
            raise ValueError("num_heads must divide d_model")
        self.d_model, self.num_heads = d_model, num_heads
        self.W_q = nn.Linear(d_model, d_model, bias=bias)
        self.W_k = nn.Linear(d_model, d_model, bias=bias)
        self.W_v = nn.Linear(d_model, d_model, bias=bias)
        self.W_o = nn.Linear(d_model, d_model, bias=bias)

    def forward(self, query, key, value, mask=None):
        B, Lq, _ = query.shape
        Lk = key.shape[1]
        attn_mask = None
        if mask is not None:
            # torch wants [B * H, Lq, Lk] with True = blocked: the opposite convention.
            attn_mask = ~mask.expand(B, self.num_heads, Lq, Lk).reshape(B * self.num_heads, Lq, Lk)
        biases = [l.bias for l in (self.W_q, self.W_k, self.W_v)]
        out, attn = F.multi_head_attention_forward(
            query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1), self.d_model, self.num_heads,
            in_proj_weight=None, in_proj_bias=torch.cat(biases) if biases[0] is not None else None,
            bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0.0,
            out_proj_weight=self.W_o.weight, out_proj_bias=self.W_o.bias, training=False,
            need_weights=True, attn_mask=attn_mask, use_separate_proj_weight=True,
            q_proj_weight=self.W_q.weight, k_proj_weight=self.W_k.weight, v_proj_weight=self.W_v.weight,
            average_attn_weights=False)
        return out.transpose(0, 1), attn
