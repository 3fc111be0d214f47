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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` that groups. xdist 3.8 names a test's group by renaming the test, which
    pytest 9.2 ignores: every test was its own group, and a kata's batch of gradings
    (katatest.grade_in_batch) ran once on each worker that met the kata. Here the group of a test
    of test_graders.py is its kata, read from its id ("[nms]", "[nms/wrong_strict_threshold]"):
    the same groups as its `by_kata` marks. Any other test is a group of its own."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    from katatest import group_of

    class ByKata(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return ByKata(config, log)

