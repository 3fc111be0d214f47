"""WRONG: sample() applies top-k and top-p to the raw logits, and the temperature after them."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "top-p applied before temperature"


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, order="kpt")
