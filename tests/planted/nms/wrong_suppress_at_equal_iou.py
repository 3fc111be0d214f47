"""WRONG: suppresses a box whose IoU equals the threshold (keeps only iou < threshold)."""
from planted.nms._greedy import batched, greedy

EXPECT = "STRICTLY greater"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold, survives=lambda iou, t: iou < t)


batched_nms = batched
