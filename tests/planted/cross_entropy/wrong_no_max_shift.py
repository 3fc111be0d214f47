"""WRONG: log-softmax as x - log(sum(exp(x))) with no max shift: exp(1e4) overflows."""
from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce, log_softmax

EXPECT = "exp() of a large logit overflows"


def cross_entropy(logits, targets):
    return _ce(logits, targets, log_probs=log_softmax(logits, shift=False))
