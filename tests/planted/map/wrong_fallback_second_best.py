"""WRONG: a detection whose best ground truth is taken falls back to the next free one above the threshold."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "does not fall back"

average_precision = ap
mean_average_precision = partial(mean_ap, fallback=True)
