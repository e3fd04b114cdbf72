"""Reads a quickstart page as the steps a newcomer copies: its shell blocks and their outputs.

A page is plain Markdown. Every ```bash block is a step, run in order; the first ```text block
after it (before the next ```bash block) is the output the page promises. In a promised output
`...` stands for any text within a line, and a line of only `...` for any number of lines.
A ```bash block whose info string also says `norun` (```bash norun) is shown to the reader but
not run: it changes the machine (make restart) or needs a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Step:
    line: int  # where the command block starts on the page, for the failure message
    command: str
    expected: str | None


def steps_of(markdown: str) -> list[Step]:
    steps: list[Step] = []
    for fence in FENCE.finditer(markdown):
        info = fence.group(1).split()
        language, flags = (info[0] if info else ""), set(info[1:])
        body = fence.group(2)
        if language == "bash" and "norun" not in flags:
            line = markdown.count("\n", 0, fence.start()) + 1
            steps.append(Step(line, body, None))
        elif language == "bash":
            steps.append(Step(-1, "", None))  # a shown-only block ends the previous step's output
        elif language == "text" and steps and steps[-1].expected is None and steps[-1].line > 0:
            last = steps[-1]
            steps[-1] = Step(last.line, last.command, body)
    return [s for s in steps if s.line > 0]


def steps_in(path: Path) -> list[Step]:
    return steps_of(path.read_text(encoding="utf-8"))


def _pattern(expected: str) -> re.Pattern[str]:
    parts = []
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            text = "[^\n]*?".join(re.escape(piece) for piece in line.rstrip().split("..."))
            parts.append(text + r"[ \t]*\n")
    return re.compile("".join(parts))


def output_matches(expected: str, actual: str) -> bool:
    """True when `actual` (every line of it) is what `expected` promises, `...` as wildcards."""
    normalised = "\n".join(line.rstrip() for line in actual.rstrip("\n").split("\n")) + "\n"
    return _pattern(expected).fullmatch(normalised) is not None
