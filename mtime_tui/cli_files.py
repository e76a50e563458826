"""`mtime-tui export` and `mtime-tui import`: argument handling and progress on a terminal; the
work is core.reports.exports and core.reports.imports (the TUI calls the same)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .core.errors import ValidationError
from .core.people import branches
from .core.reports import exports, imports
from .core.reports.figures import salon_today
from .core.reports.periods import custom, parse_date
from .core.storage.models import Master
from .i18n import N_, _


class Progress:
    """"Exported 12 000 of 300 000" on one line of a terminal, a few times a second; silent
    when stderr is not a terminal (cron, a pipe)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = 0.0
        self.active = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.active or (now - self.shown < 0.2 and done < total):
            return
        self.shown = now
        text = _(self.label, done=f"{done:,}".replace(",", " "),
                 total=f"{total:,}".replace(",", " "))
        print(f"\r{text}", end="\n" if done >= total else "", file=sys.stderr, flush=True)


def _master_id(value: str | None) -> int | None:
    if not value:
        return None
    text = value.strip()
    master = (Master.get_or_none(Master.id == int(text)) if text.isdigit()
              else Master.get_or_none(Master.name == text))
    if master is None:
        raise ValidationError("No master {name}", name=text, field="master")
    return master.id


def branch_id(value: str | None) -> int | None:
    """--branch: a chain's branch by name or number (None: the whole chain)."""
    return branches.find_by_name(value).id if value else None


def _export(args: argparse.Namespace) -> int:
    if args.what == "clients":
        if args.format != "csv" or args.first or args.last or args.master or args.branch:
            raise ValidationError("Clients are exported whole, as CSV", field="format")
        out = Path(args.output or f"clients-{salon_today():%Y-%m-%d}.csv")
        count = exports.export_clients(out, progress=Progress(
            N_("Exported {done} of {total} clients")))
        print(_("{count} clients written to {path}", count=count, path=str(out)))
        return 0
    first = parse_date(args.first, field="from") if args.first else None
    last = parse_date(args.last, field="to") if args.last else None
    if first and last:
        custom(first, last, salon_today())  # the same checks as a period (order, length)
    selection = exports.Selection(first, last, master_id=_master_id(args.master),
                                  branch=branch_id(args.branch))
    out = Path(args.output or f"bookings-{salon_today():%Y-%m-%d}.{args.format}")
    count = exports.export_bookings(out, selection, fmt=args.format,
                                    progress=Progress(N_("Exported {done} of {total} bookings")))
    print(_("{count} bookings written to {path}", count=count, path=str(out)))
    return 0


def preview_lines(preview: imports.Preview) -> list[str]:
    lines = [_("{path}: {lines} lines; new clients {new}, to merge {merged}, unchanged {same}, "
               "refused {refused}", path=preview.path, lines=preview.lines,
               new=len(preview.new), merged=len(preview.changed), same=preview.unchanged,
               refused=len(preview.refused))]
    lines += [_("line {line}: {reason}", line=r.line, reason=r.reason) for r in preview.refused]
    for merge in preview.merges:
        lines += [_("line {line}: {note}", line=merge.line, note=note) for note in merge.kept]
    return lines


def _import(args: argparse.Namespace) -> int:
    preview = imports.read_clients(args.file, progress=Progress(N_("Checked {done} of {total} lines")))
    for line in preview_lines(preview):
        print(line)
    if args.dry_run:
        print(_("Nothing was imported (--dry-run)."))
        return 0
    if preview.refused and not args.skip_bad:
        print(_("Nothing was imported: fix the refused lines, or run again with --skip-bad."),
              file=sys.stderr)
        return 1
    result = imports.apply(preview, skip_refused=args.skip_bad,
                           progress=Progress(N_("Imported {done} of {total}")))
    print(_("Imported: {added} new clients, {merged} merged.", added=result.added,
            merged=result.merged))
    return 0


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.command == "export" else _import(args)
