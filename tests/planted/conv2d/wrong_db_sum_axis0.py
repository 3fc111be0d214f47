"""WRONG: db sums dout over the batch only, np.sum(dout, axis=0), not over the positions too."""
from planted.conv2d import _naive

EXPECT = 'over the samples AND every output position'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache, db_axes=0)
