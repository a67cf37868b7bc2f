"""Bringing contacts in and out: import, export, and merging two people by hand."""

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from journal.cli.boundary import new_app
from journal.cli.options import JsonOpt, PersonArg
from journal.cli.output import echo
from journal.cli.output import stdout as output_stream
from journal.cli.session import output_file, store
from journal.errors import Conflict, JournalError
from journal.files import replaced_atomically
from journal.text.inputs import person_ref
from journal.text.words import counted

app = new_app()
import_app = new_app("Bring contacts in, merging duplicates.")
export_app = new_app("Take the journal out.")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")

Files = Annotated[list[Path], typer.Argument(metavar="FILE...", help="vCard files (.vcf).")]
File = Annotated[Path, typer.Argument(metavar="FILE")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Show what would be added or merged; write nothing.")
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse the whole file if one record cannot be read (else it is skipped).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write here instead of stdout.",
        callback=output_file,
    ),
]


# -- import --------------------------------------------------------------------------


def _progress(n: int) -> None:
    typer.echo(f"\r{n:,} records…", err=True, nl=False)


def _import(ctx: typer.Context, contacts: Iterator, *, dry_run: bool, as_json: bool) -> None:
    from journal.db import imports

    s = store(ctx, write=not dry_run)
    progress = _progress if sys.stderr.isatty() else None
    records: list[dict] = []
    would = "would be " if dry_run else ""

    def each(o) -> None:
        # A real import lists what needs a look (merges, conflicts, skips), not every add.
        if o.action == "added" and not dry_run:
            return
        if as_json:
            records.append({k: v for k, v in vars(o).items() if v not in (None, [])})
            return
        into = {"merged": f" into #{o.person_id}", "unchanged": f" (#{o.person_id})"}
        line = f"{o.where}: {would}{o.action} {o.name}{into.get(o.action, '')}".rstrip()
        echo(line + (f" ({o.reason})" if o.reason else ""))
        for conflict in o.conflicts:
            echo(f"  kept as it was: {conflict}")

    try:
        report = imports.import_contacts(s, contacts, dry_run=dry_run, progress=progress, each=each)
    except JournalError as e:
        # The lines above it told of merges the rollback has undone.
        raise JournalError(f"{e}; nothing was imported") from None
    if progress and sum(report.counts.values()) >= 1000:
        echo("", err=True)
    if as_json:
        summary = {"dry_run": dry_run, **report.counts, "records": records}
        echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        echo(f"{'Dry run, nothing written: ' if dry_run else ''}{report.summary()}.")


@import_app.command("vcard")
def import_vcard(
    ctx: typer.Context,
    files: Files,
    dry_run: DryRun = False,
    strict: Strict = False,
    as_json: JsonOpt = False,
) -> None:
    """Import contacts from vCard files (phones, Outlook, Google, Apple, khard, CardDAV).

    Every property of a card comes back with `export vcard`. A card that cannot be
    read is skipped, with its line and why; `--strict` refuses the file instead.

    \b
    Example:
      journal import vcard contacts.vcf --dry-run
    """
    from journal.formats.vcard import read_vcards

    _import(ctx, read_vcards(files, strict=strict), dry_run=dry_run, as_json=as_json)


@import_app.command("linkedin")
def import_linkedin(
    ctx: typer.Context,
    file: File,
    dry_run: DryRun = False,
    strict: Strict = False,
    as_json: JsonOpt = False,
) -> None:
    """Import LinkedIn's export: Connections.csv, Invitations.csv, messages.csv, Contacts.csv.

    Connections are found online on LinkedIn, met the day you connected (every layout
    LinkedIn has used, and the file as Excel saves it again); an invitation is a way you
    found someone, with its day and message; messages go to the log; Contacts.csv is
    the address book you gave LinkedIn. The file is told by its header.

    \b
    Example:
      journal import linkedin ~/Downloads/Connections.csv
      journal import linkedin ~/Downloads/Invitations.csv
    """
    from journal.formats import linkedin_more
    from journal.formats.linkedin import read_linkedin

    kind = linkedin_more.kind_of(file)
    if kind == "messages":
        sightings = linkedin_more.read_messages(file)
        _import_archive(ctx, sightings, dry_run=dry_run, as_json=as_json, source=file)
        return
    read = {
        "invitations": linkedin_more.read_invitations,
        "contacts": linkedin_more.read_contacts,
    }.get(kind)
    contacts = read(file) if read else read_linkedin(file, strict=strict)
    _import(ctx, contacts, dry_run=dry_run, as_json=as_json)


