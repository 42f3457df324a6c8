"""Claims of /l5/geometry/ about the corner argument (snippets/l5/geometry.py)."""

import numpy as np
import pytest

from snippets.evidence import REGISTRY
from snippets.l5 import geometry

SEEDS = range(10)
TRIALS = 1_000  # per seed; the page uses 5000 at seed 0


@pytest.mark.claim("l5.geometry.axis-fraction")
@pytest.mark.parametrize("seed", SEEDS)
def test_l2_optima_never_on_an_axis_l1_often(seed):
    values = geometry.axis_fractions(seed, trials=TRIALS)
    for shape in ("symmetric", "general", "orthogonal"):
        assert values[f"l2_{shape}"] == 0.0
        assert values[f"l1_{shape}"] > 0.5
    assert values["exact_zero_counts_agree"]  # tolerance 1e-9 counts exactly the 0.0s
    assert values["l2_smallest_coordinate"] > 1e3 * values["zero_tol"]
    # Isotropic L1: the share of centres in the vertices' normal cones, within 4 binomial sd.
    p = values["l1_symmetric_theory"]
    assert abs(values["l1_symmetric"] - p) < 4 * np.sqrt(p * (1 - p) / TRIALS)


@pytest.mark.claim("l5.geometry.axis-fraction")
def test_page_values_use_parrs_setup():
    values = geometry.axis_fractions()
    parr = REGISTRY["l5.geometry.parr-reported"].values
    assert (values["trials"], values["radius"], values["box"]) == (
        parr["trials"],
        parr["radius"],
        parr["box"],
    )
    assert geometry.PARR_POINTS == parr["points"]
    assert values["l2_symmetric"] == values["l2_general"] == values["l2_orthogonal"] == 0.0
    assert min(values["l1_symmetric"], values["l1_general"], values["l1_orthogonal"]) > 0.5


@pytest.mark.claim("l5.geometry.parr-grid")
@pytest.mark.parametrize("seed", SEEDS)
def test_the_grid_reports_l2_zeros_the_exact_solver_does_not_have(seed):
    grid = geometry.parr_grid_fractions(seed, trials=TRIALS)
    exact = geometry.axis_fractions(seed, trials=TRIALS)
    for shape in ("symmetric", "general", "orthogonal"):
        assert grid[f"l2_{shape}"] > 0 and exact[f"l2_{shape}"] == 0.0  # the artefact
    # A weak feature stretches the bowl along an axis: the grid snaps far more often.
    assert grid["l2_orthogonal"] > 5 * grid["l2_general"]
    assert grid["step_degrees"] == 3.75
    # The axis points of the grid sit off the axis by rounding only, below the zero tolerance.
    assert 0 < grid["axis_point_residue"] < min(1e-15, grid["zero_tol"])
    for name in ("l1_symmetric", "l1_general", "l1_orthogonal"):  # for L1 the grid is close
        assert abs(grid[name] - exact[name]) < 0.06


def test_grid_l2_zeros_are_the_axis_points_of_the_grid():
    A, c = geometry.random_bowls(np.random.default_rng(1), 2_000, 2, "orthogonal")
    w = geometry.parr_grid_optima(A, c, 2)
    on_axis = np.any(np.abs(w) <= geometry.ZERO_TOL, axis=1)
    assert on_axis.any()
    assert np.allclose(np.max(np.abs(w[on_axis]), axis=1), geometry.RADIUS)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", ["isotropic", "general", "orthogonal"])
def test_l1_solver_beats_a_dense_boundary_search(seed, shape):
    A, c = geometry.random_bowls(np.random.default_rng(seed), 200, 1, shape)
    w = geometry.l1_ball_minimizer(A, c, geometry.RADIUS)
    assert np.allclose(np.abs(w).sum(axis=1), geometry.RADIUS, rtol=1e-14)
    dense = geometry.parr_boundary(1, n=8_000)
    d = dense[None] - c[:, None]
    best_dense = 0.5 * np.einsum("mpi,mij,mpj->mp", d, A, d).min(axis=1)
    assert np.all(geometry.quadratic(w, A, c) <= best_dense + 1e-9 * (1 + best_dense))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("shape", ["general", "orthogonal"])
