"""The corner argument, measured with exact solvers: claims l5.geometry.axis-fraction,
l5.geometry.parr-grid and l5.geometry.corner-breakpoint, page /l5/geometry/."""

import numpy as np
import plotly.graph_objects as go

from snippets.evidence import cited, claim, figure, report
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout, slider_layout

TRIALS = 5_000
RADIUS = 2.0
BOX = 10.0  # loss centres uniform on [-BOX, BOX]^2, as in Parr's experiment
ZERO_TOL = 1e-9  # the solvers are exact to ~1e-15; far below any non-zero coordinate they return
PARR_POINTS = 100  # Parr scores 100 points on the boundary and keeps the best


cited(
    "l5.geometry.parr-reported",
    statement=(
        "Parr's simulation ({trials} trials per panel, centres uniform in [-{box}, {box}]^2 "
        "outside a ball of radius {radius}, best of {points} boundary points) reports a zero "
        "coefficient for L1 vs L2 in {l1_symmetric} vs {l2_symmetric} of symmetric losses, "
        "{l1_general} vs {l2_general} of general losses and {l1_orthogonal} vs {l2_orthogonal} "
        "of losses with one weakly predictive feature."
    ),
    values={
        "trials": 5000,
        "box": 10.0,
        "radius": 2.0,
        "points": 100,
        "l1_symmetric": 0.66,
        "l2_symmetric": 0.03,
        "l1_general": 0.72,
        "l2_general": 0.05,
        "l1_orthogonal": 0.80,
        "l2_orthogonal": 0.45,
    },
    source='Parr, explained.ai, "A visual explanation for regularization of linear models"',
    locator='chapter "The difference between L1 and L2 regularization", sections '
    '"L1 regularization encourages zero coefficients" and "L1 and L2 regularization '
    'encourage zero coefficients for less predictive features"; the setup (box, radius, '
    "points) in regularization/code/loss2d.py of parrt/ml-articles: w, h = 10, 10; lmbda = 2; "
    "diamond() and circle() with n = 100",
)


# --8<-- [start:exact-solvers]
def quadratic(w, A, c):
    """f(w) = (1/2)(w - c)^T A (w - c), batched: w and c of shape (m, 2), A of shape (m, 2, 2)."""
    d = w - c
    return 0.5 * np.einsum("mi,mij,mj->m", d, A, d)


def l1_ball_minimizer(A, c, t):
    """Exact argmin of f over |w1| + |w2| <= t. If c is outside, the minimizer is on the
    boundary: one of the 4 vertices, or the 1-D minimizer of f inside one of the 4 edges."""
    vertices = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    candidates = [np.broadcast_to(v, c.shape) for v in vertices]
    for k in range(4):
        start, direction = vertices[k], vertices[(k + 1) % 4] - vertices[k]
        curvature = np.einsum("i,mij,j->m", direction, A, direction)
        s = -np.einsum("i,mij,mj->m", direction, A, start - c) / curvature
        inside = (s > 0) & (s < 1)  # else this edge's best point is a vertex, already listed
        edge_point = start + np.where(inside, s, 0.0)[:, None] * direction
        candidates.append(np.where(inside[:, None], edge_point, vertices[k]))
    values = np.stack([quadratic(w, A, c) for w in candidates])
    best = np.stack(candidates)[np.argmin(values, axis=0), np.arange(len(c))]
    return np.where((np.abs(c).sum(axis=1) <= t)[:, None], c, best)


def l2_ball_minimizer(A, c, t, iterations=60):
    """Exact argmin of f over ||w||_2 <= t, by the trust-region secular equation:
    w(mu) = (A + mu I)^{-1} A c with mu >= 0 chosen so that ||w(mu)|| = t."""
    eigenvalues, Q = np.linalg.eigh(A)
    b = np.einsum("mji,mj->mi", Q, np.einsum("mij,mj->mi", A, c))  # Q^T A c
    mu = np.zeros(len(c))
    for _ in range(iterations):  # Newton on 1/||w(mu)|| - 1/t: concave, so monotone from mu = 0
        norm = np.sqrt(np.sum(b**2 / (eigenvalues + mu[:, None]) ** 2, axis=1))
        slope = np.sum(b**2 / (eigenvalues + mu[:, None]) ** 3, axis=1) / norm**3
        mu = np.maximum(mu - (1 / norm - 1 / t) / slope, 0.0)
    w = np.einsum("mij,mj->mi", Q, b / (eigenvalues + mu[:, None]))
    return np.where((np.linalg.norm(c, axis=1) <= t)[:, None], c, w)


