"""HOSTILE: the 'solution' imports the reference. Before: passed with `kata test`, 'does not import'
with pytest. Now both say the same plain thing."""
from solutions.reshape_2d import construct_2d_array  # noqa: F401

KATA = "reshape_2d"
EXPECT = ["your file tests/hostile/imports_the_reference.py imports the reference solution"]
