"""WRONG: takes max(precision) without a guard, so an empty curve (K = 0) raises instead of giving 0.0."""
from functools import partial

import numpy as np

from planted.map._voc import ap, mean_ap

EXPECT = "K = 0 (an empty curve) gives 0.0"


def average_precision(recall, precision, method="interp"):
    if method not in ("11point", "interp", "step"):
        raise ValueError(method)
    recall, precision = np.asarray(recall, np.float64), np.asarray(precision, np.float64)
    if method == "11point":
        return float(np.mean([np.max(precision[recall >= t], initial=0.0) for t in np.arange(11) / 10]))
    precision = np.maximum.accumulate(precision[::-1])[::-1] if method == "interp" else precision
    scale = precision.max()  # raises on an empty curve
    return float(np.sum(np.diff(recall, prepend=0.0) * precision / scale) * scale)


mean_average_precision = partial(mean_ap, ap_fn=average_precision)
