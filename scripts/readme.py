"""Regenerate the generated parts of README.md from the code (config table, commands).

    python scripts/readme.py          # rewrite README.md
    python scripts/readme.py --check  # exit 1 when README.md is stale (tests run this)

Blocks live between ``<!-- BEGIN name -->`` and ``<!-- END name -->`` markers. The command
examples are real: they run `monitor` on the bundled cassettes in a temporary folder.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

EXAMPLES: list[tuple[str, list[str]]] = [
    ("check", ["check"]),
    ("run", ["run", "--once"]),
    ("run-again", ["run", "--once"]),
    ("import", ["import", "outcomes.csv"]),
    ("backfill", ["backfill", "--council", "Liverpool"]),
    ("reports", ["reports", "--council", "CWAC", "--limit", "3"]),
    (
        "reports-search",
        ["reports", "--search", "type:ilacs date:2023..", "--order", "published:asc"],
    ),
    ("reports-json", ["reports", "--council", "Hull", "--limit", "1", "--format", "json"]),
    ("articles", ["articles", "--relevant", "--limit", "4"]),
    ("articles-search", ["articles", "--search", "ofsted -school"]),
    (
        "articles-search-json",
        [
            "articles",
            "--search",
            "intitle:services council:hull",
            "--format",
            "json",
        ],
    ),
    ("stories", ["stories", "--limit", "5"]),
    ("show", ["show", "1"]),
    ("councils", ["councils", "cheshire"]),
    ("alerts", ["alerts"]),
    ("sources", ["sources", "--format", "csv"]),
    ("timeline", ["timeline", "Hull"]),
    ("timeline-former", ["timeline", "Cumbria"]),
    ("prune", ["prune", "--dry-run", "--before", "2026-11-01"]),
    ("reconcile", ["reconcile"]),
    (
        "summary",
        ["summary", "--today", "2026-11-23", "--order", "published:desc", "--limit", "4"],
    ),
]
COMMAND_ORDER = [
    "check",
    "run",
    "serve",
    "reports",
    "articles",
    "stories",
    "show",
    "councils",
    "alerts",
    "sources",
    "classify",
    "timeline",
    "backfill",
    "import",
    "prune",
    "reconcile",
    "summary",
    "web",
]
# An example of Ofsted's outcomes file (its real columns; invented grades) for `monitor import`.
SAMPLE_OUTCOMES = """\
Local authority inspection outcomes as at 31 March 2026 (example with invented grades)
,
Web link,Local authority name,Ofsted region,Inspection date,Publication date,\
Overall effectiveness,\
The impact of leaders on social work practice with children and families,\
The experiences and progress of children who need help and protection,\
The experiences and progress of children in care,\
The experiences and progress of care leavers
https://reports.ofsted.gov.uk/provider/44/80477,Kingston Upon Hull,North East,05/06/2023,\
28/07/2023,Requires improvement to be good,Requires improvement to be good,Good,\
Requires improvement to be good,Requires improvement to be good
https://reports.ofsted.gov.uk/provider/44/80441,Bristol,South West,14/10/2024,29/11/2024,Good,\
Good,Good,Good,Requires improvement to be good
https://reports.ofsted.gov.uk/provider/44/80465,Durham,North East,Not yet inspected,,,,,,
"""


def config_reference() -> str:
    from monitor import config

    tables = [
        ("[monitor]", config.MonitorSettings),
        ("[councils]", config.CouncilsSettings),
        ("[[sources]]", config.SourceSettings),
        ("[[channels]]", config.ChannelSettings),
    ]
    lines = []
    for title, model in tables:
        lines += [f"**{title}**", "", "| key | default | meaning |", "| --- | --- | --- |"]
        for key in config.keys(model):
            default = "required" if key.required else _default(key.default)
            lines.append(f"| `{key.name}` | {default} | {key.description} |")
        lines.append("")
    return "\n".join(lines).rstrip()


def _default(value: Any) -> str:
    from datetime import timedelta

    from monitor.config import format_duration

    if isinstance(value, timedelta):
        return f'`"{format_duration(value)}"`'
    if value is None:
        return "none"
    return f"`{json.dumps(value)}`"


def run_monitor(args: list[str], config: Path, database: str) -> tuple[int, str]:
    from monitor.cli import main

    buffer = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            main(["--config", str(config), "--database", database, *args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, buffer.getvalue()


def commands() -> str:
    import monitor.cycle
    from monitor.cli import cli

    # one source at a time, in config order, so row ids in the examples are reproducible
    monitor.cycle.SOURCE_CONCURRENCY = 1
    monitor.cycle.GIVE_UP_WAITING = False
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "sources.toml", folder / "sources.toml")
        shutil.copytree(ROOT / "cassettes", folder / "cassettes")
        database = f"sqlite:///{folder / 'monitor.db'}"
        (folder / "outcomes.csv").write_text(SAMPLE_OUTCOMES, encoding="utf-8")
        with contextlib.chdir(folder):
            examples = {
                name: (*run_monitor(args, folder / "sources.toml", database), args)
                for name, args in EXAMPLES
            }
    for name in COMMAND_ORDER:
        command = cli.commands[name]
        out.append(f"### `monitor {name}`\n")
        out.append((command.help or "").strip().split("\n")[0] + "\n")
        out.append("```\n" + _help(name) + "```\n")
        for example, (code, text, args) in examples.items():
            if example.split("-")[0] == name:
                text = re.sub(r"/tmp/[^\s/]+", "/tmp/example", text)
                shown = " ".join(shlex.quote(a) for a in args)
                out.append(f"Example, `monitor {shown}` (exit code {code}):\n")
                out.append("```\n" + text.rstrip() + "\n```\n")
    return "\n".join(out).rstrip()


def _help(name: str) -> str:
    from monitor.cli import cli

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
        cli.main([name, "--help"], prog_name="monitor", standalone_mode=False)
    return buffer.getvalue()


def webhook_example() -> str:
    from datetime import UTC, datetime

    from monitor.alerts.payload import test_event, webhook_body

    body = webhook_body(test_event(datetime(2026, 11, 23, 12, 0, tzinfo=UTC)))
    return "```json\n" + json.dumps(body, indent=2) + "\n```"


BLOCKS = {"config": config_reference, "commands": commands, "webhook": webhook_example}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} -->\n)(?:.*?\n)?(<!-- END {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no {name} block")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is stale: run python scripts/readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
