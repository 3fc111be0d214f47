"""WRONG: top_p_filter() filters at p = 1 too: tokens whose probability underflows to 0 are removed."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "p = 1"


def top_p_filter(logits, p):
    return base.top_p_filter(logits, p, p_one=False)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
