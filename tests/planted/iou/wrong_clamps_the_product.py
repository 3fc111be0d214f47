"""WRONG: max(0, w * h): two negative sides make a positive overlap."""
from planted.iou._pair import all_pairs, pair_iou

EXPECT = "SEPARATELY"


def iou(box1, box2):
    return pair_iou(box1, box2, clamp_product=True)


def box_iou(boxes1, boxes2):
    return all_pairs(boxes1, boxes2, clamp_product=True)
