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
# # Lab: the L4 answer
#
# This lab runs the code behind [the L4 answer](../../l4/), with the same functions the site's
# pages use, imported from `snippets/`. Every cell ran when the site was built; change the
# numbers and run the cells again to see what moves.
#
# Convention, as on the page: the penalty is added to the loss as is, λ‖w‖₁ or λ‖w‖₂²,
# with no factor ½.

# %%
import numpy as np

from snippets.l4 import diabetes, penalty

# %% [markdown]
# ## 1. The pull of each penalty near zero
#
# The gradient of λ|w| is λ·sign(w) away from zero; the gradient of λw² is 2λw. Evaluate
# both at a few small weights.

# %%
lam = 1.0
for w in [1.0, 0.1, 0.01, 0.001]:
    l1, l2 = penalty.l1_gradient(w, lam), penalty.l2_gradient(w, lam)
    print(f"w = {w:<6}  L1 pull = {l1:.3f}   L2 pull = {l2:.4f}   ratio = {l1 / l2:,.0f}")

# %%
fig = penalty.penalty_gradients_figure()
near_zero = 0.01
caption = "Each penalty and its gradient: the L1 pull keeps its size down to w = 0."
alt = (
    "Two stacked plots over w. Top: the L1 penalty is a V, the L2 penalty a parabola. "
    f"Bottom: at |w| = {near_zero} the L1 gradient is {penalty.l1_gradient(near_zero, lam):g}"
    f" and the L2 gradient {penalty.l2_gradient(near_zero, lam):g}."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## 2. Lasso and ridge on the diabetes data
#
# scikit-learn's `Lasso` minimises (1/2n)‖y − Xw‖² + α‖w‖₁ and `Ridge` minimises
# ‖y − Xw‖² + α‖w‖². The same α is not the same strength.

# %%
names, lasso, ridge, ols = diabetes.fit_diabetes(alpha=0.5)
print("feature   lasso    ridge")
for name, a, b in zip(names, lasso, ridge):
    print(f"{name:>6} {a:8.1f} {b:8.1f}")
print(f"lasso exact zeros: {np.sum(lasso == 0)}, ridge exact zeros: {np.sum(ridge == 0)}")

# %%
fig = diabetes.coefficients_figure()
caption = (
    "Lasso and ridge coefficients on the diabetes data at alpha = 0.5, each in its convention."
)
alt = (
    f"Grouped bars for the {len(names)} diabetes features. The lasso sets "
    f"{np.sum(lasso == 0)} of them to exactly zero; ridge sets {np.sum(ridge == 0)}."
)
fig.update_layout(meta={"caption": caption, "alt": alt})  # the site shows them with the figure
fig.show()

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** How large must α be for the lasso to set *every* coefficient to zero on
# the diabetes data? Derive it from the optimality condition |x_jᵀ r| / n ≤ α at w = 0,
# then check it.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso

X, y = load_diabetes(return_X_y=True)
# At w = 0 the residual is y minus its mean (the unpenalized intercept).
alpha_max = np.max(np.abs(X.T @ (y - y.mean()))) / len(y)
print(f"alpha_max = {alpha_max:.3f}")
assert np.all(Lasso(alpha=alpha_max * 1.001).fit(X, y).coef_ == 0)
# Just below alpha_max one feature enters. A tight tolerance matters here: with the default
# tol=1e-4 the solver's duality gap at w = 0 is already "small enough" and it stops there.
entering = Lasso(alpha=alpha_max * 0.99, tol=1e-12).fit(X, y).coef_
print("first feature in:", names[int(np.flatnonzero(entering)[0])])
assert np.count_nonzero(entering) == 1

# %% [markdown]
# **Exercise 2.** Ridge does not set a coefficient exactly to zero, however large α is (short
# of a coincidence in the data). Show it numerically for α up to 10⁶, and explain why from its
# closed form w = (XᵀX + αI)⁻¹Xᵀy.
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
from sklearn.linear_model import Ridge

for alpha in [1.0, 1e2, 1e4, 1e6]:
    coef = Ridge(alpha=alpha).fit(X, y).coef_
    print(
        f"alpha = {alpha:>9,.0f}: smallest |w_j| = {np.min(np.abs(coef)):.2e}, zeros = {np.sum(coef == 0)}"
    )
    assert np.all(coef != 0)
# The closed form is smooth in alpha and has no threshold: a coefficient is zero only where
# the data make that entry of (XᵀX + αI)⁻¹Xᵀy vanish exactly, a coincidence. For large alpha,
# w ≈ Xᵀy / alpha, zero only where x_jᵀy is exactly zero.

# %% [markdown]
# **Exercise 3.** Standardization matters. Multiply the `bmi` column by 100 (as if it were
# measured in other units) and refit the lasso at α = 0.5. What happens to its coefficient,
# and to the others?
#
# <label class="solution-toggle"><input type="checkbox"> Show the solution</label>

# %% tags=["solution"]
X_rescaled = X.copy()
bmi = list(names).index("bmi")
X_rescaled[:, bmi] *= 100
before = Lasso(alpha=0.5).fit(X, y).coef_
after = Lasso(alpha=0.5).fit(X_rescaled, y).coef_
print(f"bmi coefficient x 100: {after[bmi] * 100:.1f} (was {before[bmi]:.1f})")
print(f"zeros before: {np.sum(before == 0)}, after: {np.sum(after == 0)}")
# The rescaled feature needs a 100 times smaller weight for the same effect, so it pays
# almost no penalty: the lasso now favours it over correlated features.
assert abs(after[bmi] * 100) > abs(before[bmi])
