"""`python -m tracker.parsing FILE [FILE...]`: print one JSON object {"sources": [...]} (DESIGN.md contract).

The normalised text is left out (it is large); spans index it, and `parse()` returns it as `Source.text`.
A file that cannot be read is reported on stderr; the others are still printed, and the exit status is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tracker.parsing import UnreadableSource, parse
from tracker.parsing.records import Source, to_jsonable


def source_json(source: Source) -> dict:
    """A source as the CLI prints it: every field of the contract, without the normalised text."""
    data = to_jsonable(source)
    del data["text"]
    return data


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tracker.parsing FILE [FILE...]", file=sys.stderr)
        return 2
    sources, failed = [], False
    for name in argv:
        try:
            sources.append(source_json(parse(Path(name).read_bytes(), name)))
        except (OSError, UnreadableSource) as error:
            print(f"{name}: cannot parse: {error}", file=sys.stderr)
            failed = True
    json.dump({"sources": sources}, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
