"""HOSTILE: raise KeyboardInterrupt. Before: the whole run stopped and every kata read 'failing 0/0'."""
KATA = "reshape_2d"
EXPECT = ["construct_2d_array() raised KeyboardInterrupt"]


def construct_2d_array(original, m, n):
    raise KeyboardInterrupt
