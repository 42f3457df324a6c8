"""Claims of /l6/ about the learning-rate x weight-decay grid (snippets/l6/decoupling.py)."""

import numpy as np
import pytest

from snippets.l6 import decoupling

# What the page's words mean, as slopes of the best log10 decay against log10 lr: 0 ignores
# lr, 1 follows it in proportion. The bands leave room for the grid's resolution (half a
# decade of decay, refined by a parabola) over four learning rates.
PARTLY = (0.05, 0.5)  # "partly coupled": clearly moves, but far less than in proportion
ALMOST_PROPORTIONAL = (0.8, 1.3)
BARELY = 0.1  # "barely moves", on the page's split
FLATTER = 0.5  # on every split, PyTorch's weight_decay moves at most half as much as lr


@pytest.mark.claim("l6.adamw.decoupling-grid")
@pytest.mark.parametrize("seed", decoupling.SPLITS)
def test_adam_l2_decay_is_partly_coupled_and_paper_adamw_decay_almost_proportional(seed):
    values = decoupling.decoupling_grid(seed)
    assert values["minima_interior"] is True  # otherwise the slope measures the grid's edge
    # Adam + L2: the best lambda' falls as lr rises, partly.
    assert values["slope_adam_l2"] < 0
    assert PARTLY[0] < values["coupling_adam_l2"] < PARTLY[1]
    assert 1 < values["adam_l2_fold"] < values["lr_range"] ** PARTLY[1]
    # AdamW, the paper's lambda: rises almost in proportion to lr.
    assert ALMOST_PROPORTIONAL[0] < values["slope_adamw"] < ALMOST_PROPORTIONAL[1]
    # The same AdamW optima as PyTorch's weight_decay = lambda / lr: much flatter.
    assert values["coupling_adamw_torch"] < FLATTER
    assert values["best_loss_adam_l2"] < values["best_loss_adamw"]


@pytest.mark.claim("l6.adamw.decoupling-grid")
def test_on_the_pages_split_torch_weight_decay_barely_moves():
    values = decoupling.decoupling_grid(0)
    assert values["coupling_adamw_torch"] < BARELY
    assert values["splits_checked"] == len(decoupling.SPLITS) >= 10


def test_slope_measure():
    lrs = np.logspace(-2, 0, 3)
    assert decoupling.slope(np.log10(lrs) - 1.0, lrs) == pytest.approx(1.0)
    assert decoupling.slope(-np.log10(lrs), lrs) == pytest.approx(-1.0)
    assert decoupling.coupling(-np.log10(lrs), lrs) == pytest.approx(1.0)
    assert decoupling.coupling(np.full(3, -3.0), lrs) == pytest.approx(0.0, abs=1e-12)
    losses = (np.log10(decoupling.WEIGHT_DECAYS) + 2.3) ** 2 * np.ones((2, 1))
    assert decoupling.best_log_decay(losses) == pytest.approx([-2.3, -2.3])


def test_digits_are_scikit_learns():
    from sklearn.datasets import load_digits

    X, y = decoupling.load_digits()
    expected_X, expected_y = load_digits(return_X_y=True)
    assert np.array_equal(X, expected_X) and np.array_equal(y, expected_y)
