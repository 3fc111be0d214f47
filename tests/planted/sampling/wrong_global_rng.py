"""WRONG: sample() draws with np.random (the global state), not with the rng it is given."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "np.random's global state"


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, draw="global")
