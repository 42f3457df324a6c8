"""Claims of /l6/ about the learning-rate x weight-decay grid (snippets/l6/decoupling.py)."""

import numpy as np
import pytest

from snippets.l6 import decoupling

SEEDS = range(5)  # each seed trains 88 models; five keep the file under 15 s


@pytest.mark.claim("l6.adamw.decoupling-grid")
@pytest.mark.parametrize("seed", SEEDS)
def test_best_decay_ignores_lr_for_adam_l2_and_follows_it_for_paper_adamw(seed):
    values = decoupling.decoupling_grid(seed)
    assert values["minima_interior"] is True  # otherwise the slope measures the grid's edge
    # 0.5 is halfway between "ignores lr" (slope 0) and "proportional to lr" (slope 1).
    assert values["coupling_adam_l2"] < 0.5
    assert values["coupling_adamw"] > 0.5
    assert values["coupling_adamw_torch"] < 0.5
    assert values["best_loss_adam_l2"] < values["best_loss_adamw"]


def test_coupling_measure():
    lrs = np.logspace(-2, 0, 3)
    assert decoupling.coupling(np.log10(lrs) - 1.0, lrs) == pytest.approx(1.0)
    assert decoupling.coupling(np.full(3, -3.0), lrs) == pytest.approx(0.0, abs=1e-12)
    losses = (np.log10(decoupling.WEIGHT_DECAYS) + 2.3) ** 2 * np.ones((2, 1))
    assert decoupling.best_log_decay(losses) == pytest.approx([-2.3, -2.3])


def test_digits_are_scikit_learns():
    from sklearn.datasets import load_digits

    X, y = decoupling.load_digits()
    expected_X, expected_y = load_digits(return_X_y=True)
    assert np.array_equal(X, expected_X) and np.array_equal(y, expected_y)
