"""WRONG: detections are matched with ground truth of every image."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "of the same image"

average_precision = ap
mean_average_precision = partial(mean_ap, same_image=False)