def radial_projection(c, t):
    """Exact argmin over ||w||_2 <= t for an isotropic bowl: the nearest point of the disc."""
    norm = np.linalg.norm(c, axis=1, keepdims=True)
    return np.where(norm <= t, c, t * c / norm)


# --8<-- [end:exact-solvers]


# --8<-- [start:parr-bowls]
def random_bowls(rng, trials, norm, shape, radius=RADIUS):
    """Parr's random losses a(w1-c1)^2 + b(w2-c2)^2 + k(w1-c1)(w2-c2), kept if positive definite,
    centre uniform on the box and kept if outside the ball. Shapes: "general" a, b ~ U(0, 10),
    k ~ U(-2, 2); "isotropic" a = b, k = 0; "orthogonal" (one feature barely matters) one of
    a, b is 0.1, the other ~ U(-5, 10), k = 0. Returns Hessians A (m, 2, 2) and centres (m, 2)."""
    centres = np.empty((0, 2))
    while len(centres) < trials:
        draw = rng.uniform(-BOX, BOX, size=(2 * trials, 2))
        outside = np.linalg.norm(draw, ord=norm, axis=1) > radius
        centres = np.concatenate([centres, draw[outside]])
    hessians = np.empty((0, 2, 2))
    while len(hessians) < trials:
        a, b, k = rng.uniform(0, 10, trials), rng.uniform(0, 10, trials), rng.uniform(-2, 2, trials)
        if shape == "isotropic":
            b, k = a, np.zeros(trials)
        elif shape == "orthogonal":
            weak_first, strong = rng.random(trials) < 0.5, rng.uniform(-5, 10, trials)
            a, b = np.where(weak_first, 0.1, strong), np.where(weak_first, strong, 0.1)
            k = np.zeros(trials)
        A = np.stack([np.stack([2 * a, k], axis=1), np.stack([k, 2 * b], axis=1)], axis=1)
        positive_definite = (a > 0) & (b > 0) & (4 * a * b > k**2)
        hessians = np.concatenate([hessians, A[positive_definite]])
    return hessians[:trials], centres[:trials]


# --8<-- [end:parr-bowls]


def axis_fraction(w, tol=ZERO_TOL):
    """Share of optima with at least one coordinate zero (|w_i| <= tol)."""
    return float(np.mean(np.any(np.abs(w) <= tol, axis=1)))


def exact_optima(rng, trials, norm, shape):
    A, c = random_bowls(rng, trials, norm, shape)
    if norm == 1:
        return l1_ball_minimizer(A, c, RADIUS)
    return radial_projection(c, RADIUS) if shape == "isotropic" else l2_ball_minimizer(A, c, RADIUS)


EXPERIMENTS = {  # value name -> (norm, bowl shape); Parr calls isotropic bowls "symmetric"
    "l1_symmetric": (1, "isotropic"),
    "l2_symmetric": (2, "isotropic"),
    "l1_general": (1, "general"),
    "l2_general": (2, "general"),
    "l1_orthogonal": (1, "orthogonal"),
    "l2_orthogonal": (2, "orthogonal"),
}


def each_experiment(seed, trials, optima):
    """Value name -> (norm, ``optima(rng, trials, norm, shape)``) for every experiment, drawn
    from one generator seeded ``seed`` in EXPERIMENTS' order."""
    rng = np.random.default_rng(seed)
    return {
        name: (norm, optima(rng, trials, norm, shape))
        for name, (norm, shape) in EXPERIMENTS.items()
    }


@claim(
    "l5.geometry.axis-fraction",
    statement=(
        "Over {trials} random 2-D quadratic losses centred uniformly in [-{box}, {box}]^2 and "
        "outside the ball of radius {radius}, "
        "the exact constrained optimum has a zero coordinate in {l1_symmetric} (L1) vs "
        "{l2_symmetric} (L2) of isotropic bowls, and {l1_general} (L1) vs {l2_general} (L2) of "
        "general bowls, {l1_orthogonal} (L1) vs {l2_orthogonal} (L2) of bowls where one feature "
        "barely matters. For isotropic bowls the L1 share is, in theory, {l1_symmetric_theory}."
    ),
)
def axis_fractions(seed=0, trials=TRIALS):
    values = {"trials": trials, "radius": RADIUS, "box": BOX, "zero_tol": ZERO_TOL}
    exact_agrees, smallest_l2 = True, np.inf
    for name, (norm, w) in each_experiment(seed, trials, exact_optima).items():
        values[name] = axis_fraction(w)
        exact_agrees &= values[name] == float(np.mean(np.any(w == 0.0, axis=1)))
        if norm == 2:
            smallest_l2 = min(smallest_l2, float(np.min(np.abs(w))))
    values["exact_zero_counts_agree"] = bool(exact_agrees)
    values["l2_smallest_coordinate"] = smallest_l2
    # Isotropic L1: a zero iff the centre lies in a vertex's normal cone, c1 - r >= |c2| and
    # its rotations: 4 triangles of area (BOX - r)^2 in the box minus the diamond.
    values["l1_symmetric_theory"] = 4 * (BOX - RADIUS) ** 2 / ((2 * BOX) ** 2 - 2 * RADIUS**2)
    return values


