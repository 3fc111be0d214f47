"""WRONG: AdamW's decay not scaled by the learning rate, w - weight_decay * w: 1 / lr times too strong (1000x
at the defaults)."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "not multiplied by the learning rate"
adamw = partial(_rules.adamw, decay="no_lr")
