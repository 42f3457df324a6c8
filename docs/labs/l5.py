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
# # Lab: the L5 answer
#
# This lab re-runs the key computations of [the L5 answer](../../l5/): the prior behind each
# penalty, the corners of the L1 ball, the lasso path and the orthonormal closed forms, with the
# same functions the site's pages use, imported from `snippets/`. Every cell ran when the site
# was built; change the numbers and run the cells again to see what moves.
#
# Conventions, as on the page: the lasso is ½‖y − Xw‖² + λ‖w‖₁ and ridge is
# ‖y − Xw‖² + λ‖w‖² (no ½). scikit-learn's `Lasso` minimises (1/2n)‖y − Xw‖² + α‖w‖₁, so
# α = λ/n; its `Ridge` minimises ‖y − Xw‖² + α‖w‖², so α = λ. No intercept anywhere.

# %%
import numpy as np
from sklearn.linear_model import Lasso, Ridge

from snippets.l5 import bayes, geometry, orthonormal, paths

# %% [markdown]
# ## 1. The MAP under a Laplace prior is the lasso
#
# With Gaussian noise of scale σ and independent Laplace(0, b) priors, the negative log
# posterior is ‖y − Xw‖²/(2σ²) + ‖w‖₁/b plus a constant. Multiplied by σ², it is the lasso with
# λ = σ²/b, which is `Lasso(alpha=σ²/(n·b))`. `laplace_map` minimises the negative log
# posterior directly, with L-BFGS-B on the split w = u − v (u, v ≥ 0), and knows nothing about
# the lasso.

# %%
X, y = bayes.regression_data(seed=0)
n, p = X.shape
sigma, b = bayes.SIGMA, bayes.LAPLACE_SCALE
alpha = sigma**2 / (n * b)
w_map = bayes.laplace_map(X, y, sigma, b)
w_lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y).coef_
print(f"sigma = {sigma}, b = {b}, n = {n}: alpha = sigma²/(n b) = {alpha}")
print(" j      MAP      Lasso")
for j, (a, c) in enumerate(zip(w_map, w_lasso)):
    print(f"{j:2d} {a + 0.0:9.5f} {c + 0.0:9.5f}")  # + 0.0 prints -0.0 as 0.0
print(f"largest difference: {np.max(np.abs(w_map - w_lasso)):.1e}")
print(f"exact zeros: MAP {np.sum(w_map == 0)}, Lasso {np.sum(w_lasso == 0)} of {p}")

# %% [markdown]
# Forget the 1/n and the same prior becomes a much stronger penalty:

# %%
naive = Lasso(alpha=sigma**2 / b, fit_intercept=False).fit(X, y).coef_
print(f"Lasso(alpha=sigma²/b = {sigma**2 / b}): {np.sum(naive == 0)} of {p} weights are zero")

# %% [markdown]
# The Gaussian prior N(0, τ²) gives ridge with λ = σ²/τ², and `Ridge` has no 1/n to undo:

# %%
tau = bayes.GAUSS_SCALE
w_gauss = bayes.gaussian_map(X, y, sigma, tau)
w_ridge = Ridge(alpha=sigma**2 / tau**2, fit_intercept=False).fit(X, y).coef_
print(f"tau = {tau}: alpha = sigma²/tau² = {sigma**2 / tau**2}")
print(f"largest difference, Gaussian MAP vs Ridge: {np.max(np.abs(w_gauss - w_ridge)):.1e}")

# %% [markdown]
# ## 2. The mode is sparse, the mean is not
#
# One observation z = w + noise, noise N(0, σ²), prior Laplace(0, b). The MAP is the soft
# threshold at σ²/b; the posterior mean, computed by quadrature, is zero only at z = 0.

# %%
sigma1, b1 = 1.0, 1.0
print(f"threshold sigma²/b = {sigma1**2 / b1}")
print("   z      MAP   posterior mean")
for z in [0.1, 0.5, 1.0, 1.5, 3.0]:
    mode = bayes.soft_threshold(z, sigma1**2 / b1)
    mean = bayes.laplace_posterior_mean(z, sigma1, b1)
    print(f"{z:4.1f} {mode:8.3f} {mean:10.4f}")