@claim(
    "l5.geometry.seed-sweep",
    statement=(
        "Repeating the exact experiment for seeds 0 to {last_seed} ({trials} losses per panel "
        "and seed), the L2 optimum has a zero coordinate in {l2_seeds_with_zero} seeds; the "
        "smallest L1 share over all seeds and bowl shapes is {min_l1_fraction}."
    ),
)
def seed_sweep(seeds=10, trials=1_000):
    runs = [axis_fractions(seed, trials) for seed in range(seeds)]
    return {
        "seeds": seeds,
        "last_seed": seeds - 1,
        "trials": trials,
        "l2_seeds_with_zero": sum(
            any(r[n] > 0 for n in EXPERIMENTS if n.startswith("l2")) for r in runs
        ),
        "min_l1_fraction": min(r[n] for r in runs for n in EXPERIMENTS if n.startswith("l1")),
    }


# --8<-- [start:parr-grid]
def parr_boundary(norm, radius=RADIUS, n=PARR_POINTS):
    """Parr's boundary points: n/4 evenly spaced per quadrant (his diamond() and circle())."""
    quarter = n // 4
    if norm == 1:
        x = np.linspace(0, radius, quarter)
        xn = np.linspace(-radius, 0, quarter)
        return np.concatenate(
            [
                np.c_[x, -x + radius],
                np.c_[x, x - radius],
                np.c_[xn, -xn - radius],
                np.c_[xn, xn + radius],
            ]
        )
    angles = np.concatenate(
        [np.linspace(q * np.pi / 2, (q + 1) * np.pi / 2, quarter) for q in range(4)]
    )
    return radius * np.c_[np.cos(angles), np.sin(angles)]


def parr_grid_optima(A, c, norm):
    """The best of Parr's boundary points for each loss (the grid's argmin)."""
    points = parr_boundary(norm)
    d = points[None, :, :] - c[:, None, :]
    values = np.einsum("mpi,mij,mpj->mp", d, A, d)
    return points[np.argmin(values, axis=1)]


def parr_grid_best(rng, trials, norm, shape):
    """The grid's best points for ``trials`` random bowls (as ``exact_optima`` for the exact)."""
    A, c = random_bowls(rng, trials, norm, shape)
    return parr_grid_optima(A, c, norm)


# --8<-- [end:parr-grid]


def axis_point_residue():
    """How far the circle grid's axis points are from the axis: cos(pi/2) and its kin are
    not exactly 0 in floating point."""
    points = np.abs(parr_boundary(2))
    nearest = points.min(axis=1)
    return float(nearest[nearest < ZERO_TOL].max())


