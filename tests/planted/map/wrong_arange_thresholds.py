"""WRONG: 11-point thresholds from np.arange(0, 1.1, 0.1), which holds 0.30000000000000004 (misses recall 0.3)."""
from functools import partial

import numpy as np

from planted.map._voc import ap, mean_ap

EXPECT = "np.arange(0, 1.1, 0.1)"

average_precision = partial(ap, thresholds=np.arange(0, 1.1, 0.1))
mean_average_precision = partial(mean_ap, ap_fn=average_precision)