# %%
fig = bayes.posterior_mean_figure()
caption = (
    "The MAP (soft threshold) is exactly zero for |z| ≤ σ²/b; the posterior mean shrinks "
    "every z and is zero only at z = 0."
)
alt = (
    f"Curves over z. The MAP is flat at zero for |z| up to {sigma1**2 / b1:g}, then rises with "
    f"slope 1; the posterior mean is a smooth S through the origin: at z = 0.5 it is "
    f"{bayes.laplace_posterior_mean(0.5, sigma1, b1):.4f} where the MAP is 0."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 3. Corners: exact constrained optima on random bowls
#
# Minimise a quadratic loss ½(w − c)ᵀA(w − c) over the L1 ball |w₁| + |w₂| ≤ t and over the
# L2 ball ‖w‖₂ ≤ t. Both solvers are exact: the L1 one compares the 4 corners and the best
# point inside each of the 4 edges; the L2 one solves the trust-region secular equation.
# The bowls are Parr's random losses, centred outside the disc so that both constraints bind.

# %%
rng = np.random.default_rng(0)
t = geometry.RADIUS
A, c = geometry.random_bowls(rng, 6, norm=2, shape="general")
w1 = geometry.l1_ball_minimizer(A, c, t)
w2 = geometry.l2_ball_minimizer(A, c, t)
print(f"t = {t}")
print("        centre              L1 optimum            L2 optimum")
for ci, a, d in zip(c, w1, w2):
    print(f"({ci[0]:6.2f}, {ci[1]:6.2f})   ({a[0]:7.4f}, {a[1]:7.4f})   ({d[0]:7.4f}, {d[1]:7.4f})")

# %% [markdown]
# A corner of the L1 ball comes out with a coordinate that is exactly `0.0`. Counted over
# 2,000 bowls of each shape (the page uses 5,000):

# %%
rng = np.random.default_rng(0)
on_axis = {}
for norm, shape in geometry.EXPERIMENTS.values():
    name = f"L{norm} ball, {shape} bowls"
    on_axis[name] = geometry.axis_fraction(geometry.exact_optima(rng, 2_000, norm, shape))
    print(f"{name:>25}: optimum on an axis in {on_axis[name]:6.1%}")

# %% [markdown]
# The slider grows both balls for one fixed loss: the L1 optimum sits on the corner until
# the budget passes a breakpoint; the L2 optimum never touches an axis.

# %%
fig = geometry.slider_figure()
caption = (
    "Both balls for one fixed loss as the budget t grows; the markers are the exact "
    "constrained optima."
)
alt = (
    "An interactive plot of the (w1, w2) plane with a slider for the budget t: a tilted "
    "elliptical loss, the L1 diamond and the L2 disc, and the optimum in each. Counted above: "
    + "; ".join(f"{name}, on an axis in {share:.1%}" for name, share in on_axis.items())
    + "."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 4. The lasso path, and the order features leave
#
# On the diabetes data (centred), LARS with the lasso modification computes the exact path,
# piecewise linear in λ, here in `Lasso`'s convention (1/2n)‖y − Xw‖² + λ‖w‖₁.

# %%
Xd, yd, names = paths.diabetes_centred()
knots, coefs = paths.lasso_path_exact(Xd, yd)
exits = paths.exit_lambdas(knots, coefs)
print(f"{len(knots)} knots; features reach zero for good, as lambda grows:")
for j in np.argsort(exits):
    print(f"  {names[j]:>4} at lambda = {exits[j]:.4f}")
print(f"lambda_max = max |X_jᵀy| / n = {np.max(np.abs(Xd.T @ yd)) / len(yd):.4f}")

# %% [markdown]
# The path is exact: interpolating between its knots reproduces a coordinate-descent fit at
# any λ.

# %%
lam = 0.1
w_path = paths.lasso_at(knots, coefs, lam)
w_cd = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(Xd, yd).coef_
print(
    f"lambda = {lam}: largest difference, LARS path vs Lasso: {np.max(np.abs(w_path - w_cd)):.1e}"
)
ridge_w = paths.ridge_path(Xd, yd, paths.RIDGE_LAMS)
print(f"ridge path, {len(paths.RIDGE_LAMS)} values of lambda: {np.sum(ridge_w == 0)} exact zeros")

# %%
fig = paths.lasso_path_figure()
caption = (
    "The exact lasso path on the diabetes data, λ in Lasso's convention; hollow markers: "
    "where each feature reaches zero for good."
)
order = np.argsort(exits)
alt = (
    f"One piecewise-linear curve per feature, λ on a log axis, {len(knots)} knots. The features "
    f"reach zero one at a time: first {names[order[0]]} at λ = {exits[order[0]]:.4f}, last "
    f"{names[order[-1]]} at λ = {exits[order[-1]]:.4f}."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 5. Orthonormal design: the closed forms
#
# When XᵀX = I, with z = Xᵀy: the lasso ½‖y − Xw‖² + λ‖w‖₁ is the soft threshold
# sign(z)·max(|z| − λ, 0), and ridge ‖y − Xw‖² + λ‖w‖² is z/(1 + λ).

# %%
Xo, yo = orthonormal.orthonormal_data(seed=0)
no = len(yo)
lam = orthonormal.LAM
z = Xo.T @ yo
lasso_fit = Lasso(alpha=lam / no, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(Xo, yo)
ridge_fit = Ridge(alpha=lam, fit_intercept=False).fit(Xo, yo)
print(f"lambda = {lam}, max |XᵀX − I| = {np.max(np.abs(Xo.T @ Xo - np.eye(Xo.shape[1]))):.1e}")
print("      z    soft thr.     Lasso   z/(1+λ)     Ridge")
for zj, st, lf, ps, rf in zip(
    z,
    orthonormal.soft_threshold(z, lam),
    lasso_fit.coef_,
    orthonormal.proportional_shrinkage(z, lam),
    ridge_fit.coef_,
):
    print(f"{zj:7.3f} {st + 0.0:10.4f} {lf + 0.0:9.4f} {ps:9.4f} {rf:9.4f}")

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** Take noise σ = 1.5 and a Laplace prior of scale b = 0.2 on the data of
# section 1. Derive the `alpha` of scikit-learn's `Lasso` that gives the MAP, then check it
# against `bayes.laplace_map`, coefficient by coefficient and zero by zero.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
# -log posterior = ||y - Xw||²/(2σ²) + ||w||₁/b. Multiply by σ²/n (the minimiser does not move):
# (1/2n)||y - Xw||² + (σ²/(n b))||w||₁, which is Lasso's objective with alpha = σ²/(n b).
sigma_e, b_e = 1.5, 0.2
alpha_e = sigma_e**2 / (n * b_e)
w_map_e = bayes.laplace_map(X, y, sigma_e, b_e)
w_lasso_e = Lasso(alpha=alpha_e, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y).coef_
gap = np.max(np.abs(w_map_e - w_lasso_e))
print(f"alpha = {alpha_e}; largest difference {gap:.1e}; zeros {np.sum(w_lasso_e == 0)} of {p}")
# L-BFGS-B stops near 1e-9 here (section 1); 1e-6 leaves room and is far below any coefficient.
assert gap < 1e-6
assert np.array_equal(w_map_e == 0, w_lasso_e == 0)

# %% [markdown]
# **Exercise 2.** Under the Gaussian prior the posterior is Gaussian, so its mean and its mode
# coincide: the posterior mean *is* ridge. Check it two ways. (a) In 1-D, compute
# E[w | z] for z = w + N(0, σ²), w ~ N(0, τ²) by quadrature and compare it with ridge's
# z/(1 + σ²/τ²). (b) On the data of section 1, compute the posterior mean from the joint
# Gaussian of (w, y), E[w | y] = Cov(w, y)·Var(y)⁻¹·y = τ²Xᵀ(τ²XXᵀ + σ²I)⁻¹y, and compare
# it with `Ridge(alpha=σ²/τ²)`.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
from scipy.integrate import quad


def gaussian_posterior_mean(z, sigma, tau):
    def density(w):
        return np.exp(-((z - w) ** 2) / (2 * sigma**2) - w**2 / (2 * tau**2))

    mass = quad(density, -np.inf, np.inf, epsrel=1e-12)[0]
    return quad(lambda w: w * density(w), -np.inf, np.inf, epsrel=1e-12)[0] / mass


# (a) 1-D: ridge on one observation, (z - w)² + λw², is z/(1 + λ) with λ = σ²/τ².
for z_e in [0.3, 1.0, 2.5]:
    quadrature = gaussian_posterior_mean(z_e, sigma, tau)
    closed_form = z_e / (1 + sigma**2 / tau**2)
    print(f"z = {z_e}: posterior mean {quadrature:.10f}, ridge {closed_form:.10f}")
    assert abs(quadrature - closed_form) < 1e-9  # quadrature at relative precision 1e-12

# (b) n x n solve (conditioning) against Ridge's p x p solve: the push-through identity.
posterior_mean = tau**2 * X.T @ np.linalg.solve(tau**2 * X @ X.T + sigma**2 * np.eye(n), y)
diff = np.max(np.abs(posterior_mean - w_ridge))
print(f"posterior mean vs Ridge(alpha=sigma²/tau²): {diff:.1e}")
assert diff < 1e-10  # two direct solves of well-conditioned systems: rounding only

# %% [markdown]
# **Exercise 3.** Shrink or grow the ball. For isotropic bowls (A a multiple of I) the L1
# optimum is a corner exactly when the centre lies in that corner's normal cone, so the share
# of corner hits is 4(10 − t)²/(20² − 2t²) for centres uniform on [−10, 10]² outside the
# diamond. Count the corner hits over 5,000 bowls for t = 4, compare with this share, and
# check that the L2 optimum never lands on an axis.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
t_e, trials = 4.0, 5_000
rng = np.random.default_rng(1)
A_e, c_e = geometry.random_bowls(rng, trials, norm=1, shape="isotropic", radius=t_e)
share = geometry.axis_fraction(geometry.l1_ball_minimizer(A_e, c_e, t_e))
theory = 4 * (geometry.BOX - t_e) ** 2 / ((2 * geometry.BOX) ** 2 - 2 * t_e**2)
standard_error = np.sqrt(theory * (1 - theory) / trials)
print(
    f"t = {t_e}: corner hits {share:.1%}, theory {theory:.1%} (standard error {standard_error:.1%})"
)
# A binomial share: 4 standard errors is a tolerance a correct solver fails about once in 16,000.
assert abs(share - theory) < 4 * standard_error

A_2, c_2 = geometry.random_bowls(rng, trials, norm=2, shape="isotropic", radius=t_e)
l2_share = geometry.axis_fraction(geometry.radial_projection(c_2, t_e))
print(f"L2 optimum on an axis: {l2_share:.1%}")
assert l2_share == 0.0
