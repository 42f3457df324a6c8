"""How the build evaluates snippet modules: ``python -m snippets.runner --out DIR MODULE...``
evaluates each module in a process of its own, and writes its ``ModuleResult`` (the JSON that
snippets/contract.py describes) to ``DIR/<module>.json`` as soon as it is known.

- Apart, because a snippet may change what another computes (a global of a shared module,
  numpy's or torch's seed, torch's default dtype): its result cannot depend on which modules
  happened to run before it. Each process is forked from this one once it has imported the
  libraries the modules use (and nothing of the project), so that being apart costs no
  start-up.
- A module that reads a file of the project its cache key does not cover (a module imported
  by importlib, a data file outside snippets/) fails, naming the files: a change to them would
  go unseen, and an old value would be published.
- A module whose process ends early (``os._exit()``, a crash) is reported with how it ended.
- With ``--stop-with-stdin`` (the build's way), this process ends, with everything in its
  process group, when its stdin closes: when the build ends, however it ends.
- Nothing a module starts outlives its evaluation, not even a process in a session of its
  own (``setsid``), which leaves the process group: this process is the "subreaper" of all it
  starts (Linux's ``PR_SET_CHILD_SUBREAPER``), so what a module leaves running becomes its
  child, and it ends every process under it once each module has its result.

Nothing here knows about MkDocs; engine/evidence/evaluation.py runs it, in a process group of its
own, within a time limit.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import json
import os
import select
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import psutil

from snippets.contract import (
    ROOT,
    ModuleResult,
    cache_inputs,
    imported_names,
    module_files,
    snippet_roots,
    write_cache_entry,
)
from snippets.evidence import evaluate_modules


def evaluate_apart(modules: list[str], out: Path, stop_with_stdin: bool = False) -> None:
    """Each module evaluated in a process forked from this one; its result written to
    ``out/<module>.json`` (whole: the build watches for it)."""
    import_libraries(modules)
    become_subreaper()
    for module in modules:
        sys.stdout.flush()
        sys.stderr.flush()
        child = os.fork()
        if child == 0:
            status = 1
            try:
                result = evaluate_watching_reads(module)
                write_cache_entry(
                    out / f"{module}.json", json.dumps(result, default=_to_json).encode()
                )
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)  # no cleanup inherited from this process runs twice
        status = wait_for(child, stop_with_stdin)
        end_descendants()
        if not (out / f"{module}.json").exists():
            result = {"items": {}, "error": ended(status)}
            write_cache_entry(out / f"{module}.json", json.dumps(result).encode())


def import_libraries(modules: list[str]) -> None:
    """Imports what ``modules`` import from outside the project (numpy, plotly, torch...)."""
    for module in modules:
        for path in module_files(module):
            for name in imported_names(path.relative_to(ROOT).as_posix(), path.read_text()):
                if module_files(name.split(".")[0]):
                    continue  # the project's: imported by each module's own process only
                try:
                    importlib.import_module(name)
                except (Exception, SystemExit):  # a name from a module, or the module's error
                    pass


def wait_for(child: int, stop_with_stdin: bool) -> int:
    """The child's wait status; with ``stop_with_stdin``, ends this process group if stdin
    closes first."""
    if not stop_with_stdin:
        return os.waitpid(child, 0)[1]
    watched = [0]
    if hasattr(os, "pidfd_open"):  # Linux: readable when the child ends, so no polling delay
        watched.append(os.pidfd_open(child))
    try:
        while True:
            finished, status = os.waitpid(child, os.WNOHANG)
            if finished:
                return status
            ready = select.select(watched, [], [], 0.2)[0]
            if 0 in ready and not os.read(0, 1):  # stdin closed: the build is gone
                end_descendants()
                os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        for descriptor in watched[1:]:
            os.close(descriptor)


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def become_subreaper() -> None:
    """Makes this process the parent of whatever its descendants leave behind (an orphan goes
    to its nearest subreaper, not to init), on Linux; elsewhere, nothing."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def end_descendants(pid: int | None = None) -> None:
    """Kills every process under ``pid`` (this one by default), in its session or not."""
    try:
        under = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return
    for process in under:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(under, timeout=5)


def ended(status: int) -> str:
    """How a module's process ended, when it ended before reporting."""
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name} while being evaluated"
    return (
        f"ended its process with exit code {os.waitstatus_to_exitcode(status)} while being "
        "evaluated, before reporting (os._exit(), or a crash in native code)"
    )


def evaluate_watching_reads(module: str) -> ModuleResult:
    """``module`` evaluated; an error if it read a file of the project that its cache key
    does not cover (a module imported by importlib, a data file outside snippets/): a change
    to that file would not be seen, and an old value would be published."""
    allowed = {path.resolve() for path in cache_inputs(snippet_roots(module))}
    read: set[Path] = set()
    sys.addaudithook(lambda event, args: event == "open" and read.update(project_file(*args)))
    result = evaluate_modules([module])[module]
    unseen = sorted(path.relative_to(ROOT).as_posix() for path in read - allowed)
    if unseen and not result["error"]:
        result["error"] = (
            f"read {', '.join(unseen)} while being evaluated, which its cache key does not "
            "cover: a change to them would not be seen. Import the project's modules with an "
            "import statement (not importlib), and keep data files under snippets/"
        )
    return result


# What is installed, not the project's sources (its versions are pinned, and in every key):
# Python's packages, and npm's, which the labs' figures check against (plotly.js).
LIBRARIES = {
    *(Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)),
    (ROOT / "node_modules").resolve(),
}


def project_file(path: Any, mode: str | None, flags: int) -> set[Path]:
    """{the file}, if an ``open`` audit event reads a file of the project (not of its
    virtual environment, not bytecode, not a name that is no file: an import hook's entry of
    ``sys.path``); else nothing."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        return set()  # a file descriptor
    writing = (mode is not None and not set(mode) & set("r+")) or (
        mode is None and flags & os.O_ACCMODE == os.O_WRONLY
    )
    file = Path(os.path.abspath(os.fsdecode(path))).resolve()
    if writing or not file.is_relative_to(ROOT) or "__pycache__" in file.parts:
        return set()
    if any(file.is_relative_to(library) for library in LIBRARIES) or not file.is_file():
        return set()
    return {file}


def _to_json(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot serialize {type(value).__name__}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m snippets.runner")
    parser.add_argument("--out", type=Path, required=True, help="where <module>.json go")
    parser.add_argument("--stop-with-stdin", action="store_true")
    parser.add_argument("modules", nargs="+")
    arguments = parser.parse_args()
    # Through the importable module, not __main__ (one copy of what it imports).
    from snippets.runner import evaluate_apart

    evaluate_apart(arguments.modules, arguments.out, arguments.stop_with_stdin)
