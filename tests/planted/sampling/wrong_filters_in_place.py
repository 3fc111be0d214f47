"""WRONG: top_k_filter() writes -inf into the caller's logits."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "modified its input"


def top_k_filter(logits, k):
    return base.top_k_filter(logits, k, in_place=True)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
