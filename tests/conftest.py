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
