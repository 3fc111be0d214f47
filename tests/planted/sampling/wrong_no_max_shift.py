"""WRONG: softmax as exp(x) / sum(exp(x)) with no max shift (in top_p_filter and sample): exp() overflows."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "overflows"


def top_p_filter(logits, p):
    return base.top_p_filter(logits, p, shift=False)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, shift=False, filters=(top_k_filter, top_p_filter))
