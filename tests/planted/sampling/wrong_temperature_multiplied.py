"""WRONG: apply_temperature() (and so sample()) multiplies the logits by the temperature."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import top_k_filter, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "multiplied by the temperature"


def apply_temperature(logits, temperature):
    return base.apply_temperature(logits, temperature, multiply=True)


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, 1 / temperature if temperature else 0.0, top_k, top_p)
