#!/usr/bin/env python3
"""Generate Tests/AlphaFusionTests/Fixtures/logistic_sklearn.json: scikit-learn's L2 logistic regression on small
data sets, the oracle for AlphaFusion's LogisticRegression (Newton/IRLS, intercept not penalised).

Usage: python3 -m venv /tmp/venv-sk && /tmp/venv-sk/bin/pip install scikit-learn numpy
       /tmp/venv-sk/bin/python scripts/gen_logistic_fixture.py

Mapping. Lunar minimises (1/N)·Σ logloss + (λ/2)·‖w‖² over the N usable training rows; scikit-learn minimises
C·Σ logloss + ½‖w‖² (intercept not penalised with the lbfgs/newton solvers). Dividing the latter by C·N gives the
former with λ = 1/(C·N), so each case is fitted with C = 1/(λ·N). The script checks that mapping itself: the
gradient of Lunar's objective at scikit-learn's solution must vanish.

Each case: features (column-major; null = NaN), labels (null = NaN), train_start (0-based), train_end (exclusive,
before purging), purge, l2, and scikit-learn's coef, intercept and predict_proba[:, 1] for every row (null where a
feature is NaN). Rows of the purged range with a NaN feature or label are dropped before fitting.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "AlphaFusionTests", "Fixtures", "logistic_sklearn.json")


def make_case(name, rng, n, k, true_w, true_b, train_start, train_end, purge, l2, nan_rows=(), nan_labels=(),
              scale=1.0):
    X = rng.normal(0, scale, (n, k))
    eta = true_b + X @ np.asarray(true_w)
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    for i, j in nan_rows:
        X[i, j] = np.nan
    for i in nan_labels:
        y[i] = np.nan
    hi = train_end - purge
    rows = [i for i in range(train_start, hi) if not np.isnan(y[i]) and not np.isnan(X[i]).any()]
    Xt, yt = X[rows], y[rows]
    N = len(rows)
    C = 1.0 / (l2 * N)
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-13, max_iter=10_000)
    model.fit(Xt, yt)
    w, b = model.coef_[0], model.intercept_[0]
    # Self-check of the documented mapping: Lunar's gradient at scikit-learn's optimum is ~0.
    mu = 1 / (1 + np.exp(-(b + Xt @ w)))
    grad_w = Xt.T @ (mu - yt) / N + l2 * w
    grad_b = np.mean(mu - yt)
    assert max(np.abs(grad_w).max(), abs(grad_b)) < 1e-9, (name, grad_w, grad_b)
    proba = [None if np.isnan(X[i]).any() else float(model.predict_proba(X[i:i + 1])[0, 1]) for i in range(n)]
    nul = lambda v: None if np.isnan(v) else float(v)
    return {
        "name": name, "features": [[nul(v) for v in X[:, j]] for j in range(k)], "labels": [nul(v) for v in y],
        "train_start": train_start, "train_end": train_end, "purge": purge, "l2": l2, "rows_used": N, "C": C,
        "coef": [float(v) for v in w], "intercept": float(b), "proba": proba,
    }


def main():
    rng = np.random.default_rng(8)
    cases = [
        make_case("three_features", rng, 200, 3, [1.2, -0.7, 0.3], 0.2, 0, 150, 0, 1e-2),
        make_case("nan_rows_and_purge", rng, 160, 2, [0.8, 1.5], -0.4, 10, 130, 5, 1e-3,
                  nan_rows=[(12, 0), (40, 1), (77, 0), (140, 1)], nan_labels=[20, 55]),
        make_case("strong_penalty", rng, 120, 4, [2.0, -1.0, 0.5, 0.0], 0.0, 0, 100, 0, 0.5),
        make_case("nearly_separable", rng, 150, 2, [6.0, -4.0], 0.5, 0, 120, 0, 1e-3, scale=1.5),
    ]
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/gen_logistic_fixture.py", "sklearn": sklearn.__version__, "cases": cases}, f,
                  separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({len(cases)} cases, scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
