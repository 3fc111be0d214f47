"""WRONG: sample() draws one uniform number (rng.random()) for the whole batch."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "one random number shared by every row"


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, draw="shared")
