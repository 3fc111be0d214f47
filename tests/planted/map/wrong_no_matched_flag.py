"""WRONG: no 'matched' flag: every detection above the threshold is a true positive, duplicates included."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "keep a 'matched' flag per ground truth"

average_precision = ap
mean_average_precision = partial(mean_ap, track_matched=False)
