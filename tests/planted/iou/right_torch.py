"""RIGHT: torch ops, numpy in and out."""
import numpy as np
import torch


def iou(box1, box2):
    return float(box_iou(np.array([box1], dtype=np.float64), np.array([box2], dtype=np.float64))[0, 0])


def box_iou(boxes1, boxes2):
    dtype = boxes1.dtype if boxes1.dtype.kind == "f" else np.float64
    a, b = torch.from_numpy(boxes1.astype(dtype)), torch.from_numpy(boxes2.astype(dtype))
    wh = (torch.minimum(a[:, None, 2:], b[None, :, 2:]) - torch.maximum(a[:, None, :2], b[None, :, :2])).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    union = area_a[:, None] + area_b[None, :] - inter
    return torch.where(union > 0, inter / torch.where(union > 0, union, 1), 0).numpy()
