"""WRONG: top_k_filter() keeps the indices of the k largest (an argsort): exactly k tokens, the ties at the k-th value dropped."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "ties at the k-th value"


def top_k_filter(logits, k):
    return base.top_k_filter(logits, k, how="argsort")


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
