# %% [markdown]
# # Lab: the L4 answer
#
# Test lab.

# %%
from snippets.l4 import penalty

penalty.gradient_near_zero()

# %%
penalty.penalty_gradients_figure().show()
