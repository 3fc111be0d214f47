"""RIGHT: torch tensor ops inside a numpy-in, numpy-out function."""
import numpy as np
import torch


def _iou(a, b):
    lt = torch.maximum(a[:, None, :2], b[None, :, :2])
    rb = torch.minimum(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area = lambda x: (x[:, 2] - x[:, 0]) * (x[:, 3] - x[:, 1])  # noqa: E731
    union = area(a)[:, None] + area(b)[None, :] - inter
    return torch.where(union > 0, inter / union.clamp(min=1e-300), torch.zeros_like(inter))


def nms(boxes, scores, iou_threshold):
    b = torch.as_tensor(boxes, dtype=torch.float64)
    order = torch.argsort(torch.as_tensor(scores, dtype=torch.float64), descending=True, stable=True)
    keep = []
    while order.numel():
        i = order[0]
        keep.append(int(i))
        order = order[1:][_iou(b[i:i + 1], b[order[1:]])[0] <= iou_threshold]
    return np.array(keep, dtype=np.int64)


def batched_nms(boxes, scores, labels, iou_threshold):
    keep = []
    for label in torch.as_tensor(labels).unique():
        idx = torch.nonzero(torch.as_tensor(labels) == label).flatten().numpy()
        keep += idx[nms(boxes[idx], scores[idx], iou_threshold)].tolist()
    keep = np.array(keep, dtype=np.int64)
    return keep[np.lexsort((keep, -np.asarray(scores)[keep]))]
