"""WRONG: softmax first, then zeroes the blocked weights: rows no longer sum to 1."""
import math

import torch

from planted.attention._base import make

EXPECT = 'the mask applied AFTER the softmax'

_, causal_mask, MultiHeadAttention = make()


def scaled_dot_product_attention(q, k, v, mask=None):
    attn = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    if mask is not None:
        attn = attn * mask
    return attn @ v, attn
