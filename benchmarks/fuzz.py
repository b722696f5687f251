"""Fuzz every parser that reads outside bytes or text; print crashes, the slowest input, peak RSS.

    .venv/bin/python benchmarks/fuzz.py                       # 10,000 inputs per parser
    .venv/bin/python benchmarks/fuzz.py --inputs 500 --only report_pdf feed --seed 3

Targets and their inputs are in ``benchmarks/fuzz_targets.py``. Each parser runs in a process
of its own (its peak RSS is its own) under a per-input time bound (``--time-bound``, SIGALRM)
and an address-space cap (``--memory-bound``). Per input the outcome is one of:

- parsed: the parser returned;
- refused: it raised its documented, typed error (ParseError, ConfigError, QueryError, a
  usage error from ``monitor classify``): not a crash;
- crash: any other exception (saved to ``--crash-dir`` with its traceback, to replay);
- overrun: it took longer than the time bound or hit the memory cap.

Exit status 1 when any parser crashed or overran.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import resource
import signal
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Overran(BaseException):
    """Raised by the alarm: the input took longer than the time bound."""


@dataclass
class Stats:
    name: str
    inputs: int = 0
    parsed: int = 0
    refused: int = 0
    crashes: int = 0
    overruns: int = 0
    slowest_s: float = 0.0
    slowest_input: str = ""
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    signatures: Counter[str] = field(default_factory=Counter)


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = next((f for f in reversed(frames) if "/monitor/" in f.filename), frames[-1])
    return f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno} ({where.name})"


def _preview(value: Any) -> str:
    raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    return f"{len(raw)} bytes: {raw[:60]!r}"


def run_target(name: str, inputs: int, seed: int, time_bound: float, crash_dir: Path) -> Stats:
    """Feed one parser ``inputs`` inputs in this process; count outcomes."""
    from benchmarks.fuzz_targets import targets

    target = next(t for t in targets() if t.name == name)
    stats = Stats(name)
    started = time.perf_counter()

    def on_alarm(signum: int, frame: Any) -> None:
        raise Overran(f"over {time_bound:g}s")

    previous = signal.signal(signal.SIGALRM, on_alarm)

    def check(value: Any) -> None:
        stats.inputs += 1
        begin = time.perf_counter()
        outcome: BaseException | None = None
        signal.setitimer(signal.ITIMER_REAL, time_bound)
        try:
            target.call(value)
        except target.typed:
            stats.refused += 1
        except (Overran, MemoryError) as exc:
            stats.overruns += 1
            outcome = exc
        except Exception as exc:
            stats.crashes += 1
            outcome = exc
        else:
            stats.parsed += 1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - begin
        if took > stats.slowest_s:
            stats.slowest_s, stats.slowest_input = took, _preview(value)
        if outcome is not None:
            sig = _signature(outcome)
            stats.signatures[sig] += 1
            if stats.signatures[sig] <= 3:
                _save(crash_dir, name, stats.inputs, value, outcome)

    if target.max_inputs is not None:
        inputs = min(inputs, target.max_inputs)
    logging.disable(logging.WARNING)  # pypdf and feedparser complain about every broken input
    try:
        target.drive(inputs, seed, check)
    finally:
        logging.disable(logging.NOTSET)
        signal.signal(signal.SIGALRM, previous)
    stats.seconds = time.perf_counter() - started
    stats.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return stats


def _save(crash_dir: Path, name: str, number: int, value: Any, exc: BaseException) -> None:
    crash_dir.mkdir(parents=True, exist_ok=True)
    raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
    (crash_dir / f"{name}-{number}.input").write_bytes(raw)
    (crash_dir / f"{name}-{number}.txt").write_text(
        "".join(traceback.format_exception(exc)), encoding="utf-8"
    )


def _child(
    name: str, inputs: int, seed: int, time_bound: float, memory_mb: int, crash_dir: Path, conn: Any
) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        conn.send(run_target(name, inputs, seed, time_bound, crash_dir))
    except BaseException as exc:  # the harness itself failed: report it as a crash
        stats = Stats(name, crashes=1)
        stats.signatures[f"harness: {type(exc).__name__}: {exc}"] += 1
        conn.send(stats)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.fuzz_targets import targets

    names = [t.name for t in targets()]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="inputs per parser")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", nargs="+", choices=names, default=names)
    parser.add_argument("--time-bound", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--memory-bound", type=int, default=2048, help="MB of address space")
    parser.add_argument("--crash-dir", type=Path, default=Path("/tmp/fuzz-crashes"))
    args = parser.parse_args(argv)

    ctx = multiprocessing.get_context("fork")
    rows: list[Stats] = []
    for name in args.only:
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_child,
            args=(
                name,
                args.inputs,
                args.seed,
                args.time_bound,
                args.memory_bound,
                args.crash_dir,
                send,
            ),
        )
        proc.start()
        send.close()
        try:
            stats = receive.recv()
        except EOFError:  # killed (the kernel's OOM killer, a segfault in a C extension)
            stats = Stats(name, crashes=1)
            stats.signatures["the parser's process died"] += 1
        proc.join()
        rows.append(stats)
        _print_row(stats)
        sys.stdout.flush()
    print()
    for stats in rows:
        for sig, count in stats.signatures.most_common():
            print(f"{stats.name}: {count} x {sig}")
        print(f"{stats.name}: slowest input {stats.slowest_s:.3f}s ({stats.slowest_input})")
    bad = sum(s.crashes + s.overruns for s in rows)
    print(
        f"\ncrashes+overruns: {bad}  (bounds: {args.time_bound:g}s and "
        f"{args.memory_bound} MB per input; seed {args.seed})"
    )
    return 1 if bad else 0


def _print_row(s: Stats) -> None:
    if not hasattr(_print_row, "header"):
        _print_row.header = True  # type: ignore[attr-defined]
        print(
            f"{'parser':<16}{'inputs':>8}{'parsed':>8}{'refused':>8}{'crashes':>8}"
            f"{'overrun':>8}{'slowest s':>10}{'peak RSS MB':>12}{'total s':>9}"
        )
    print(
        f"{s.name:<16}{s.inputs:>8}{s.parsed:>8}{s.refused:>8}{s.crashes:>8}{s.overruns:>8}"
        f"{s.slowest_s:>10.3f}{s.peak_rss_mb:>12.0f}{s.seconds:>9.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
