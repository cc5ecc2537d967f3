"""Run every evaluation on ../shared/data and print the figures (``make eval``).

Each module of this package named in :data:`EVALUATIONS` has ``run(data: Path) -> str``, which measures one thing
against the truth files and returns the lines to print.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

EVALUATIONS = ("duplicates", "extraction", "stories", "conflicts")


def main() -> int:
    """Run the evaluations named on the command line (all by default)."""
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*EVALUATIONS, []], help="evaluations to run (default: all)")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"error: no evaluation data at {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    for name in args.names or EVALUATIONS:
        module = importlib.import_module(f"evaluation.{name}")
        print(f"== {name}")
        print(module.run(args.data), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
