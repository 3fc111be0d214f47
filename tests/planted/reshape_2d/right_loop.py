"""RIGHT: an index loop appending element by element."""


def construct_2d_array(original, m, n):
    if m < 1 or n < 1:
        raise ValueError(f"m and n must be positive, got {m} and {n}")
    if m * n != len(original):
        return []
    result = []
    for i in range(m):
        row = []
        for j in range(n):
            row.append(original[i * n + j])
        result.append(row)
    return result
