"""WRONG: box_iou returns [M, N] (columns are boxes1)."""
from planted.iou._pair import all_pairs, pair_iou

EXPECT = "row i, column j"


def iou(box1, box2):
    return pair_iou(box1, box2)


def box_iou(boxes1, boxes2):
    return all_pairs(boxes2, boxes1)
