"""``ledger-client audit`` memory and speed: peak RSS on logs of growing size, which must stay flat.

Run: ``.venv/bin/python bench/audit.py [--sizes 10000,100000,1000000] [--entries]``.

For each size, a tlog-tiles directory is written (hash tiles, entry bundles,
a checkpoint signed by a test key, no witness policy), then ``ledger-client
audit DIR --entries`` runs in a fresh process; its peak resident set size
(``VmHWM`` of the child) and wall time are printed. Baseline in the same
run: the peak RSS of a process that only imports ``ledger_client`` and parses
the trust file, so the audit's own growth is the difference.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers.signed_log import SignedLog
from tests.helpers.tile_log import TileLog, leaf_entries


def write_log(root: Path, size: int) -> Path:
    """The log of ``leaf 0 .. leaf size-1`` as files; returns the trust file."""
    log = TileLog.from_entries(leaf_entries(size))
    for tile, data in log.published_tiles(size).items():
        (root / tile.path()).parent.mkdir(parents=True, exist_ok=True)
        (root / tile.path()).write_bytes(data)
    for bundle, data in log.published_bundles(size).items():
        (root / bundle.path()).parent.mkdir(parents=True, exist_ok=True)
        (root / bundle.path()).write_bytes(data)
    keys = SignedLog()
    (root / "checkpoint").write_bytes(keys.sign(keys.body(size, log.root(size)), cosigners=[]))
    trust = root.parent / f"trust-{size}.json"
    trust.write_text(json.dumps({**keys.trust_json(), "witness_vkeys": [], "witness_quorum": 0}))
    return trust


#: Runs a command's Python code, then prints the process's own peak RSS (KiB) on the last stderr line.
#: VmHWM, not ``ru_maxrss``: the latter keeps the high-water mark of the parent at fork, across exec.
_MEASURE = (
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module(sys.argv[0], run_name='__main__') if sys.argv[0] != '-c' else exec(sys.argv[1])\n"
    "except SystemExit:\n"
    "    pass\n"
    "hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]\n"
    "print(int(hwm.split()[1]), file=sys.stderr)\n"
)


def child_peak(argv: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (KiB) and stdout of ``python <argv>`` in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True, check=False)
    wall = time.perf_counter() - start
    return wall, int(done.stderr.decode().strip().splitlines()[-1]), done.stdout.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--no-entries", action="store_true", help="hash tiles only")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    cli = ["ledger_client.cli.main"]
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        first_trust = write_log(Path(tmp) / f"log-{sizes[0]}", sizes[0])
        base_code = "import sys, ledger_client; ledger_client.parse_trust_file(open(sys.argv[1], 'rb').read())"
        _, base_rss, _ = child_peak(["-c", base_code.replace("sys.argv[1]", repr(str(first_trust)))])
        print(f"baseline (import ledger_client, parse trust file): peak RSS {base_rss / 1024:.1f} MiB")
        for size in sizes:
            root = Path(tmp) / f"log-{size}"
            trust = first_trust if size == sizes[0] else write_log(root, size)
            argv = [*cli, "audit", str(root), "--trust", str(trust), "--quiet"]
            if not args.no_entries:
                argv.append("--entries")
            wall, rss, out = child_peak(argv)
            verdict = json.loads(out)["verdict"]
            print(
                f"audit {size:>9,} entries{'' if args.no_entries else ' +bundles'}: {verdict}, {wall:6.1f} s"
                f" ({size / wall:,.0f} entries/s), peak RSS {rss / 1024:.1f} MiB"
            )


if __name__ == "__main__":
    main()
