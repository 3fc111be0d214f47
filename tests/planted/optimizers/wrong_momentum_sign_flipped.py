"""WRONG: momentum stored with the opposite sign, v = momentum * v + lr * dw and w - v. From a zero velocity
w moves exactly as it should; but config['velocity'] means the opposite of the statement's (checked at
every step), and resuming from a given velocity goes the wrong way."""
from functools import partial

from planted.optimizers import _rules
from planted.optimizers._rules import adam, adamw, rmsprop, sgd  # noqa: F401

EXPECT = 'the velocity stored with the opposite sign'
sgd_momentum = partial(_rules.sgd_momentum, flipped=True)
