"""WRONG: matches the first ground truth above the threshold instead of the best-IoU one."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "HIGHEST IoU"

average_precision = ap
mean_average_precision = partial(mean_ap, first_above=True)
