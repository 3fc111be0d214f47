"""WRONG: pixel convention: width x2 - x1 + 1."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "no + 1"

average_precision = ap
mean_average_precision = partial(mean_ap, plus_one=1.0)
