"""kmeans (Lloyd from given centroids) against scikit-learn's KMeans (one init, algorithm="lloyd", tol=0),
at the kata's benchmark sizes. Both run the same iterations: the data are well-separated blobs with no
empty cluster, where the two stop at the same iteration (checked once below)."""
import numpy as np
from kmeans import kmeans
from sklearn.cluster import KMeans


def benchmarks():
    out = []
    for n in (1000, 10000):
        rng = np.random.default_rng(0)
        centres = rng.normal(0.0, 4.0, (8, 16))
        x = centres[rng.integers(0, 8, n)] + rng.normal(0.0, 1.0, (n, 16))
        init = x[rng.choice(n, 8, replace=False)].copy()
        model = KMeans(n_clusters=8, init=init, n_init=1, algorithm="lloyd", max_iter=20, tol=0.0)
        assert kmeans(x, init, 20, 0.0)[2] == model.fit(x).n_iter_, "not the same iterations"
        out.append({"name": f"kmeans N={n} D=16 K=8 max_iter=20", "reference": lambda x=x, i=init: kmeans(x, i, 20, 0.0),
                    "library": lambda x=x, m=model: m.fit(x), "library_name": "sklearn.cluster.KMeans (lloyd)"})
    return out
