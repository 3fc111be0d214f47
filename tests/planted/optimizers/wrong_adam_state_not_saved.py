"""WRONG: Adam reads m, v, t from config but never writes them back: every step starts from zeros."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adamw, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "the rule's state lives in the RETURNED config"
adam = partial(_rules.adam, save_state=False)
