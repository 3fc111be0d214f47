"""WRONG: RMSprop applies the decay the wrong way round: decay * dw^2 + (1 - decay) * cache."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, adamw, sgd, sgd_momentum  # noqa: F401

EXPECT = 'the decay applied the wrong way round'
rmsprop = partial(_rules.rmsprop, swapped=True)
