"""WRONG: divides by a union of 0 for two degenerate boxes."""
from planted.iou._pair import all_pairs, pair_iou

EXPECT = "guard the division"


def iou(box1, box2):
    return pair_iou(box1, box2, guard=False)


def box_iou(boxes1, boxes2):
    return all_pairs(boxes1, boxes2)
