"""WRONG: // instead of /, so integer boxes give 0."""
from planted.iou._pair import all_pairs, pair_iou

EXPECT = "true division"


def iou(box1, box2):
    return pair_iou(box1, box2, floor=True)


def box_iou(boxes1, boxes2):
    return all_pairs(boxes1, boxes2)