def test_l2_solver_satisfies_the_trust_region_conditions(seed, shape):
    A, c = geometry.random_bowls(np.random.default_rng(seed), 500, 2, shape)
    w = geometry.l2_ball_minimizer(A, c, geometry.RADIUS)
    assert np.allclose(np.linalg.norm(w, axis=1), geometry.RADIUS, rtol=1e-13)
    # A(w - c) + mu w = 0 with mu >= 0: the gradient points straight into the disc.
    gradient = np.einsum("mij,mj->mi", A, w - c)
    cross = gradient[:, 0] * w[:, 1] - gradient[:, 1] * w[:, 0]
    assert np.allclose(cross, 0, atol=1e-9 * np.abs(gradient).max())
    assert np.all(np.einsum("mi,mi->m", gradient, w) <= 0)


def test_secular_solver_agrees_with_radial_projection_for_isotropic_bowls():
    A, c = geometry.random_bowls(np.random.default_rng(0), 1_000, 2, "isotropic")
    assert np.allclose(
        geometry.l2_ball_minimizer(A, c, geometry.RADIUS),
        geometry.radial_projection(c, geometry.RADIUS),
        rtol=0,
        atol=1e-13,
    )


@pytest.mark.claim("l5.geometry.corner-breakpoint")
def test_corner_breakpoint_separates_corner_from_edge():
    values = geometry.slider_breakpoint()
    assert values["corner_frames_match_t_star"]
    assert values["corner_frames"] > 0 and values["edge_frames"] > 0
    assert values["l2_axis_frames"] == 0
    t_star = values["t_star"]
    assert t_star < values["l1_norm_of_centre"]  # the constraint is still active there
    below, _ = geometry.slider_optima(t_star * (1 - 1e-9))
    above, _ = geometry.slider_optima(t_star * (1 + 1e-6))
    assert np.sum(below == 0.0) == 1
    assert np.all(above != 0.0)


@pytest.mark.claim("l5.geometry.seed-sweep")
def test_seed_sweep_finds_no_l2_zero_in_any_seed():
    values = geometry.seed_sweep()
    assert values["seeds"] >= 10
    assert values["l2_seeds_with_zero"] == 0
    assert values["min_l1_fraction"] > 0.5


def test_the_preview_picture_marks_each_balls_minimizer_where_a_contour_touches():
    """The picture on every page's link preview (engine/publishing/previews.py draws it): over
    the L1 ball the loss is least at the corner (0, 1), over the L2 ball off the axes (checked
    against a dense sampling of each ball's boundary); each contour drawn through a minimizer
    is the loss's level set there."""
    picture = geometry.corner_picture()
    A, c = picture["loss"]

    def loss(points):
        return geometry.quadratic(points, np.broadcast_to(A, (len(points), 2, 2)), c[None])

    t = np.linspace(0, 2 * np.pi, 20001)
    circle = np.vstack([np.cos(t), np.sin(t)]).T
    diamond = circle / np.abs(circle).sum(axis=1, keepdims=True)
    l1, l2 = picture["l1_minimizer"], picture["l2_minimizer"]
    assert np.allclose(l1, [0, 1], atol=1e-12)
    assert min(abs(l2[0]), abs(l2[1])) > 0.3, "the L2 minimum should sit well off the axes"
    assert loss(l1[None])[0] <= loss(diamond).min() + 1e-12
    assert loss(l2[None])[0] <= loss(circle).min() + 1e-12
    inner, through_l2, through_l1 = picture["contours"]
    for contour, point in ((through_l2, l2), (through_l1, l1)):
        assert np.allclose(loss(contour.T), loss(point[None])[0]), "a contour off its level"
    assert loss(inner.T).max() < loss(l2[None])[0], "the inner contour is not inside both"
