"""Fixtures shared by the repo's own tests (helpers live in tests/katatest.py)."""
import pytest


@pytest.fixture(scope="module")
def torch_one_thread():
    """torch on one thread for a module of tiny tensors: thread start-up would dominate."""
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def blas_one_thread():
    """scikit-learn's OpenMP and BLAS on one thread for a module of small inputs: on a shared
    machine their thread pools cost ~0.3 s a call."""
    threadpoolctl = pytest.importorskip("threadpoolctl", reason="installed with scikit-learn")
    with threadpoolctl.threadpool_limits(1):
        yield