@claim(
    "l5.geometry.parr-grid",
    statement=(
        "Scoring only Parr's {points} boundary points (one every {step_degrees} degrees on the "
        "circle), the best point has a coordinate within {zero_tol} of zero in {l1_symmetric} "
        "(L1) vs {l2_symmetric} (L2) of isotropic bowls, {l1_general} (L1) vs {l2_general} "
        "(L2) of general bowls and {l1_orthogonal} (L1) vs {l2_orthogonal} (L2) of bowls where "
        "one feature barely matters, over {trials} losses each. The grid's axis points are "
        "off the axis by at most {axis_point_residue} (rounding of cos and sin)."
    ),
)
def parr_grid_fractions(seed=0, trials=TRIALS):
    values = {
        "trials": trials,
        "points": PARR_POINTS,
        "zero_tol": ZERO_TOL,
        "step_degrees": 90 / (PARR_POINTS // 4 - 1),
        "axis_point_residue": axis_point_residue(),
    }
    for name, (_, w) in each_experiment(seed, trials, parr_grid_best).items():
        values[name] = axis_fraction(w)
    return values


# The slider's loss: a tilted bowl centred at (3, 2), whose L2 optimum stays far from the axes.
SLIDER_A = np.array([[2.0, 0.6], [0.6, 1.5]])
SLIDER_C = np.array([3.0, 2.0])
SLIDER_T = np.linspace(0.5, 3.0, 11)


def corner_breakpoint(A, c):
    """Largest t for which the L1 optimum sits on the vertex t * sign((Ac)_k) e_k, where
    k = argmax |(Ac)_k| is the corner the optimum starts from as t grows from 0.

    The vertex is optimal iff -grad f lies in its normal cone: s(Ac)_k - t A_kk >= |g_j(t)|.
    Both sides are linear in t, so the answer is the first root of the two linear pieces."""
    Ac = A @ c
    k = int(np.argmax(np.abs(Ac)))
    j, s = 1 - k, np.sign(Ac[k])
    roots = []
    for branch in (1.0, -1.0):  # a0 - a1 t >= branch * (b0 + b1 t)
        intercept = s * Ac[k] - branch * (-Ac[j])
        slope = -A[k, k] - branch * s * A[j, k]
        if slope < 0:
            roots.append(intercept / -slope)
    return float(min(roots)), k


def slider_optima(t):
    A, c = SLIDER_A[None], SLIDER_C[None]
    return l1_ball_minimizer(A, c, t)[0], l2_ball_minimizer(A, c, t)[0]


@claim(
    "l5.geometry.corner-breakpoint",
    statement=(
        "For the slider's loss, the L1 optimum sits on a corner for every budget t up to "
        "t* = {t_star} ({corner_frames} of {frames} slider positions) and on an edge above it "
        "({edge_frames}); the L2 optimum has a zero coordinate in {l2_axis_frames} positions."
    ),
)
def slider_breakpoint():
    t_star, _ = corner_breakpoint(SLIDER_A, SLIDER_C)
    optima = [slider_optima(t) for t in SLIDER_T]
    l1_zero = [bool(np.any(w1 == 0.0)) for w1, _ in optima]
    return {
        "t_star": t_star,
        "frames": len(SLIDER_T),
        "corner_frames": int(sum(l1_zero)),
        "edge_frames": int(len(SLIDER_T) - sum(l1_zero)),
        "l2_axis_frames": int(sum(bool(np.any(w2 == 0.0)) for _, w2 in optima)),
        "corner_frames_match_t_star": all(z == (t <= t_star) for z, t in zip(l1_zero, SLIDER_T)),
        "l1_norm_of_centre": float(np.abs(SLIDER_C).sum()),
    }


def printed_budgets(t_star):
    """The slider's positions that print: the first and last, and the two either side of t*,
    where the L1 optimum leaves the corner for the edge."""
    below, above = SLIDER_T[SLIDER_T <= t_star], SLIDER_T[SLIDER_T > t_star]
    return {float(SLIDER_T[0]), float(below[-1]), float(above[0]), float(SLIDER_T[-1])}


def level_curve(A, c, level, points=41):
    """The ellipse f(w) = level, for f(w) = (1/2)(w - c)^T A (w - c)."""
    theta = np.linspace(0, 2 * np.pi, points)
    upper = np.linalg.cholesky(A).T  # A = R^T R
    circle = np.vstack([np.cos(theta), np.sin(theta)])
    return c[:, None] + np.sqrt(2 * level) * np.linalg.solve(upper, circle)


def slider_frame(t):
    """Coordinates of the six moving traces at budget t, and the frame's title."""
    w1, w2 = slider_optima(t)
    A, c = SLIDER_A, SLIDER_C
    theta = np.linspace(0, 2 * np.pi, 41)
    diamond = t * np.array([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]], dtype=float).T
    touching = [level_curve(A, c, quadratic(w[None], A[None], c[None])[0]) for w in (w1, w2)]
    corner = "on a corner" if np.any(w1 == 0.0) else "on an edge"
    title = (
        f"t = {t:.2f}: L1 optimum ({w1[0]:.2f}, {w1[1]:.2f}) {corner}<br>"
        f"L2 optimum ({w2[0]:.2f}, {w2[1]:.2f})"
    )
    xy = [
        diamond,
        t * np.vstack([np.cos(theta), np.sin(theta)]),
        *touching,
        w1[:, None],
        w2[:, None],
    ]
    return [{"x": p[0].tolist(), "y": p[1].tolist()} for p in xy], title


