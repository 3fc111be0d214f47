"""HOSTILE: a long call in C that never checks for signals."""
KATA = "reshape_2d"
OPTIONS = ["--kata-timeout=1"]
EXPECT = ["timed out: construct_2d_array() did not return within 1 s"]
SECONDS = 15


def construct_2d_array(original, m, n):
    return sum(range(10**13))
