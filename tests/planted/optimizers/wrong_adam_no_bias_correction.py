"""WRONG: Adam without bias correction (steps on the raw m and v, which start biased towards 0)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = 'Adam WITHOUT bias correction'
adam = partial(_rules.adam, bias_correction=False)
