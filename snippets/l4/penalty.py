"""The two penalties and their (sub)gradients near zero: claim l4.penalty.gradient-near-zero, page /l4/."""

import numpy as np
from plotly.subplots import make_subplots

from snippets.evidence import claim, figure, report
from snippets.style import GREY, L1_COLOR, L2_COLOR, layout

LAM = 1.0
W_NEAR_ZERO = 0.01


# --8<-- [start:penalties]
def l1_penalty(w, lam):
    return lam * np.abs(w)


def l2_penalty(w, lam):
    return lam * w**2


def l1_gradient(w, lam):
    return lam * np.sign(w)  # a subgradient: at w = 0 any value in [-lam, lam] is one


def l2_gradient(w, lam):
    return 2 * lam * w


# --8<-- [end:penalties]


def central_difference(penalty, w, lam, h=1e-7):
    return (penalty(w + h, lam) - penalty(w - h, lam)) / (2 * h)


@claim(
    "l4.penalty.gradient-near-zero",
    statement=(
        "At |w| = {w}, with the same λ = {lam} and penalties λ|w| and λw², "
        "the L1 gradient is {l1_grad} and the L2 gradient is {l2_grad}: "
        "L1 pulls {ratio} times harder."
    ),
)
def gradient_near_zero():
    w = W_NEAR_ZERO
    l1_grad = float(l1_gradient(w, LAM))
    l2_grad = float(l2_gradient(w, LAM))
    return {
        "w": w,
        "lam": LAM,
        "l1_grad": l1_grad,
        "l2_grad": l2_grad,
        "ratio": l1_grad / l2_grad,
        "ratio_half_convention": l1_grad / (l2_grad / 2),
        "l1_grad_numeric": float(central_difference(l1_penalty, w, LAM)),
        "l2_grad_numeric": float(central_difference(l2_penalty, w, LAM)),
    }


@figure(
    "l4.penalty.gradients",
    caption=(
        "Top: the penalties λ|w| and λw², with λ = {{ claim l4.penalty.gradient-near-zero lam }}. "
        "Bottom: their gradients. "
        "Near zero the L2 pull fades linearly; the L1 pull stays at λ until w reaches zero, "
        "where the subgradient is the whole interval [−λ, λ]."
    ),
    alt=(
        "Two stacked plots over w from -1.5 to 1.5. The L1 penalty is a V, the L2 penalty a "
        "parabola. The L1 gradient is a step from -λ to λ at zero; the L2 gradient is the line "
        "2λw. At |w| = {{ claim l4.penalty.gradient-near-zero w }} the L1 gradient is "
        "{{ claim l4.penalty.gradient-near-zero l1_grad }} and the "
        "L2 gradient {{ claim l4.penalty.gradient-near-zero l2_grad }}, "
        "{{ claim l4.penalty.gradient-near-zero ratio }} times smaller."
    ),
)
def penalty_gradients_figure():
    w = np.linspace(-1.5, 1.5, 301)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_scatter(x=w, y=l1_penalty(w, LAM), name="L1: λ|w|", line_color=L1_COLOR, row=1, col=1)
    fig.add_scatter(x=w, y=l2_penalty(w, LAM), name="L2: λw²", line_color=L2_COLOR, row=1, col=1)
    negative, positive = w[w < 0], w[w > 0]
    for part, show in ((negative, True), (positive, False)):
        fig.add_scatter(
            x=part,
            y=l1_gradient(part, LAM),
            name="L1 gradient",
            legendgroup="l1g",
            showlegend=show,
            line_color=L1_COLOR,
            line_dash="dash",
            row=2,
            col=1,
        )
    fig.add_scatter(
        x=[0, 0],
        y=[-LAM, LAM],
        name="L1 subgradient at 0",
        mode="lines",
        line={"color": L1_COLOR, "width": 6},
        opacity=0.35,
        row=2,
        col=1,
    )
    fig.add_scatter(
        x=w,
        y=l2_gradient(w, LAM),
        name="L2 gradient",
        line_color=L2_COLOR,
        line_dash="dash",
        row=2,
        col=1,
    )
    fig.add_scatter(
        x=[W_NEAR_ZERO, W_NEAR_ZERO],
        y=[l1_gradient(W_NEAR_ZERO, LAM), l2_gradient(W_NEAR_ZERO, LAM)],
        mode="markers",
        name=f"w = {W_NEAR_ZERO:g}",
        marker={"color": GREY, "size": 9, "symbol": "circle-open"},
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text="penalty", row=1, col=1)
    fig.update_yaxes(title_text="gradient", range=[-3.2, 3.2], row=2, col=1)
    fig.update_xaxes(title_text="weight w", row=2, col=1)
    fig.update_layout(layout(height=520))
    return fig


if __name__ == "__main__":
    report(__name__)
