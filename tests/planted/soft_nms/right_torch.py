"""RIGHT: torch, computing in the scores' own precision (float32 stays float32 throughout): the IoU row
of the selected box against the live ones, torch.where for the linear gate, a live index tensor."""
import numpy as np
import torch


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    if method not in ("linear", "gaussian"):
        raise ValueError(f"unknown method {method!r}")
    if sigma <= 0:
        raise ValueError("sigma must be > 0")
    boxes, scores = np.asarray(boxes), np.asarray(scores)
    if boxes.ndim != 2 or boxes.shape[1] != 4 or scores.shape != (len(boxes),):
        raise ValueError("boxes must be [N, 4] and scores [N]")
    dtype = scores.dtype if scores.dtype.kind == "f" else np.dtype(np.float64)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    b = torch.tensor(boxes, dtype=tdtype)
    s = torch.tensor(scores, dtype=tdtype)  # torch.tensor copies
    live = torch.nonzero(s >= score_threshold).flatten()
    keep, kept = [], []
    while live.numel():
        j = int(torch.argmax(s[live]))  # the first maximum: live is increasing, so the lower index
        m = int(live[j])
        keep.append(m)
        kept.append(float(s[m]))
        live = torch.cat([live[:j], live[j + 1:]])
        other = b[live]
        wh = (torch.minimum(b[m, 2:], other[:, 2:]) - torch.maximum(b[m, :2], other[:, :2])).clamp(min=0)
        inter = wh[:, 0] * wh[:, 1]
        area = (other[:, 2] - other[:, 0]) * (other[:, 3] - other[:, 1])
        union = (b[m, 2] - b[m, 0]) * (b[m, 3] - b[m, 1]) + area - inter
        safe = torch.where(union > 0, union, torch.ones_like(union))
        iou = torch.where(union > 0, inter / safe, torch.zeros_like(union))
        if method == "linear":
            weight = torch.where(iou > iou_threshold, 1 - iou, torch.ones_like(iou))
        else:
            weight = torch.exp(-iou * iou / sigma)
        s[live] = s[live] * weight
        live = live[s[live] >= score_threshold]
    return np.array(keep, dtype=np.int64), np.array(kept, dtype=dtype)