@import_app.command("google")
def import_google(
    ctx: typer.Context,
    file: File,
    dry_run: DryRun = False,
    strict: Strict = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a Google Contacts CSV export, or an Outlook CSV export.

    \b
    Example:
      journal import google ~/Downloads/contacts.csv
    """
    from journal.formats.google import read_google

    _import(ctx, read_google(file, strict=strict), dry_run=dry_run, as_json=as_json)


Archive = Annotated[
    Path, typer.Argument(metavar="ARCHIVE", help="The archive, as downloaded or unpacked.")
]


def _import_archive(
    ctx: typer.Context, sightings, *, dry_run: bool, as_json: bool, source: Path
) -> None:
    """Any social archive: people, ways found and the log, in one transaction."""
    from journal.db import social

    s = store(ctx, write=not dry_run)
    progress = _progress if sys.stderr.isatty() else None
    try:
        report = social.save_sightings(
            s, sightings, dry_run=dry_run, progress=progress, source=str(source)
        )
    except JournalError as e:
        raise JournalError(f"{e}; nothing was imported") from None
    if progress and report.sightings >= 1000:
        echo("", err=True)
    if as_json:
        echo(json.dumps({"dry_run": dry_run, **report.counts()}, indent=2))
    else:
        echo(f"{'Dry run, nothing written: ' if dry_run else ''}{report.summary()}.")


@import_app.command("twitter")
def import_twitter(
    ctx: typer.Context,
    archive: Archive,
    follows: Annotated[
        bool, typer.Option("--follows", help="Also whom you follow and who follows you.")
    ] = False,
    dry_run: DryRun = False,
    as_json: JsonOpt = False,
) -> None:
    """Import your X (Twitter) archive: everyone you mentioned, answered or wrote to.

    Each person is found by a mention, dated and linked to your first post about them
    (a reply or a message: found online); every post and message is logged. The zip or
    its unpacked folder, of any era (the older data/js/tweets layout too). What is left
    out (reposts, likes, posts naming no one) is counted.

    \b
    Example:
      journal import twitter ~/Downloads/twitter-2026-11-24.zip --dry-run
    """
    from journal.formats.twitter import read_twitter

    sightings = read_twitter(archive, follows=follows)
    _import_archive(ctx, sightings, dry_run=dry_run, as_json=as_json, source=archive)


@import_app.command("mastodon")
def import_mastodon(
    ctx: typer.Context, archive: Archive, dry_run: DryRun = False, as_json: JsonOpt = False
) -> None:
    """Import your Mastodon archive: everyone you mentioned or answered, and your follows.

    ARCHIVE is the .tar.gz (or .zip), its folder, its outbox.json, or the follows
    export following_accounts.csv. Handles are @user@host.

    \b
    Example:
      journal import mastodon ~/Downloads/archive-20261124.tar.gz
      journal import mastodon following_accounts.csv
    """
    from journal.formats.mastodon import read_mastodon

    _import_archive(ctx, read_mastodon(archive), dry_run=dry_run, as_json=as_json, source=archive)


@import_app.command("bluesky")
def import_bluesky(
    ctx: typer.Context,
    repo: Annotated[
        Path, typer.Argument(metavar="REPO.car", help="Your repository, as Bluesky exports it.")
    ],
    dry_run: DryRun = False,
    as_json: JsonOpt = False,
) -> None:
    """Import your Bluesky repository: everyone your posts mention, and whom you follow.

    A mention keeps the handle as the post wrote it and the account's DID; a follow
    has the DID alone.

    \b
    Example:
      journal import bluesky ~/Downloads/repo.car
    """
    from journal.formats.bluesky import read_bluesky

    _import_archive(ctx, read_bluesky(repo), dry_run=dry_run, as_json=as_json, source=repo)


@import_app.command("json")
def import_json(ctx: typer.Context, file: File, dry_run: DryRun = False) -> None:
    """Restore a journal from `journal export json`, into an empty journal.

    \b
    Example:
      journal import json journal.json --dry-run
      JOURNAL_DB=new.db journal import json journal.json
    """
    from journal.db import dump
    from journal.formats.json import read_json

    document = read_json(file)
    s = store(ctx, write=not dry_run)
    try:
        counts = dump.restore(s, document, source=str(file), dry_run=dry_run)
    except Conflict as e:
        hint = "import json restores into an empty journal: use --db NEW.db, or import"
        raise JournalError(f"{e} ({hint} vcard or linkedin to merge)") from None
    what = ", ".join(f"{n} {table}" for table, n in counts.items())
    echo(f"{'Dry run, nothing written: would restore' if dry_run else 'Restored'} {what}.")


# -- export --------------------------------------------------------------------------


def _export(output: Path | None, write: Callable[[TextIO], int], what: str) -> None:
    if output is None:
        out = output_stream()
        write(out)
        out.flush()
        return
    count = write_atomically(output, write)
    echo(f"Wrote {count} {what} to {output}.", err=True)


def write_atomically(path: Path, write: Callable[[TextIO], int]) -> int:
    """Write `path` as it is streamed (a large export is never held in memory), taking its
    name only once complete."""
    with replaced_atomically(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        count = write(out)
    return count


@export_app.command("json")
def export_json(
    ctx: typer.Context,
    output: Output = None,
    with_guests: Annotated[
        bool,
        typer.Option(
            "--with-guests", help="Include the events' guest lists (other people's data)."
        ),
    ] = False,
) -> None:
    """Everything, as one JSON document that `import json` restores exactly.

    The events' guest lists stay out unless --with-guests: they hold the data of people
    you may never have met.

    \b
    Example:
      journal export json -o journal.json
    """
    from journal.db import dump
    from journal.formats.json import write_json

    s = store(ctx)
    tables = dump.export_tables(s, with_private=with_guests)
    _export(output, lambda out: write_json(s.schema_version(), tables, out), "rows")


@export_app.command("csv")
def export_csv(ctx: typer.Context, output: Output = None) -> None:
    """Everyone as CSV (UTF-8, with a header), for a spreadsheet.

    \b
    Example:
      journal export csv -o people.csv
    """
    from journal.db import reads
    from journal.formats.csv import write_people_csv

    s = store(ctx)

    def write(out) -> int:
        people = reads.people(s)
        out.write(write_people_csv(people))
        return len(people)

    _export(output, write, "people")


@export_app.command("vcard")
def export_vcard(ctx: typer.Context, output: Output = None) -> None:
    """Everyone as vCard 3.0, for Google Contacts, Apple Contacts or khard.

    \b
    Example:
      journal export vcard -o contacts.vcf
    """
    from journal.db import dump
    from journal.formats.vcard import write_vcards

    s = store(ctx)
    # Some seconds per ten thousand cards with photos: shown, but not over the cards.
    shown = sys.stderr.isatty() and (output is not None or not sys.stdout.isatty())

    def write(out) -> int:
        cards = 0
        for cards, card in enumerate(write_vcards(dump.contacts(s)), 1):
            out.write(card)
            if shown and cards % 1000 == 0:
                _progress(cards)
        if shown and cards >= 1000:
            echo("", err=True)
        return cards

    _export(output, write, "cards")


@export_app.command("ics")
def export_ics(ctx: typer.Context, output: Output = None) -> None:
    """Open follow-ups and keep-in-touch dates as an iCalendar file, with alarms.

    \b
    Example:
      journal export ics -o ~/journal.ics
    """
    from journal.db import reads
    from journal.formats.ics import write_ics

    items = reads.calendar(store(ctx))
    data, reminders = write_ics(items), len(items)
    if output is None and not sys.stdout.isatty():
        sys.stdout.buffer.write(data)  # the bytes, CRLF and all
        sys.stdout.flush()
    elif output is None:
        output_stream().write(data.decode("utf-8"))
    else:
        write_atomically(output, lambda out: out.write(data.decode("utf-8")))
        echo(f"Wrote {counted(reminders, 'reminder')} to {output}.", err=True)


# -- merge ---------------------------------------------------------------------------


@app.command()
def merge(ctx: typer.Context, keep: PersonArg, other: PersonArg, as_json: JsonOpt = False) -> None:
    """Merge OTHER into KEEP: their log, follow-ups, handles, emails and introductions.

    Empty fields of KEEP are filled from OTHER; a value that differs stays as KEEP has
    it, and OTHER's is added to KEEP's notes so nothing is lost.

    \b
    Example:
      journal merge "Benji Weber" 17
    """
    from journal.db import merge, people, reads

    kept, merged = person_ref(keep, "KEEP"), person_ref(other, "OTHER")
    s = store(ctx, write=True)
    keep_id, other_id = people.resolve_person(s, kept), people.resolve_person(s, merged)
    names = {pid: reads.person(s, pid)["name"] for pid in (keep_id, other_id)}
    result = merge.merge_people(s, keep_id, other_id)
    if as_json:
        echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    moved = ", ".join(f"{n} {what}" for what, n in result["moved"].items() if n)
    echo(f"Merged #{other_id} {names[other_id]} into #{keep_id} {names[keep_id]}.")
    if moved:
        echo(f"  moved: {moved}")
    for conflict in result["conflicts"]:
        echo(f"  kept as it was: {conflict} (noted)")
