"""flash_attention (blocks of 64 keys) against a full NumPy attention (the whole [L, L] score matrix),
time and traced peak memory side by side. The peaks are in each benchmark's name (reference / full);
`python scripts/libbench/flash_attention.py` prints them as a table."""
import sys
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run directly: this folder, not solutions/, is first on the path
    sys.path[0:1] = [str(ROOT / "solutions"), str(ROOT)]
from flash_attention import flash_attention  # noqa: E402

SIZES = (256, 1024, 2048)
D = BLOCK = 64


def full_attention(q, k, v):
    """softmax(q k^T / sqrt(d)) v with the whole score matrix: what flash_attention avoids."""
    s = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return (p @ v) / p.sum(axis=-1, keepdims=True)


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def inputs(L):
    rng = np.random.default_rng(0)
    return tuple(rng.standard_normal((L, D)) for _ in range(3))


def benchmarks():
    out = []
    for L in SIZES:
        q, k, v = inputs(L)
        ref = lambda q=q, k=k, v=v: flash_attention(q, k, v, BLOCK)  # noqa: E731
        lib = lambda q=q, k=k, v=v: full_attention(q, k, v)  # noqa: E731
        out.append({"name": f"flash L={L} d={D} B={BLOCK} ({peak_mib(ref):.1f} / {peak_mib(lib):.1f} MiB)",
                    "reference": ref, "library": lib, "library_name": "full numpy attention"})
    return out


if __name__ == "__main__":
    from sensei.timing import paired_times

    print(f"{'L':>6}{'flash time':>14}{'full time':>14}{'flash peak':>14}{'full peak':>14}")
    for L in SIZES:
        q, k, v = inputs(L)
        ref = lambda: flash_attention(q, k, v, BLOCK)  # noqa: E731
        lib = lambda: full_attention(q, k, v)  # noqa: E731
        t_ref, _, t_lib, _ = paired_times(ref, lib)
        print(f"{L:>6}{t_ref * 1e3:>11.2f} ms{t_lib * 1e3:>11.2f} ms{peak_mib(ref):>10.2f} MiB{peak_mib(lib):>10.2f} MiB")
