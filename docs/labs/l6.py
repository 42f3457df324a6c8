# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: the L6 answer
#
# This lab re-runs the key computations of [the L6 answer](../../l6/): proximal steps against
# subgradient steps, Adam + L2 against AdamW, the elastic net on a duplicated feature, and two
# kinds of implicit regularization, with the same functions the site's pages use, imported
# from `snippets/`. Every cell ran when the site was built; change the numbers and run the
# cells again to see what moves.
#
# Each section states its loss convention; they differ, as on the page, because each follows
# its source (Beck & Teboulle for the lasso, PyTorch for the optimizers, scikit-learn for the
# elastic net).

# %%
import numpy as np

from snippets.l6 import adamw, early_stopping, enet, min_norm, prox

# %% [markdown]
# ## 1. Proximal steps make zeros; subgradient steps do not
#
# The lasso here is F(w) = ½‖Xw − y‖² + λ‖w‖₁ (no 1/n), with more features than samples.
# All three methods start at w = 0 and take the step 1/L, L = λ_max(XᵀX). Subgradient descent
# steps along XᵀXw − Xᵀy + λ·sign(w); ISTA steps along the smooth part only, then
# soft-thresholds at λ/L; FISTA does the same from an extrapolated point.

# %%
# solve_all runs subgradient_descent, ista and fista (the functions on the page) from w = 0,
# and lasso_solution, the exact solution; it is cached, so the figure below reuses the runs.
iterations = prox.ITERATIONS
X, y, lam, w_star, paths, gaps = prox.solve_all(0, iterations)
print(f"n = {X.shape[0]}, p = {X.shape[1]}, {iterations} iterations")
print(f"exact solution: {np.sum(w_star == 0)} of {X.shape[1]} coefficients are zero")
for name, label in [("subgradient", "subgradient"), ("ista", "ISTA"), ("fista", "FISTA")]:
    w = paths[name][-1]
    print(f"{label:>11}: exact zeros {np.sum(w == 0):3d}, F(w) − F* = {gaps[name][-1]:.2e}")
stuck = np.abs(paths["subgradient"][-1][w_star == 0])
print(f"subgradient, where w* = 0: median |w_j| = {np.median(stuck):.2g}, max {np.max(stuck):.2g}")

