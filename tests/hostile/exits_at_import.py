"""HOSTILE: os._exit at the top level: the file never finishes importing."""
import os

KATA = "reshape_2d"
EXPECT = ["does not import", "ended the process while being imported"]

os._exit(0)
