"""The benchmark's arithmetic: the CPU slowdown calibrated to the host, and what is read from
a Lighthouse report. (The measurements themselves are `make bench`'s, not a test's.)"""

from __future__ import annotations

import pytest

from bench.lighthouse import MATERIAL_BUNDLE, Calibration, cpu_slowdown, measurements, summary


@pytest.mark.parametrize(
    ("index", "multiplier"),
    # Lighthouse's CPU-throttling calculator: 3 + (i - 1300)/233 from 1,300; 2 + (i - 800)/500
    # from 800; 1 + (i - 150)/650 below.
    [(3064, 3 + 1764 / 233), (1300, 3.0), (1050, 2.5), (800, 2.0), (475, 1.5), (150, 1.0)],
)
def test_the_slowdown_follows_lighthouses_calculator(index, multiplier):
    assert cpu_slowdown(index) == pytest.approx(multiplier)


def test_the_slowdown_grows_with_the_index_without_a_jump():
    indices = range(0, 6000, 5)
    slowdowns = [cpu_slowdown(index) for index in indices]
    assert all(b >= a for a, b in zip(slowdowns, slowdowns[1:], strict=False))
    steps = [b - a for a, b in zip(slowdowns, slowdowns[1:], strict=False)]
    assert max(steps) < 0.03, "a breakpoint of the formula jumps"
    assert min(slowdowns) == 1.0, "a host slower than the reference phone is not sped up"


def test_the_calibration_is_the_median_reading_not_one_reading():
    calibration = Calibration((2627.0, 3234.0, 3064.0, 2900.0, 3100.0))
    assert calibration.index == 3064.0
    assert calibration.multiplier == pytest.approx(10.57, abs=0.01)


def report(performance: float, bundle_ms: float, other_ms: float) -> dict:
    """The parts of a Lighthouse report that the bench reads."""
    numeric = {"numericValue": 1.0}
    return {
        "categories": {
            name: {"score": performance / 100}
            for name in ("performance", "accessibility", "best-practices", "seo")
        },
        "audits": {
            "mainthread-work-breakdown": {
                "details": {
                    "items": [
                        {"group": "styleLayout", "duration": 600.0},
                        {"group": "scriptEvaluation", "duration": 300.0},
                    ]
                }
            },
            "bootup-time": {
                "details": {
                    "items": [
                        {"url": f"http://h{MATERIAL_BUNDLE}a5f9.min.js", "total": bundle_ms},
                        {"url": "http://h/assets/figures.js", "total": other_ms},
                    ]
                }
            },
            "first-contentful-paint": numeric,
            "largest-contentful-paint": numeric,
            "total-blocking-time": numeric,
            "dom-size": numeric,
        },
        "environment": {"benchmarkIndex": 2000.0},
    }


def test_work_at_1x_is_the_simulated_work_over_the_slowdown_and_materials_share_is_its_own():
    found = measurements(report(performance=93, bundle_ms=700.0, other_ms=90.0), multiplier=6.0)
    assert found["performance"] == pytest.approx(93)
    assert found["style_layout_1x_ms"] == pytest.approx(100.0)
    assert found["script_1x_ms"] == pytest.approx(50.0)
    assert found["material_ms"] == 700.0


def test_a_page_is_summed_up_by_its_median_run_and_its_spread():
    runs = [
        measurements(report(performance, 700.0, 90.0), multiplier=6.0)
        for performance in (90, 97, 93)
    ]
    summed = summary(runs)
    assert summed["median"]["performance"] == pytest.approx(93)
    assert summed["spread"]["performance"] == pytest.approx((90, 97))
