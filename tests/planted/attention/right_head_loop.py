"""RIGHT: a loop over the heads, each using its slice of the projections' rows; float masks."""
import torch
from torch import nn


def scaled_dot_product_attention(q, k, v, mask=None):
    d = q.shape[-1]
    scores = torch.matmul(q / d ** 0.5, k.transpose(-1, -2))
    if mask is not None:
        scores = scores + torch.zeros_like(scores).masked_fill(mask == 0, float("-inf"))
    attn = torch.nn.functional.softmax(scores, dim=-1)
    return torch.matmul(attn, v), attn


def causal_mask(L):
    return ~torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, num_heads, bias=True):
        super().__init__()
        if num_heads < 1 or d_model % num_heads:
            raise ValueError("d_model must be a multiple of num_heads")
        self.d_k = d_model // num_heads
        self.num_heads = num_heads
        for name in ("W_q", "W_k", "W_v", "W_o"):
            setattr(self, name, nn.Linear(d_model, d_model, bias=bias))

    def forward(self, query, key, value, mask=None):
        Q, K, V = self.W_q(query), self.W_k(key), self.W_v(value)
        outs, weights = [], []
        for h in range(self.num_heads):
            cols = slice(h * self.d_k, (h + 1) * self.d_k)
            head_mask = None
            if mask is not None:
                # pick this head's slice when the mask has a head axis of size num_heads
                head_mask = mask[:, h] if mask.dim() == 4 and mask.shape[1] > 1 else mask
                if head_mask.dim() == 4:
                    head_mask = head_mask[:, 0]
            o, a = scaled_dot_product_attention(Q[..., cols], K[..., cols], V[..., cols], head_mask)
            outs.append(o)
            weights.append(a)
        return self.W_o(torch.cat(outs, dim=-1)), torch.stack(weights, dim=1)
