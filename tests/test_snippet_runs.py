"""How the build runs snippets: each module apart from the others, in a fixed environment,
within a time limit; nothing a snippet starts outlives the build, even a killed one.

Each case gives the engine's first stage (``evaluate`` in tests/support.py: what a build runs
before any page) the demo project of tests/support.py with snippets that try to break that.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.cache import Cache
from engine.evidence import evaluation
from engine.evidence.store import EvidenceError
from tests.support import ROOT, build_environment, evaluate, make_project

# Imported once, it changes a setting that other modules read.
CHANGES_A_SETTING = """
from snippets.demo import b_shared

b_shared.SETTINGS["scale"] = 1000
"""
SHARED_SETTINGS = 'SETTINGS = {"scale": 1}\n'
READS_THE_SETTING = """
import os

from snippets.demo import b_shared
from snippets.evidence import claim

@claim("demo.c-reads.setting", statement="Scale {scale}, setting {setting}.")
def reads_the_setting():
    return {"scale": b_shared.SETTINGS["scale"], "setting": os.environ.get("DEMO_SETTING", "unset")}
"""


def test_a_snippets_values_do_not_depend_on_what_else_ran_or_on_the_environment(
    tmp_path, monkeypatch
):
    """a_changes and c_reads were evaluated by one interpreter, a_changes first: c_reads then
    published the scale a_changes had set, and the build's DEMO_SETTING, which no cache key
    holds (the next build with another setting published the old one)."""
    project = make_project(tmp_path, "# Demo\n")
    demo = project / "snippets" / "demo"
    (demo / "a_changes.py").write_text(CHANGES_A_SETTING)
    (demo / "b_shared.py").write_text(SHARED_SETTINGS)
    (demo / "c_reads.py").write_text(READS_THE_SETTING)
    monkeypatch.setenv("DEMO_SETTING", "from the build")
    values = evaluate(project).items["demo.c-reads.setting"]["result"]
    assert values["scale"] == 1, "c_reads saw the scale another module set"
    assert values["setting"] == "unset", "a snippet saw a variable of the build's environment"


def test_the_environment_a_snippet_sees_is_part_of_its_cache_key(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    cache = Cache(ROOT, "unused")
    key = evaluation.module_key("snippets.l4.penalty", cache)
    monkeypatch.setenv("DEMO_SETTING", "not passed to snippets")
    assert evaluation.module_key("snippets.l4.penalty", cache) == key
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert evaluation.module_key("snippets.l4.penalty", cache) != key


# -- time limit and left-overs -------------------------------------------------------------

# Starts a process of its own, writes both process ids where the test finds them, then hangs.
HANGS = """
import os
import time
from pathlib import Path

from snippets.evidence import claim

@claim("demo.broken.hangs", statement="{x}")
def hangs():
    child = os.fork()
    if child == 0:
        time.sleep(600)
        os._exit(0)
    Path("pids.txt").write_text(f"{os.getpid()} {child}")
    time.sleep(600)
    return {"x": 1}
"""


# The same, its process in a session of its own (setsid): outside the worker's process group.
HANGS_APART = HANGS.replace("    if child == 0:\n", "    if child == 0:\n        os.setsid()\n")


def alive(pid: int) -> bool:
    """Whether a process runs (a zombie, ended but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def started_pids(project: Path) -> list[int]:
    path = project / "pids.txt"
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def stop_left_overs(pids: list[int]) -> None:
    """Ends what the snippet started, if the build left it running (the test then fails)."""
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("snippet", [HANGS, HANGS_APART], ids=["in its group", "in a session"])
def test_a_snippet_that_runs_too_long_is_stopped_naming_it(tmp_path, snippet):
    project = make_project(tmp_path, "# Demo\n", snippet)
    started = time.monotonic()
    try:
        with pytest.raises(EvidenceError) as error:
            evaluate(project, limit=5)
    finally:
        pids = started_pids(project)
        left = [pid for pid in pids if alive(pid)]
        stop_left_overs(pids)
    assert time.monotonic() - started < 60, "the evaluation hung on a snippet that never returns"
    message = str(error.value)
    assert "snippets/demo/broken.py took longer than the time limit of 5 s" in message
    assert "SNIPPET_TIME_LIMIT" in message
    assert len(pids) == 2 and not left, f"still running after the build: {left}"


# The build's first stage, in a process of its own: what a killed build is killed in.
EVALUATES = (
    "from pathlib import Path; from engine.evidence.evaluation import load; load(Path.cwd(), 300)"
)


@pytest.mark.parametrize("snippet", [HANGS, HANGS_APART], ids=["in its group", "in a session"])
def test_a_killed_build_leaves_no_snippet_running(tmp_path, snippet):
    project = make_project(tmp_path, "# Demo\n", snippet)
    command = [sys.executable, "-c", EVALUATES]
    build = subprocess.Popen(
        command,
        cwd=project,
        env=build_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pids: list[int] = []
    try:
        assert wait_until(lambda: len(started_pids(project)) == 2, 60), "the snippet never ran"
        pids = started_pids(project)
        build.kill()  # as an out-of-memory killer or a `kill -9` would: no clean-up runs
        build.wait()
        assert wait_until(lambda: not any(alive(pid) for pid in pids), 10), (
            f"still running after the build was killed: {[p for p in pids if alive(p)]}"
        )
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
        stop_left_overs(pids or started_pids(project))


# Starts a process in a session of its own, which sleeps on after the claim has its value.
LEAVES_ONE_RUNNING = """
import os
import time
from pathlib import Path

from snippets.evidence import claim

@claim("demo.broken.leaves", statement="{x}")
def leaves():
    child = os.fork()
    if child == 0:
        os.setsid()
        time.sleep(600)
        os._exit(0)
    Path("pids.txt").write_text(f"{child}")
    return {"x": 1}
"""


def test_nothing_a_snippet_starts_outlives_its_evaluation(tmp_path):
    project = make_project(tmp_path, "# Demo\n", LEAVES_ONE_RUNNING)
    try:
        store = evaluate(project)
    finally:
        pids = started_pids(project)
        left = [pid for pid in pids if alive(pid)]
        stop_left_overs(pids)
    assert store.items["demo.broken.leaves"]["result"] == {"x": 1}
    assert pids and not left, f"still running after the evaluation: {left}"


# Two functions that call each other, through a long line: every one of the thousand frames
# was written out (they alternate, so none is folded as a repeat of the one before), an error
# of a hundred megabytes that stalled the build and was never told.
RECURSES = """
from snippets.evidence import claim

def ping(n):
    return pong(n + 1) + len("{padding}")

def pong(n):
    return ping(n + 1) + len("{padding}")

@claim("demo.broken.recurses", statement="{{x}}")
def recurses():
    return {{"x": ping(0)}}
""".format(padding="x" * 100_000)


def test_a_runaway_recursion_is_reported_in_a_few_lines(tmp_path):
    project = make_project(tmp_path, "# Demo\n", RECURSES)
    store = evaluate(project, limit=20)
    [failed] = store.failures()
    assert failed["id"] == "demo.broken.recurses"
    assert "RecursionError" in failed["error"] and "frames" in failed["error"]
    assert len(failed["error"]) < 25_000
