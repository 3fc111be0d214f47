"""WRONG: sample() has no greedy branch: temperature 0 divides the logits by 0."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "temperature 0 is greedy"


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, greedy=False)
