"""HOSTILE: the returned object's __repr__ never ends (the grader must not print it)."""
KATA = "reshape_2d"
OPTIONS = ["--kata-timeout=2"]
EXPECT = ["construct_2d_array() failed on case", "got a Rows object (not a plain list"]
SECONDS = 30


class Rows(list):
    def __repr__(self):
        while True:
            pass


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    return Rows([original[i * n:(i + 1) * n] for i in range(m)] if len(original) == m * n else [])
