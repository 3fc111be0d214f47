"""WRONG: union = area1 + area2 (the intersection is counted twice)."""
import numpy as np

EXPECT = "area1 + area2 - intersection"


def iou(box1, box2):
    inter = max(0, min(box1[2], box2[2]) - max(box1[0], box2[0])) * max(0, min(box1[3], box2[3]) - max(box1[1], box2[1]))
    union = (box1[2] - box1[0]) * (box1[3] - box1[1]) + (box2[2] - box2[0]) * (box2[3] - box2[1])
    return inter / union if union > 0 else 0.0


def box_iou(boxes1, boxes2):
    return np.array([[iou(a, b) for b in boxes2] for a in boxes1], dtype=np.result_type(boxes1, boxes2, np.float32))
