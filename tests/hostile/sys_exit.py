"""HOSTILE: sys.exit() inside the graded function. Before: raw harness tracebacks."""
import sys

KATA = "reshape_2d"
EXPECT = ["your code called sys.exit()"]
ABSENT = ["Traceback", "sensei/"]


def construct_2d_array(original, m, n):
    sys.exit(3)
