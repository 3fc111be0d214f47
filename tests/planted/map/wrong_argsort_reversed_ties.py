"""WRONG: sorts detections with scores.argsort()[::-1], so equal scores put the higher row first."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "HIGHER row first"

average_precision = ap
mean_average_precision = partial(mean_ap, order=lambda s: s.argsort()[::-1])
