"""WRONG: detections are matched with ground truth of every class (recall still divides by the class's count)."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "of the same class"

average_precision = ap
mean_average_precision = partial(mean_ap, same_class=False)
