"""RIGHT: the zip-of-one-iterator idiom, rows turned into lists."""


def construct_2d_array(original, m, n):
    if not (m > 0 and n > 0):
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    it = iter(original)
    return [list(row) for row in zip(*[it] * n)]
