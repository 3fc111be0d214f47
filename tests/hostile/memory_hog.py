"""HOSTILE: allocates far more memory than any kata needs (the worker's memory limit stops it)."""
import numpy as np

KATA = "reshape_2d"
EXPECT = ["construct_2d_array() raised MemoryError"]
SECONDS = 60


def construct_2d_array(original, m, n):
    blocks = []
    while True:
        blocks.append(np.empty(1 << 28))  # 2 GiB of address space each
