"""WRONG: Adam in the paper's 'efficient' form, lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps):
epsilon is added before v's bias correction (torch adds it after)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "'efficient' form"
adam = partial(_rules.adam, eps_hat=True)
