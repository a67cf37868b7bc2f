"""remind: the morning's digest sent to Apprise targets (email, ntfy, Telegram, Matrix,
Slack, a JSON webhook…), each item once a day per target.

Targets: `--to URL` (repeatable), else `JOURNAL_NOTIFY` (URLs separated by spaces), else
`to` in `remind.yml` in the app folder. The base URL that links each item to its card:
`--base-url`, else `JOURNAL_BASE_URL`, else `base_url` in the same file.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from journal.cli import output
from journal.cli.boundary import new_app
from journal.cli.options import repeatable
from journal.cli.output import echo
from journal.cli.reminders import due_parts
from journal.cli.session import store
from journal.errors import InvalidValue, JournalError
from journal.text.dates import standing, today
from journal.text.inputs import read_period

app = new_app()

CONFIG_NAME = "remind.yml"
CONFIG_KEYS = {"to", "base_url"}


def config_path() -> Path:
    return Path(typer.get_app_dir("journal")) / CONFIG_NAME


def read_config(path: Path) -> dict:
    """`remind.yml`: `to:` a list of Apprise URLs (or one, or several separated by
    spaces), `base_url:` your journal's address in the browser."""
    if not path.exists():
        return {}
    import yaml

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        why = str(e).splitlines()[0]
        raise JournalError(f"{path}: not a readable YAML file ({why})") from None
    if not isinstance(config, dict):
        raise JournalError(f"{path}: not a mapping of settings (to, base_url)")
    unknown = set(config) - CONFIG_KEYS
    if unknown:
        raise JournalError(f"{path}: unknown settings {', '.join(sorted(unknown))}")
    to = config.get("to", [])
    if isinstance(to, str):
        to = to.split()
    if not isinstance(to, list) or not all(isinstance(url, str) for url in to):
        raise JournalError(f"{path}: 'to' must be a list of URLs")
    if not isinstance(config.get("base_url", ""), str):
        raise JournalError(f"{path}: 'base_url' must be a URL")
    return {"to": to, "base_url": config.get("base_url")}


def targets(to: list[str] | None, config: dict, path: Path) -> tuple[list[str], str]:
    """The URLs to send to, and where they came from (for messages)."""
    if to:
        return to, "--to"
    if os.environ.get("JOURNAL_NOTIFY", "").strip():
        return os.environ["JOURNAL_NOTIFY"].split(), "JOURNAL_NOTIFY"
    if config.get("to"):
        return config["to"], str(path)
    raise InvalidValue(
        f"nowhere to send: give --to URL, set JOURNAL_NOTIFY, or list URLs under `to:` in {path}"
    )


def base_url(option: str | None, config: dict) -> str | None:
    url = option or os.environ.get("JOURNAL_BASE_URL") or config.get("base_url")
    if not url:
        return None
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidValue(f"--base-url: {url!r} is not an http:// or https:// address")
    return url.rstrip("/")


@contextmanager
def apprise_log():
    """What Apprise says while it works, kept for the error message instead of printed."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("apprise")
    handler, propagate = Keep(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def service(url: str, where: str):
    """One Apprise object per target, so that each one's failure is known; and the URL
    as Apprise shows it, with its password or token masked."""
    import apprise

    target = apprise.Apprise()
    with apprise_log() as said:
        added = target.add(url)
    if not added:
        why = f" ({said[-1]})" if said else ""
        raise InvalidValue(f"{where}: not an Apprise URL that can be sent to{why}")
    return target, target[0].url(privacy=True).split("?", 1)[0]


def message(items: list[dict], on: date, base: str | None) -> tuple[str, str]:
    """The title and the text of a digest."""
    stand = [standing(item["due"], on) for item in items]
    counts = {what: stand.count(what) for what in ("overdue", "today", "coming")}
    title = "journal: " + ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    lines = []
    for item in items:
        if item["kind"] == "on-this-day":
            lines.append(output.anniversary_line({**item, "id": item["person_id"]}))
        else:
            lines.append(" · ".join(due_parts(item, on)))
        if base:
            lines.append(f"  {base}/people/{item['person_id']}")
    return title, output.visible("\n".join(lines))


@app.command()
def remind(
    ctx: typer.Context,
    to: repeatable("--to", "URL", "An Apprise URL: mailto://, ntfys://, tgram://, json://…") = None,
    within: Annotated[str, typer.Option(metavar="PERIOD", help="How far ahead to look.")] = "7d",
    base: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="Your journal's address in the browser, to link each item to its card.",
        ),
    ] = None,
) -> None:
    """Send what is due to Apprise targets, each item once a day per target.

    What is overdue, due today and in the next days (`--within`, 7d unless said), the
    important dates among them and the people met on this day: to each `--to URL`,
    else to JOURNAL_NOTIFY (URLs separated by spaces), else to `to` in remind.yml in
    the app folder. Nothing due: nothing is sent. Run it from cron every hour: what a
    target was sent today is not sent again. A target that fails does not stop the
    others; the command then exits 1 naming it.

    \b
    Example:
      journal remind --to "mailto://me:app-password@gmail.com" --to ntfys://my-journal
      JOURNAL_NOTIFY="tgram://BOT_TOKEN/CHAT_ID" journal remind --within 3d
    """
    from journal.db import reminders

    on = today()
    horizon = read_period(within, "--within").after(on)
    path = config_path()
    config = read_config(path)
    urls, where = targets(to, config, path)
    link = base_url(base, config)
    services = [service(url, f"{where}, target {n}") for n, url in enumerate(urls, 1)]
    s = store(ctx)
    items = reminders.digest(s, on, horizon)
    if not items:
        echo("Nothing due: nothing sent.", err=True)
        return
    failed = []
    for url, (target, shown) in zip(urls, services, strict=True):
        new = reminders.unsent(s, url, on, items)
        if not new:
            echo(f"Nothing new for {shown}: sent earlier today.")
            continue
        title, body = message(new, on, link)
        import apprise

        with apprise_log() as said:
            sent = target.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        if not sent:
            failed.append(f"{shown}" + (f" ({said[-1]})" if said else ""))
            continue
        reminders.record_sent(s, url, shown, on, new)
        echo(f"Sent {len(new)} item{'s' if len(new) != 1 else ''} to {shown}.")
    if failed:
        others = "; the others were sent" if len(failed) < len(services) else ""
        raise JournalError(f"could not send to {', '.join(failed)}{others}")
