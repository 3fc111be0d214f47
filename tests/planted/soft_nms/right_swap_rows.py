"""RIGHT: the shape of the authors' Cython loop (position i takes the best of rows i..n-1 by a swap;
rows that fall below the threshold are swapped out past the end), fixed for the contract: on a copy
with an index column, widths without + 1, the scores filtered first, ties by the ORIGINAL index."""
import numpy as np


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    if method not in ("linear", "gaussian"):
        raise ValueError(f"unknown method {method!r}")
    if sigma <= 0:
        raise ValueError("sigma must be > 0")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or scores.shape != (len(boxes),):
        raise ValueError("boxes must be [N, 4] and scores [N]")
    dtype = scores.dtype if scores.dtype.kind == "f" else np.dtype(np.float64)
    # rows: x1, y1, x2, y2, score, original index
    rows = np.column_stack([boxes.astype(np.float64), scores.astype(np.float64), np.arange(len(boxes))])
    rows = rows[rows[:, 4] >= score_threshold]
    n = len(rows)
    i = 0
    while i < n:
        best = i
        for pos in range(i + 1, n):
            s, t = rows[pos, 4], rows[best, 4]
            if s > t or (s == t and rows[pos, 5] < rows[best, 5]):
                best = pos
        rows[[i, best]] = rows[[best, i]]
        x1, y1, x2, y2 = rows[i, :4]
        pos = i + 1
        while pos < n:
            iw = min(x2, rows[pos, 2]) - max(x1, rows[pos, 0])
            ih = min(y2, rows[pos, 3]) - max(y1, rows[pos, 1])
            ov = 0.0
            if iw > 0 and ih > 0:
                ua = (x2 - x1) * (y2 - y1) + (rows[pos, 2] - rows[pos, 0]) * (rows[pos, 3] - rows[pos, 1]) - iw * ih
                ov = iw * ih / ua
            if method == "linear":
                rows[pos, 4] *= 1.0 - ov if ov > iou_threshold else 1.0
            else:
                rows[pos, 4] *= np.exp(-ov * ov / sigma)
            if rows[pos, 4] < score_threshold:
                rows[[pos, n - 1]] = rows[[n - 1, pos]]
                n -= 1
            else:
                pos += 1
        i += 1
    return rows[:n, 5].astype(np.int64), rows[:n, 4].astype(dtype)
