"""RIGHT: einsum, a hand-written stable softmax, -1e9 instead of -inf, per-head weight views."""
import torch
from torch import nn


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = torch.einsum("...qd,...kd->...qk", q, k) * q.shape[-1] ** -0.5
    if mask is not None:
        scores = torch.where(mask, scores, torch.full_like(scores, -1e9))
    e = torch.exp(scores - scores.amax(dim=-1, keepdim=True))
    attn = e / e.sum(dim=-1, keepdim=True)
    return torch.einsum("...qk,...kv->...qv", attn, v), attn


def causal_mask(L):
    i = torch.arange(L)
    return i[:, None] >= i[None, :]


class MultiHeadAttention(nn.Module):
    def __init__(self, d_model, num_heads, bias=True):
        super().__init__()
        if d_model % num_heads != 0:
            raise ValueError(f"{num_heads} heads do not divide d_model={d_model}")
        self.h = num_heads
        self.W_q, self.W_k, self.W_v, self.W_o = (nn.Linear(d_model, d_model, bias=bias) for _ in range(4))

    def _heads(self, layer, x):
        # The projection's rows, grouped by head: weight [H, d_k, d_model], bias [H, d_k].
        d = x.shape[-1]
        w = layer.weight.view(self.h, d // self.h, d)
        y = torch.einsum("bld,hkd->bhlk", x, w)
        if layer.bias is not None:
            y = y + layer.bias.view(self.h, 1, d // self.h)
        return y

    def forward(self, query, key, value, mask=None):
        q, k, v = self._heads(self.W_q, query), self._heads(self.W_k, key), self._heads(self.W_v, value)
        out, attn = scaled_dot_product_attention(q, k, v, mask)
        d = query.shape[-1]
        # W_o's columns, grouped by head: [d_model, H, d_k].
        y = torch.einsum("bhlk,ehk->ble", out, self.W_o.weight.view(d, self.h, d // self.h))
        if self.W_o.bias is not None:
            y = y + self.W_o.bias
        return y, attn
