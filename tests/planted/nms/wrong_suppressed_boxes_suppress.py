"""WRONG: a box is compared with every higher-scored box, including suppressed ones."""
from planted.nms._greedy import batched, greedy

EXPECT = "only with KEPT boxes"


def nms(boxes, scores, iou_threshold):
    return greedy(boxes, scores, iou_threshold, only_kept=False)


batched_nms = batched
