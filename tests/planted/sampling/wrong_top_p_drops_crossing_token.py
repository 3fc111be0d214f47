"""WRONG: top_p_filter() removes the tokens where the inclusive cumulative sum exceeds p, so the token that
crosses p is removed too (and every token when the top one alone exceeds p)."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "the token that crosses p removed"


def top_p_filter(logits, p):
    return base.top_p_filter(logits, p, crossing=False)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
