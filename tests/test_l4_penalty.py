"""Claims of /l4/ about the penalties' gradients (snippets/l4/penalty.py)."""

import numpy as np
import pytest

from snippets.l4 import penalty


@pytest.mark.claim("l4.penalty.gradient-near-zero")
def test_l1_pull_does_not_fade_near_zero():
    values = penalty.gradient_near_zero()
    w = values["w"]
    # Analytic gradients agree with finite differences (h = 1e-7: error ~1e-9 for these smooth pieces).
    assert values["l1_grad"] == pytest.approx(values["l1_grad_numeric"], abs=1e-8)
    assert values["l2_grad"] == pytest.approx(values["l2_grad_numeric"], abs=1e-8)
    # Under lambda|w| + lambda w^2 the ratio is 1 / (2|w|); with (lambda/2) w^2 it is 1 / |w|.
    assert values["ratio"] == pytest.approx(1 / (2 * w), rel=1e-12)
    assert values["ratio_half_convention"] == pytest.approx(1 / w, rel=1e-12)
    assert values["ratio"] > 1


@pytest.mark.parametrize("w", [1e-4, 0.01, 0.3, 2.0])
def test_l2_gradient_shrinks_linearly_while_l1_stays(w):
    lam = 0.7
    assert penalty.l1_gradient(w, lam) == lam
    assert penalty.l2_gradient(w, lam) == pytest.approx(2 * lam * w)
    assert np.sign(penalty.l1_gradient(-w, lam)) == -1
