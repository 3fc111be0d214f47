"""WRONG: Adam adds epsilon inside the square root, sqrt(v_hat + epsilon)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = 'epsilon inside the square root'
adam = partial(_rules.adam, eps_inside=True)
