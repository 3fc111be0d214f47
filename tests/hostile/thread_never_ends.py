"""HOSTILE: a non-daemon thread that never ends. Before: pytest never exited; then every case waited
half a second for the thread (12 s for reshape_2d). Now the later cases fail at once."""
import threading
import time

KATA = "reshape_2d"
EXPECT = ["started a thread that never ended",
          "skipped: construct_2d_array() started a thread that never ended on an earlier case"]
SECONDS = 8


def _forever():
    while True:
        time.sleep(0.05)


def construct_2d_array(original, m, n):
    threading.Thread(target=_forever).start()
    if len(original) != m * n:
        return []
    return [original[i * n:(i + 1) * n] for i in range(m)]
