"""WRONG: 'interp' without the precision envelope (it computes 'step')."""
from functools import partial

from planted.map._voc import ap, mean_ap

EXPECT = "uses the precision envelope"

average_precision = partial(ap, envelope=False)
mean_average_precision = partial(mean_ap, ap_fn=average_precision)
