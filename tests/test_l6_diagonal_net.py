"""Claim of /l6/implicit/ that a diagonal linear network from a small start finds a near-minimum-L1
interpolant (snippets/l6/diagonal_net.py)."""

import pytest

from snippets.l6 import diagonal_net


@pytest.mark.claim("l6.implicit.diagonal-net")
@pytest.mark.parametrize("seed", range(10))
def test_start_scale_switches_between_l1_and_l2(seed):
    values = diagonal_net.diagonal_net(seed)
    # Small start: near the minimum-L1 interpolant. Off-support coordinates decay only like
    # 1/steps, so after 5000 steps we ask for 0.05 (5% of the smallest true coefficient).
    assert values["small_gap_to_min_l1"] < 0.05
    assert values["small_gap_to_min_l1"] < 0.05 * values["small_gap_to_min_l2"]
    assert values["small_nonzeros"] == values["k"]
    # Large start: the kernel regime, near the minimum-L2 interpolant and dense.
    assert values["large_gap_to_min_l2"] < 1e-4
    assert values["large_gap_to_min_l2"] < 1e-3 * values["large_gap_to_min_l1"]
    assert values["large_nonzeros"] > values["n"]
