"""Claims of /follow-up/ about the small-data / large-data regime (snippets/follow_up/regime.py)."""

import numpy as np
import pytest

from snippets.follow_up import regime

# Held-out losses are means over 2000 points, so a difference between two models on the same
# points carries noise of order 0.01 nats; the thresholds sit well outside that.
CLEAR_GAIN = 0.1
NEGLIGIBLE = 0.01


@pytest.mark.claim("follow-up.regime.weight-decay-benefit")
def test_weight_decay_helps_small_data_and_not_large_data():
    values = regime.weight_decay_benefit()
    assert values["seeds"] >= 10
    assert values["gain_small_min"] > CLEAR_GAIN
    assert abs(values["gain_large"]) < NEGLIGIBLE
    assert max(abs(values["gain_large_min"]), abs(values["gain_large_max"])) < NEGLIGIBLE
    assert abs(values["gain_large"]) < 0.05 * values["gain_small"]
    assert values["chosen_wd_small_median"] > values["chosen_wd_large_median"]


def test_the_regime_change_holds_on_fresh_seeds():
    fresh = range(10, 30)
    small = regime.weight_decay_gains(regime.N_SMALL, fresh)["gain"]
    large = regime.weight_decay_gains(regime.N_LARGE, fresh)["gain"]
    assert np.all(small > CLEAR_GAIN), small
    assert np.all(np.abs(large) < NEGLIGIBLE), large


def test_unregularized_model_overfits_the_small_set():
    """Without decay, the held-out loss with few samples is far above the best decayed model."""
    test_loss = regime.weight_decay_gains(regime.N_SMALL, range(10))["test_loss"]
    assert np.all(test_loss[:, 0] > np.log(2))  # worse than predicting 1/2 everywhere
    assert np.all(test_loss.min(axis=1) < np.log(2))
