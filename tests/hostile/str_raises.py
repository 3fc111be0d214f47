"""HOSTILE: an exception whose __str__ raises."""
KATA = "reshape_2d"
EXPECT = ["construct_2d_array() raised Nasty"]
ABSENT = ["Traceback"]


class Nasty(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


def construct_2d_array(original, m, n):
    raise Nasty()
