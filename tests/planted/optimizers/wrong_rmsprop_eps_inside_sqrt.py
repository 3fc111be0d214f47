"""WRONG: RMSprop adds epsilon inside the square root, sqrt(cache + epsilon)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, adamw, sgd, sgd_momentum  # noqa: F401

EXPECT = 'epsilon inside the square root'
rmsprop = partial(_rules.rmsprop, eps_inside=True)
