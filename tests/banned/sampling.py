"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch for the filters, written as HF transformers' warpers (top-k: remove what is below the k-th
value of torch.topk; top-p: an ascending sort and a cumsum, removing while it stays <= 1 - p, then the ties
of the last kept token put back), and an inverse CDF with numpy's rng for the draw."""
import numpy as np
import torch


def apply_temperature(logits, temperature):
    if not temperature > 0:
        raise ValueError("temperature must be > 0")
    return (torch.from_numpy(np.asarray(logits)) / temperature).numpy()


def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be >= 1")
    scores = torch.from_numpy(np.array(logits, copy=True))
    k = min(k, scores.shape[-1])
    if scores.numel() == 0:
        return scores.numpy()
    remove = scores < torch.topk(scores, k)[0][..., -1, None]
    return scores.masked_fill(remove, -float("inf")).numpy()


def top_p_filter(logits, p):
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    scores = torch.from_numpy(np.array(logits, copy=True))
    if p == 1 or scores.numel() == 0:
        return scores.numpy()
    sorted_logits, sorted_indices = torch.sort(scores, descending=False)
    cumulative = sorted_logits.double().softmax(dim=-1).cumsum(dim=-1)
    # The mass strictly above sorted token i is 1 - cumulative[i]: it is kept iff that is < p.
    remove_sorted = cumulative <= 1 - p
    remove_sorted[..., -1:] = False  # the most probable token always stays
    remove = remove_sorted.scatter(-1, sorted_indices, remove_sorted)
    lowest_kept = scores.masked_fill(remove, float("inf")).amin(dim=-1, keepdim=True)
    return scores.masked_fill(scores < lowest_kept, -float("inf")).numpy()


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0 or (top_k is not None and top_k < 1) or (top_p is not None and not 0 < top_p <= 1):
        raise ValueError("invalid sampling parameters")
    logits = np.asarray(logits)
    if temperature == 0:
        return torch.from_numpy(logits).argmax(dim=-1).numpy().astype(np.int64)[()]
    x = apply_temperature(logits, temperature)
    if top_k is not None:
        x = top_k_filter(x, top_k)
    if top_p is not None:
        x = top_p_filter(x, top_p)
    probs = torch.from_numpy(x).double().softmax(dim=-1)
    cdf = probs.cumsum(dim=-1)
    u = torch.from_numpy(rng.random(x.shape[:-1] + (1,))) * cdf[..., -1:]
    tokens = torch.searchsorted(cdf.contiguous(), u.contiguous(), right=True).squeeze(-1)
    return tokens.clamp_(max=x.shape[-1] - 1).numpy().astype(np.int64)[()]
