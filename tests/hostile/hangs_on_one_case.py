"""HOSTILE: right on every case but one, where it never returns. That case's call is sent to the
worker ahead (while the case before it is reported): the time-out is still that case's own."""
KATA = "reshape_2d"
OPTIONS = ["--kata-timeout=1"]
EXPECT = ['construct_2d_array() failed on case "3 x 2 is not 2 x 3"',
          "timed out: construct_2d_array() did not return within 1 s"]
ABSENT = ['failed on case "2 x 2 from 4 elements"']
SECONDS = 15


def construct_2d_array(original, m, n):
    if (m, n) == (3, 2):
        while True:
            pass
    if m * n != len(original):
        return []
    return [list(original[i * n:(i + 1) * n]) for i in range(m)]
