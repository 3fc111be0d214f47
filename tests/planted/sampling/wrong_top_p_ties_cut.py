"""WRONG: top_p_filter() cuts after a position of the sorted order: a token tied with the last kept one
is removed."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "tied with the last kept token"


def top_p_filter(logits, p):
    return base.top_p_filter(logits, p, ties=False)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
