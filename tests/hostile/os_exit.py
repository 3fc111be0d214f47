"""HOSTILE: os._exit(0) inside the graded function. Before: pytest exited 0 with no output."""
import os

KATA = "reshape_2d"
EXPECT = ["your code exited the process while running construct_2d_array()", "exit status 0"]


def construct_2d_array(original, m, n):
    os._exit(0)