SLIDER_STYLES = [  # the six moving traces, in frame order
    {
        "name": "|w₁|+|w₂| ≤ t",
        "mode": "lines",
        "fill": "toself",
        "opacity": 0.35,
        "line": {"color": L1_COLOR, "width": 2},
    },
    {"name": "‖w‖₂ ≤ t", "mode": "lines", "line": {"color": L2_COLOR, "width": 2}},
    {
        "name": "loss at L1 optimum",
        "mode": "lines",
        "showlegend": False,
        "line": {"color": L1_COLOR, "dash": "dot", "width": 1.5},
    },
    {
        "name": "loss at L2 optimum",
        "mode": "lines",
        "showlegend": False,
        "line": {"color": L2_COLOR, "dash": "dot", "width": 1.5},
    },
    {
        "name": "L1 optimum",
        "mode": "markers",
        "marker": {"color": L1_COLOR, "size": 11, "symbol": "diamond"},
    },
    {"name": "L2 optimum", "mode": "markers", "marker": {"color": L2_COLOR, "size": 11}},
]


@figure(
    "l5.geometry.slider",
    caption=(
        "Both constraints, |w₁| + |w₂| ≤ t and ‖w‖₂ ≤ t, for one fixed loss as the budget t "
        "grows. The dotted ellipses are the loss contours that touch each constraint; the "
        "markers are the exact constrained optima. Up to t* = "
        "{{ claim l5.geometry.corner-breakpoint t_star .3f }} the L1 optimum sits on the corner "
        "w₂ = 0; above it slides onto the edge. The L2 optimum never touches an axis."
    ),
    alt=(
        "The (w1, w2) plane for budgets t from 0.5 to 3. A tilted elliptical loss is centred "
        "at (3, 2), marked with a cross. The L1 diamond and the L2 disc grow with t. In "
        "{{ claim l5.geometry.corner-breakpoint corner_frames }} of "
        "{{ claim l5.geometry.corner-breakpoint frames }} budgets the L1 optimum is the "
        "corner (t, 0); in the other {{ claim l5.geometry.corner-breakpoint edge_frames }} it is "
        "on the edge with both weights non-zero. The L2 optimum has both weights non-zero for "
        "every budget."
    ),
)
def slider_figure():
    start = 3  # t = 1.25: a corner
    on_paper = printed_budgets(slider_breakpoint()["t_star"])
    frames = []
    for i, t in enumerate(SLIDER_T):
        coordinates, title = slider_frame(t)
        frames.append(
            go.Frame(
                data=[go.Scatter(**xy) for xy in coordinates],
                name=f"{i}",
                traces=list(range(len(coordinates))),
                layout={"title": {"text": title}},
                group="paper" if t in on_paper else None,  # printed side by side
            )
        )
    coordinates, title = slider_frame(SLIDER_T[start])
    fig = go.Figure(
        data=[go.Scatter(**xy, **style) for xy, style in zip(coordinates, SLIDER_STYLES)],
        frames=frames,
    )
    for level in (0.5, 2.0, 4.5):  # faint context: a few contours of the loss
        curve = level_curve(SLIDER_A, SLIDER_C, level)
        fig.add_scatter(
            x=curve[0].tolist(),
            y=curve[1].tolist(),
            mode="lines",
            showlegend=False,
            hoverinfo="skip",
            line={"color": GREY, "width": 1},
            opacity=0.4,
        )
    fig.add_scatter(
        x=[SLIDER_C[0]],
        y=[SLIDER_C[1]],
        mode="markers",
        name="loss minimum",
        marker={"color": GREY, "size": 10, "symbol": "x"},
    )
    fig.update_layout(
        layout(
            height=560,
            margin={"l": 48, "r": 16, "t": 120, "b": 40},
            xaxis={"title": "w₁", "range": [-3.2, 5.2], "zeroline": True, "constrain": "domain"},
            yaxis={
                "title": "w₂",
                "range": [-3.2, 4.2],
                "scaleanchor": "x",
                "zeroline": True,
                "constrain": "domain",
            },
        )
    )
    labels = [f"{t:g}" for t in SLIDER_T]
    current = {"font": {"size": 12}}
    fig.update_layout(
        slider_layout(
            labels,
            "budget t = ",
            start,
            title,
            13,
            pad={"t": 36},
            currentvalue=current,
            font={"size": 10},
        )
    )
    return fig


