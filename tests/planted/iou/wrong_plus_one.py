"""WRONG: pixel convention, width x2 - x1 + 1."""
from planted.iou._pair import all_pairs, pair_iou

EXPECT = "no + 1"


def iou(box1, box2):
    return pair_iou(box1, box2, plus_one=1.0)


def box_iou(boxes1, boxes2):
    return all_pairs(boxes1, boxes2, plus_one=1.0)
