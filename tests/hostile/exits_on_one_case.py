"""HOSTILE: right on every case but one, where it ends the worker process. That case's call is sent
to the worker ahead (while the case before it is reported): the exit is still blamed on that case,
and the cases after it are graded by a new worker."""
KATA = "reshape_2d"
EXPECT = ['construct_2d_array() failed on case "one column"',
          "your code exited the process while running construct_2d_array()"]
ABSENT = ['failed on case "2 x 2 from 4 elements"', 'failed on case "1 x 1"']
SECONDS = 20


def construct_2d_array(original, m, n):
    if (m, n) == (4, 1):
        import os
        os._exit(3)
    if m * n != len(original):
        return []
    return [list(original[i * n:(i + 1) * n]) for i in range(m)]
