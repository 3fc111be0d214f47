"""WRONG: returns 0.0 for an empty curve (and no ground truth) before checking the method."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "checked first"

average_precision = partial(ap, check_first=False)
mean_average_precision = partial(mean_ap, check_first=False)
