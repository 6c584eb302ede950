"""``python -m trade.demo write-resources [DIR] [--seed N]``: rewrite the DEMO keys and trust file."""

from __future__ import annotations

import argparse
from pathlib import Path

from trade.demo.generator import DEFAULT_SEED
from trade.demo.resources import write_resources

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m trade.demo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write-resources", help="(re)write the DEMO key files and trust.json")
    write.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    write.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    paths = write_resources(args.directory, args.seed)
    print(f"wrote {len(paths)} DEMO files under {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
