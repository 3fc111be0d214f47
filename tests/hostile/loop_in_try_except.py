"""HOSTILE: an endless loop that swallows every exception (the old one-shot alarm included)."""
KATA = "reshape_2d"
OPTIONS = ["--kata-timeout=1"]
EXPECT = ["timed out: construct_2d_array() did not return within 1 s",
          "skipped: construct_2d_array() timed out on an earlier case"]
SECONDS = 15  # one time-out, then the remaining cases fail at once


def construct_2d_array(original, m, n):
    while True:
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001
            pass
