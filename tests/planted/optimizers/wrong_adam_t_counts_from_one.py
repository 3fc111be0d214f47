"""WRONG: Adam starts t at 1 and increments it after the step: the steps are right, but the stored t is
one ahead (2 after the first step), so a caller reading or resuming from it is off by one."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "config['t'] one ahead"
adam = partial(_rules.adam, t_from_one=True)