# %%
fig = prox.convergence_figure()
caption = (
    "F(xₖ) − F* at step 1/L, with Beck & Teboulle's bounds for ISTA and FISTA dashed. "
    "Subgradient descent stalls."
)
alt = (
    f"Log-log curves of the objective gap over {iterations} iterations: ISTA ends at "
    f"{gaps['ista'][-1]:.2g} and FISTA at {gaps['fista'][-1]:.2g}, each below its dashed bound; "
    f"subgradient descent levels off at {gaps['subgradient'][-1]:.2g}."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 2. Adam + L2 is not AdamW
#
# In PyTorch, `Adam(weight_decay=wd)` adds wd·θ to the gradient before the moment estimates
# (Adam + L2); `AdamW(weight_decay=wd)` multiplies θ by 1 − lr·wd and then takes the Adam step
# (decoupled decay, λ = lr·wd in Loshchilov & Hutter's notation). The numpy updates of the
# page follow both, fed the same noisy gradients, in float64:

# %%
steps = 20
ours_l2, torch_l2, ours_w, torch_w = adamw.compare_with_torch(seed=0, steps=steps)
print(f"lr = {adamw.MATCH_LR}, weight_decay = {adamw.MATCH_WD}, {steps} steps")
print(f"numpy Adam + L2 vs torch.optim.Adam:  {np.max(np.abs(ours_l2 - torch_l2)):.1e}")
print(f"numpy AdamW     vs torch.optim.AdamW: {np.max(np.abs(ours_w - torch_w)):.1e}")
print(f"Adam + L2 vs AdamW after {steps} steps: {np.max(np.abs(torch_l2[-1] - torch_w[-1])):.2e}")

# %% [markdown]
# Where the two part: Adam divides the decay by √v̂, so a coordinate with large gradients is
# decayed less than under AdamW, and one with small gradients more. Pure-noise gradients of
# scale s, the decay measured per step:

# %%
adam_l2_decay, adamw_decay, predicted = adamw.decay_curves(0)
for s in [1e-2, 1.0, 1e2]:
    i = int(np.argmin(np.abs(adamw.GRADIENT_SCALES - s)))
    print(f"s = {s:g}: AdamW {adamw_decay[i]:.2e} per step, Adam + L2 {adam_l2_decay[i]:.2e}")

# %%
fig = adamw.effective_decay_figure()
caption = (
    "Decay per step against the gradient scale s: AdamW removes lr·wd of θ at every scale; "
    "Adam + L2 about lr·wd/√(s² + wd²)."
)
alt = (
    "Log-log plot of the decay per step against the gradient scale s. AdamW is flat at "
    f"{adamw_decay[0]:.2e} at every scale; Adam + L2 falls from {adam_l2_decay[0]:.2e} to "
    f"{adam_l2_decay[-1]:.2e} as s grows, on its dashed prediction."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 3. One feature entered twice: lasso against elastic net
#
# scikit-learn's conventions: `Lasso` minimises (1/2n)‖y − Xw‖² + α‖w‖₁, `ElasticNet`
# (1/2n)‖y − Xw‖² + αr‖w‖₁ + (α(1 − r)/2)‖w‖², r = `l1_ratio`. Columns 1 and 2 are the same.

# %%
Xd, yd, lasso_w, enet_w = enet.fit_duplicate_column(seed=0)
print(f"identical columns: {np.array_equal(Xd[:, 0], Xd[:, 1])}")
print(
    f"Lasso(alpha={enet.DUPLICATE_ALPHA}):       copies get {lasso_w[0]:.4f} and {lasso_w[1]:.2e}"
)
print(f"ElasticNet(l1_ratio={enet.L1_RATIO}): copies get {enet_w[0]:.6f} and {enet_w[1]:.6f}")
split = lasso_w.copy()
split[:2] = lasso_w[:2].sum() / 2
gap = enet.lasso_objective(Xd, yd, split, enet.DUPLICATE_ALPHA) - enet.lasso_objective(
    Xd, yd, lasso_w, enet.DUPLICATE_ALPHA
)
print(f"lasso objective, equal split minus lasso's answer: {gap:.1e}")

# %% [markdown]
# The lasso objective cannot tell the splits apart, so the solver's path decides (here: all
# on the first copy, the second zero up to rounding); the ridge term is strictly convex and
# picks the equal split.
#
# ## 4. Early stopping is almost ridge
#
# Gradient flow on (1/2n)‖y − Xb‖² from b = 0, at time t, against ridge
# (1/2n)‖y − Xb‖² + (λ/2)‖b‖² at λ = 1/t. Both are computed in closed form from the
# eigendecomposition of XᵀX/n.

# %%
Xp, yp = early_stopping.path_example(seed=0)
least_squares = np.linalg.lstsq(Xp, yp, rcond=None)[0]
print("      t   |b_flow − b_ridge|max   ‖b_flow‖   ‖b_ridge‖")
largest_gap = 0.0
for t in [0.1, 1.0, 10.0, 100.0, 1e4]:
    flow = early_stopping.gradient_flow(Xp, yp, t)
    ridge = early_stopping.ridge(Xp, yp, 1 / t)
    largest_gap = max(largest_gap, np.max(np.abs(flow - ridge)))
    print(
        f"{t:7g} {np.max(np.abs(flow - ridge)):14.4f} "
        f"{np.linalg.norm(flow):14.4f} {np.linalg.norm(ridge):11.4f}"
    )
print(f"least squares: ‖b‖ = {np.linalg.norm(least_squares):.4f}")

# %%
fig = early_stopping.early_stopping_paths_figure()
caption = (
    "Gradient flow at time t (dashed) and ridge at λ = 1/t (solid): the same start and end,"
    " close in between."
)
alt = (
    f"{Xp.shape[1]} pairs of curves, one per coefficient, against t on a log axis: each solid "
    "ridge curve and its dashed gradient-flow twin start at 0 and level off at the same "
    f"least-squares value; at the times printed above they differ by at most {largest_gap:.4f}."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 5. Gradient descent finds the minimum-norm interpolant
#
# With p > n and X of full row rank, ½‖y − Xw‖² has a whole affine space of zero-loss solutions. Gradient descent
# never changes the component of w in the null space of X, so from zero it converges to
# the minimum-norm one, pinv(X)·y; from w₀ it keeps w₀'s null-space component.

# %%
rng = np.random.default_rng(0)
Xm = rng.standard_normal((min_norm.N, min_norm.P))
ym = rng.standard_normal(min_norm.N)
w0 = rng.standard_normal(min_norm.P)
pinv_solution = np.linalg.pinv(Xm) @ ym
from_zero = min_norm.least_squares_gd(Xm, ym, np.zeros(min_norm.P))
from_w0 = min_norm.least_squares_gd(Xm, ym, w0)
kept = pinv_solution + min_norm.null_space_projection(Xm, w0)


def largest(v):
    return np.max(np.abs(v))


print(f"{min_norm.N} x {min_norm.P}, {min_norm.STEPS} steps")
print(f"from zero: max |w − pinv(X)y| = {largest(from_zero - pinv_solution):.1e}")
print(f"from w0:   max |w − pinv(X)y| = {largest(from_w0 - pinv_solution):.2f}")
print(f"from w0:   max |w − (pinv(X)y + w0's null-space part)| = {largest(from_w0 - kept):.1e}")
print(f"residuals |Xw − y|: {largest(Xm @ from_zero - ym):.1e}, {largest(Xm @ from_w0 - ym):.1e}")
print(f"‖w‖: {np.linalg.norm(from_zero):.3f} from zero, {np.linalg.norm(from_w0):.3f} from w0")

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** Write FISTA yourself: the proximal step xₖ = S(yₖ − ∇g(yₖ)/L, λ/L) (S the soft
# threshold, g(w) = ½‖Xw − y‖²), then tₖ₊₁ = (1 + √(1 + 4tₖ²))/2 and
# yₖ₊₁ = xₖ + ((tₖ − 1)/tₖ₊₁)(xₖ − xₖ₋₁), from y₁ = x₀ = 0, t₁ = 1. Use only
# `prox.soft_threshold` and `prox.lipschitz_constant`, run 300 iterations on the problem of
# section 1, and check that you reach the same objective as `prox.fista`, and the same exact
# zeros.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>


# %% tags=["solution"]
def my_fista(X, y, lam, iterations):
    L = prox.lipschitz_constant(X)
    x_prev = np.zeros(X.shape[1])
    z, t = x_prev, 1.0  # z is the extrapolated point y_k
    for _ in range(iterations):
        x = prox.soft_threshold(z - X.T @ (X @ z - y) / L, lam / L)
        t_next = (1 + np.sqrt(1 + 4 * t**2)) / 2
        z = x + (t - 1) / t_next * (x - x_prev)
        x_prev, t = x, t_next
    return x_prev


mine = my_fista(X, y, lam, iterations)
objective_mine = prox.lasso_objective(X, y, lam, mine)
objective_snippet = prox.lasso_objective(X, y, lam, paths["fista"][-1])
print(f"F(mine) − F(snippet) = {objective_mine - objective_snippet:.1e}")
f_star = prox.lasso_objective(X, y, lam, w_star)
print(f"F(mine) − F* = {objective_mine - f_star:.2e}, exact zeros {np.sum(mine == 0)}")
# The same arithmetic in the same order: agreement to rounding, relative 1e-12 of F.
assert abs(objective_mine - objective_snippet) < 1e-12 * objective_snippet
assert np.array_equal(mine == 0, paths["fista"][-1] == 0)

# %% [markdown]
# **Exercise 2.** Show that AdamW with decay 0 is Adam: the numpy `adamw_step` with λ = 0
# against `adam_l2_step` with λ = 0, and `torch.optim.AdamW(weight_decay=0)` against
# `torch.optim.Adam(weight_decay=0)`, on the noisy gradients of section 2. Then check that with
# the same non-zero `weight_decay` the two torch optimizers do differ.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
from torch.optim import Adam, AdamW

theta0, gradient = adamw.noisy_quadratic_gradients(seed=0, steps=steps)
lr = adamw.MATCH_LR
numpy_w = adamw.numpy_trajectory(adamw.adamw_step, theta0, gradient, steps, lr, 0.0)
numpy_l2 = adamw.numpy_trajectory(adamw.adam_l2_step, theta0, gradient, steps, lr, 0.0)
torch_adamw = adamw.torch_trajectory(AdamW, theta0, gradient, steps, lr, 0.0)
torch_adam = adamw.torch_trajectory(Adam, theta0, gradient, steps, lr, 0.0)
print(
    f"numpy: {np.max(np.abs(numpy_w - numpy_l2)):.1e}, torch: {np.max(np.abs(torch_adamw - torch_adam)):.1e}"
)
print(f"numpy vs torch, decay 0: {np.max(np.abs(numpy_w - torch_adamw)):.1e}")
# With lam = 0 both numpy updates do the same floating-point operations: identical bits.
assert np.array_equal(numpy_w, numpy_l2)
# torch's two classes share one update when weight_decay = 0; float64 rounding at most.
assert np.max(np.abs(torch_adamw - torch_adam)) < 1e-14
assert np.max(np.abs(numpy_w - torch_adamw)) < 1e-12
# Section 2 ran both with weight_decay = 0.1: there the results differ.
assert np.max(np.abs(torch_l2[-1] - torch_w[-1])) > 1e-6

# %% [markdown]
# **Exercise 3.** Take the data of section 4 and ridge at λ = 0.1 (convention
# (1/2n)‖y − Xb‖² + (λ/2)‖b‖²). Run gradient descent on (1/2n)‖y − Xb‖² from zero with the step
# η = 0.1/s_max (s_max the largest eigenvalue of XᵀX/n) and find the step k whose
# coefficients are closest to ridge's. Is the matching time kη equal to 1/λ? Compare it
# with the time at which each eigen-direction alone matches ridge: (1 − exp(−st))/s = 1/(s + λ),
# that is t = ln(1 + s/λ)/s.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
lam_ridge = 0.1
s, _ = early_stopping.spectrum(Xp)
eta = 0.1 / s.max()
target = early_stopping.ridge(Xp, yp, lam_ridge)
b = np.zeros(Xp.shape[1])
distances = [np.linalg.norm(b - target)]
for _ in range(2_000):
    b = b - eta * Xp.T @ (Xp @ b - yp) / len(yp)
    distances.append(np.linalg.norm(b - target))
best = int(np.argmin(distances))
per_direction = np.log1p(s / lam_ridge) / s
print(f"closest at step {best}: time k·eta = {best * eta:.2f}, 1/lambda = {1 / lam_ridge:g}")
print(f"per-direction matching times: {np.round(np.sort(per_direction), 2)}")
print(f"distance there {distances[best]:.3f}; ‖ridge‖ = {np.linalg.norm(target):.3f}")
# Gradient flow outruns ridge at t = 1/lambda in every direction (1 - e^-x > x/(1+x)), so the
# best common time is earlier, and it lies between the directions' own matching times.
assert best * eta < 1 / lam_ridge
assert per_direction.min() <= best * eta <= per_direction.max()
assert distances[best] < 0.2 * np.linalg.norm(target)
