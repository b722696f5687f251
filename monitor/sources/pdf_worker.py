"""Report PDFs read in a separate process, within a time and a memory bound.

A 6 KB PDF of 200,000 tiny text operators keeps pypdf busy for 18 s, and pypdf is pure
Python run on bytes anyone can publish: reading it in the cycle's process could stall every
source. :func:`read_report_bounded` runs :func:`monitor.sources.pdf.read_report` in a child
process (``python -m monitor.sources.pdf_worker``: the PDF on its stdin, the facts pickled on
its stdout; a fresh interpreter, so nothing of the event loop's threads or state is shared)
with:

- a **time bound** (``timeout_s``, default 20 s, the child's start of about 0.3 s included):
  past it the child is killed (SIGKILL) and :class:`~monitor.errors.TooCostly`
  (``limit="time"``) is raised;
- a **memory bound** (``max_memory_bytes``, default 1 GiB of address space, RLIMIT_AS in the
  child): an allocation past it is a MemoryError there, :class:`TooCostly` (``limit="memory"``)
  here; a child killed from outside (the OOM killer) is the same.

Either way the report is kept and the PDF retried in a later cycle (``TooCostly.retryable``).
A PDF that is not readable is a :class:`~monitor.errors.ParseError`, exactly as in-process.

    facts = read_report_bounded(content, inspection_type="ilacs_full", url=pdf_url)
    facts = await aread_report_bounded(content, inspection_type=..., url=..., timeout_s=20)
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import resource
import subprocess
import sys

from monitor.errors import ParseError, TooCostly
from monitor.sources.pdf import ReportFacts, read_report

PDF_TIMEOUT_S = 20.0
PDF_MAX_MEMORY_BYTES = 1024 * 1024 * 1024


def read_report_bounded(
    content: bytes,
    *,
    inspection_type: str | None,
    url: str | None = None,
    timeout_s: float = PDF_TIMEOUT_S,
    max_memory_bytes: int = PDF_MAX_MEMORY_BYTES,
) -> ReportFacts:
    """:func:`read_report` in a child process killed past ``timeout_s`` (blocking call)."""
    if not content or b"%PDF-" not in content[:1024]:  # no process for what is plainly no PDF
        raise ParseError("not a PDF (no %PDF- header)", url=url)
    command = [sys.executable, "-m", "monitor.sources.pdf_worker", str(max_memory_bytes)]
    command += [inspection_type or "", url or ""]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as child:
        try:
            out, _ = child.communicate(content, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise TooCostly(
                f"reading the PDF took longer than {timeout_s:g}s (skipped, retried later)",
                limit="time",
                url=url,
            ) from None
    try:
        kind, value = pickle.loads(out)  # our own child's answer
    except Exception:  # died without a word: killed for its memory, or crashed
        raise TooCostly(
            f"the PDF reader died (exit code {child.returncode}; out of memory?)",
            limit="memory",
            url=url,
        ) from None
    if kind == "ok" and isinstance(value, ReportFacts):
        return value
    if kind == "memory":
        raise TooCostly(f"{value} (over {max_memory_bytes // 2**20} MB)", limit="memory", url=url)
    raise ParseError(str(value), url=url)


async def aread_report_bounded(
    content: bytes,
    *,
    inspection_type: str | None,
    url: str | None = None,
    timeout_s: float = PDF_TIMEOUT_S,
    max_memory_bytes: int = PDF_MAX_MEMORY_BYTES,
) -> ReportFacts:
    """:func:`read_report_bounded` for the event loop: waits in a thread, never blocks it."""
    return await asyncio.to_thread(
        read_report_bounded,
        content,
        inspection_type=inspection_type,
        url=url,
        timeout_s=timeout_s,
        max_memory_bytes=max_memory_bytes,
    )


def _child(argv: list[str]) -> None:
    """In the child: cap the address space, read stdin, pickle the facts or the error's kind."""
    max_memory, inspection_type, url = int(argv[0]), argv[1] or None, argv[2] or None
    logging.disable(logging.WARNING)  # pypdf's complaints about broken files: not ours to log
    content = sys.stdin.buffer.read()
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    answer: tuple[str, object]
    try:
        answer = ("ok", read_report(content, inspection_type=inspection_type, url=url))
    except TooCostly as exc:
        answer = ("memory", exc.message)
    except MemoryError:
        answer = ("memory", "the PDF needs more memory than allowed")
    except ParseError as exc:
        answer = ("parse", exc.message)
    sys.stdout.buffer.write(pickle.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    _child(sys.argv[1:])
