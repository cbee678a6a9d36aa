"""The README's own commands, for CI: CI runs what the README tells a user, never a copy of it.

    python3 .ci/readme.py commands "Set up and run" --absolute REPO   # one shell line per command
    python3 .ci/readme.py check-outputs DIR                           # what the set-up run wrote
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def block_under(heading: str, readme: Path = REPO / "README.md") -> list[str]:
    """The command lines of the first ```bash block below the heading that starts with `heading`."""
    text = readme.read_text()
    match = re.search(r"^#+ " + re.escape(heading) + r".*?^```bash\n(.*?)^```", text, re.M | re.S)
    if not match:
        sys.exit(f"README.md has no bash block under a heading starting {heading!r}")
    return [line for line in match.group(1).splitlines() if line.strip() and not line.startswith("#")]


def absolute(command: str, repo: Path) -> str:
    """Make every argument that names something in the repository an absolute path."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words, program = [], True
    for word in lexer:
        if set(word) <= set("&|;"):  # a shell operator: the next word is a program again
            words.append(word)
            program = True
            continue
        name, extras = re.fullmatch(r"(.*?)(\[[\w,-]+\])?", word).groups()
        if not program and name and not name.startswith("-") and (repo / name).exists():
            word = str((repo / name).resolve()) + (extras or "")
        words.append(shlex.quote(word))
        program = False
    return " ".join(words)


def check_outputs(folder: Path) -> None:
    """Fail unless the analysis wrote a frame table with the person found and a parsable result."""
    with open(folder / "frames.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    detected = sum(row["detected"] == "1" for row in rows)
    result = json.loads((folder / "result.json").read_text())
    if not rows or detected < 0.9 * len(rows) or result.get("facing") not in ("left", "right"):
        sys.exit(f"{folder}: {len(rows)} frames, {detected} with the person, facing "
                 f"{result.get('facing')!r}: the README's sample run did not measure the person")
    print(f"{folder}: frames.csv {len(rows)} rows ({detected} with the person), "
          f"result.json facing {result['facing']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    commands = sub.add_parser("commands")
    commands.add_argument("heading")
    commands.add_argument("--absolute", type=Path, help="make paths into this repository absolute")
    outputs = sub.add_parser("check-outputs")
    outputs.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.what == "commands":
        for line in block_under(args.heading):
            print(absolute(line, args.absolute) if args.absolute else line)
    else:
        check_outputs(args.folder)


if __name__ == "__main__":
    main()
