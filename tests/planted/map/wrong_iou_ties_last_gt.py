"""WRONG: the best ground truth is searched with `if iou >= best`, so equal IoUs go to the LAST (higher) row."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "lower ground-truth row"

average_precision = ap
mean_average_precision = partial(mean_ap, ties_last=True)
