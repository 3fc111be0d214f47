"""WRONG: the area uses np.diff(recall) only, so the first step (from recall 0) is dropped."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "recall starts at 0"

average_precision = partial(ap, from_zero=False)
mean_average_precision = partial(mean_ap, ap_fn=average_precision)
