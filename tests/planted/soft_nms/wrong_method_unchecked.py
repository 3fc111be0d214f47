"""WRONG: `if method == "linear": ... else: <gaussian>`: any other method silently runs the gaussian (no
ValueError for an unknown method)."""
from planted.soft_nms._knobs import soft

EXPECT = "anything else raises ValueError"


def soft_nms(boxes, scores, sigma=0.5, iou_threshold=0.3, score_threshold=0.001, method="linear"):
    return soft(boxes, scores, sigma, iou_threshold, score_threshold,
                "linear" if method == "linear" else "gaussian")
