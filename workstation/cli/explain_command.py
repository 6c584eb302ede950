"""``workstation explain [CODE]``: what a code the rules emit means, and what to look at next.

The texts come from :mod:`trade.explanations`, the same ones the reports and the in-application
help show. No profile is opened: explaining needs no ledger.
"""

from __future__ import annotations

import argparse

from trade import explanations
from workstation.cli import exits


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("explain", help="explain a reason code (without CODE: list every code)")
    p.add_argument("code", nargs="?", help="a code such as BLANKET_NOT_COVERING (any letter case)")
    p.add_argument("--text", action="store_true", help="plain text for people instead of JSON")
    p.set_defaults(run=run)


def as_json(item: explanations.Explanation) -> dict[str, str]:
    return {
        "code": item.code,
        "topic": item.topic.value,
        "outcome": item.outcome,
        "meaning": item.meaning,
        "next_step": item.next_step,
        "see": item.section,
    }


def as_text(item: explanations.Explanation) -> str:
    return (
        f"{item.code} ({item.topic.heading}; {item.outcome})\n"
        f"  Meaning: {item.meaning}\n"
        f"  Look next: {item.next_step}\n"
        f"  See: {item.section}\n"
    )


def run(args: argparse.Namespace) -> int:
    if args.code is None:
        items = explanations.all_explanations()
    else:
        try:
            items = (explanations.explain(args.code),)
        except explanations.UnknownCodeError as exc:
            raise exits.UsageError(f"{exc}; `workstation explain` lists every code") from exc
    if args.text:
        print("\n".join(as_text(item) for item in items), end="")
    elif args.code is None:
        exits.emit({"codes": [as_json(item) for item in items]})
    else:
        exits.emit(as_json(items[0]))
    return exits.RAN
