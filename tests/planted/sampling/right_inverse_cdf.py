"""RIGHT: sorted masks for the filters (an argsort, a cumsum, ties re-added by value) and an inverse CDF
with one uniform per row."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p)
