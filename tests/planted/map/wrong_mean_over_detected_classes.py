"""WRONG: averages over the classes that have detections (a class without ground truth gets AP 0; a class
never detected is left out)."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "at least one ground truth"

average_precision = ap
mean_average_precision = partial(mean_ap, classes='detections')
