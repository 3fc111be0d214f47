"""WRONG: Adam increments t after the bias correction, so the first step divides by 1 - beta^0 = 0."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = 't used before it is incremented'
adam = partial(_rules.adam, t_late=True)
