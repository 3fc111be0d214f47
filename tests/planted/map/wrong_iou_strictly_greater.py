"""WRONG: a true positive needs IoU > threshold (strictly), so IoU equal to the threshold is missed."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = ">= iou_threshold (equal counts)"

average_precision = ap
mean_average_precision = partial(mean_ap, strict=True)
