"""HOSTILE: chdir into a temporary folder that is then deleted. Before: nms's messages broke."""
import os
import tempfile

KATA = "reshape_2d"
EXPECT = ["construct_2d_array() failed on case", "re-run just this case: pytest \"katas/reshape_2d"]


def construct_2d_array(original, m, n):
    folder = tempfile.mkdtemp()
    os.chdir(folder)
    os.rmdir(folder)
    return [[1]]
