"""pairwise_distances against scipy.spatial.distance.cdist (Euclidean), at the kata's benchmark sizes."""
import numpy as np
from pairwise_distance import pairwise_distances
from scipy.spatial.distance import cdist


def benchmarks():
    out = []
    for n in (100, 1000):
        rng = np.random.default_rng(0)
        X, Y = rng.standard_normal((n, 32)), rng.standard_normal((n, 32))
        out.append({"name": f"pairwise_distances N=M={n} D=32", "reference": lambda X=X, Y=Y: pairwise_distances(X, Y),
                    "library": lambda X=X, Y=Y: cdist(X, Y), "library_name": "scipy.spatial.distance.cdist"})
    return out