@figure(
    "l5.geometry.axis-fractions",
    caption=(
        "Share of {{ claim l5.geometry.axis-fraction trials }} random losses whose constrained "
        "optimum has a zero coordinate, ball radius {{ claim l5.geometry.axis-fraction radius }}. "
        "Solid: the exact solvers. Faded: the best of Parr's "
        "{{ claim l5.geometry.parr-grid points }} boundary points, where the L2 share is not zero "
        "because the grid contains the four axis points."
    ),
    alt=(
        "Grouped bars for isotropic bowls, general bowls and bowls with one weak feature. "
        "Exact solvers: L1 {{ claim l5.geometry.axis-fraction l1_symmetric .1% }}, "
        "{{ claim l5.geometry.axis-fraction l1_general .1% }} and "
        "{{ claim l5.geometry.axis-fraction l1_orthogonal .1% }}; L2 "
        "{{ claim l5.geometry.axis-fraction l2_symmetric .0% }} in all three. Best of Parr's "
        "boundary points: L1 {{ claim l5.geometry.parr-grid l1_symmetric .1% }}, "
        "{{ claim l5.geometry.parr-grid l1_general .1% }} and "
        "{{ claim l5.geometry.parr-grid l1_orthogonal .1% }}; L2 "
        "{{ claim l5.geometry.parr-grid l2_symmetric .1% }}, "
        "{{ claim l5.geometry.parr-grid l2_general .1% }} and "
        "{{ claim l5.geometry.parr-grid l2_orthogonal .1% }}."
    ),
)
def axis_fractions_figure():
    exact, grid = axis_fractions(), parr_grid_fractions()  # seed 0, as the page quotes
    shapes = ["isotropic", "general", "one weak feature"]
    fig = go.Figure()
    for norm, colour in (("l1", L1_COLOR), ("l2", L2_COLOR)):
        for source, values, opacity in (("exact", exact, 1.0), ("best of 100", grid, 0.4)):
            y = [values[f"{norm}_{shape}"] for shape in ("symmetric", "general", "orthogonal")]
            fig.add_bar(
                x=shapes,
                y=y,
                name=f"{norm.upper()} {source}",
                marker_color=colour,
                opacity=opacity,
                text=[f"{v:.1%}" for v in y],
                textposition="outside",
            )
    fig.update_layout(
        layout(
            barmode="group",
            yaxis={"title": "optima on an axis", "tickformat": ".0%", "range": [0, 0.9]},
        )
    )
    return fig


# -- the picture on every page's link preview -----------------------------------------------

# A quadratic loss whose contours first touch the unit L1 ball at its corner (0, 1): an
# ellipse's centre, semi-axes and tilt (f(w) = (1/2)(w - c)^T A (w - c), as above).
PICTURE_CENTRE, PICTURE_AXES, PICTURE_TILT = np.array([0.8, 1.1]), (0.45, 1.15), np.radians(62)


def corner_picture(points=240):
    """The picture behind L1's zeros: the unit L1 ball (a diamond) and L2 ball (a circle), the
    loss's minimizer over each (the diamond's at a corner, where w1 is exactly zero; the
    circle's off the axes), and three contours of the loss: inside both, through the circle's
    minimizer, through the corner. Each shape is 2 x points (x on the first row)."""
    turn = np.array(
        [
            [np.cos(PICTURE_TILT), -np.sin(PICTURE_TILT)],
            [np.sin(PICTURE_TILT), np.cos(PICTURE_TILT)],
        ]
    )
    A = 2 * turn @ np.diag([PICTURE_AXES[0] ** -2, PICTURE_AXES[1] ** -2]) @ turn.T
    c = PICTURE_CENTRE
    corner = l1_ball_minimizer(A[None], c[None], 1.0)[0]
    round_minimum = l2_ball_minimizer(A[None], c[None], 1.0)[0]
    at_corner = quadratic(corner[None], A[None], c[None])[0]
    at_circle = quadratic(round_minimum[None], A[None], c[None])[0]
    angles = np.linspace(0, 2 * np.pi, points)
    return {
        "diamond": np.array([[1, 0, -1, 0, 1], [0, 1, 0, -1, 0]], dtype=float),
        "circle": np.vstack([np.cos(angles), np.sin(angles)]),
        "contours": [
            level_curve(A, c, level, points) for level in (0.3 * at_corner, at_circle, at_corner)
        ],
        "l1_minimizer": corner,
        "l2_minimizer": round_minimum,
        "loss": (A, c),  # f(w) = (1/2)(w - c)^T A (w - c)
    }


if __name__ == "__main__":
    report(__name__)
