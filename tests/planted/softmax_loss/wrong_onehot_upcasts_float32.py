"""WRONG: dscores = probs - np.eye(C)[y]: the float64 one-hot upcasts a float32 gradient."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "a float32 dW"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, onehot64=True)
