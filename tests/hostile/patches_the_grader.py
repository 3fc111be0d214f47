"""HOSTILE: switches the grader's failures off from inside, then returns wrong answers."""
import numpy as np

import sensei.compare
import sensei.grader

sensei.grader.Kata.fail = lambda *a, **k: None
sensei.compare.Close.problem = lambda *a, **k: None
sensei.compare.Equal.problem = lambda *a, **k: None
np.isnan = lambda *a, **k: False

KATA = "reshape_2d"
EXPECT = ["construct_2d_array() failed on case", "wrong value"]


def construct_2d_array(original, m, n):
    return [[0] * n for _ in range(m)]
