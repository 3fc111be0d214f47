"""WRONG: top_k_filter() reads the k-th largest one place too far (sorted[..., -k - 1]): k + 1 tokens kept."""
from planted.sampling import _knobs as base
from planted.sampling._knobs import apply_temperature, top_p_filter

__all__ = ["apply_temperature", "top_k_filter", "top_p_filter", "sample"]
EXPECT = "k + 1 tokens kept"


def top_k_filter(logits, k):
    return base.top_k_filter(logits, k, how="k+1")


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    return base.sample(logits, rng, temperature, top_k, top_p, filters=(top_k_filter, top_p_filter))
