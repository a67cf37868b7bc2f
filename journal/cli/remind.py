"""remind: the morning's digest sent to Apprise targets (email, ntfy, Telegram, Matrix,
Slack, a JSON webhook…), each item once a day per target.

Targets: `--to URL` (repeatable), else `JOURNAL_NOTIFY` (URLs separated by spaces), else
`to` in `remind.yml` in the app folder. The base URL that links each item to its card:
`--base-url`, else `JOURNAL_BASE_URL`, else `base_url` in the same file.

A target URL may hold a secret anywhere (a password, a token for a host, a webhook's
path, an ntfy topic): it is shown and stored as its scheme and host alone, and remembered
by a digest keyed with `remind.key`, a secret of the app folder's (mode 0600). A run
holds `remind.lock` there while it sends, so runs that overlap send each item once.
"""

from __future__ import annotations

import logging
import os
import secrets
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
KEY_NAME = "remind.key"
LOCK_NAME = "remind.lock"


def app_folder() -> Path:
    return Path(typer.get_app_dir("journal"))


def config_path() -> Path:
    return app_folder() / CONFIG_NAME


def digest_key(folder: Path) -> bytes:
    """The key of the targets' digests, made on first use, readable by you alone."""
    path = folder / KEY_NAME
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    except (ValueError, UnicodeDecodeError):
        raise JournalError(f"{path}: not a key written by journal remind") from None
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run made it first
        return digest_key(folder)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key.hex() + "\n")
    return key


@contextmanager
def one_run_at_a_time(folder: Path):
    """Hold the app folder's lock: a run that overlaps this one waits, then finds what
    this one sent recorded."""
    try:
        import fcntl
    except ImportError:  # Windows: no overlapping cron runs to guard against
        yield
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(folder / LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def masked(url: str) -> str:
    """A target as it may be shown and stored: its scheme and host (after Apprise has
    masked a token that is the host), no user, password, path or query."""
    scheme, found, rest = url.partition("://")
    if not found:
        return "(a target)"
    host = rest.split("/", 1)[0].split("?", 1)[0].rpartition("@")[2]
    return f"{scheme}://{host}"


def redacted(text: str, url: str) -> str:
    """`text` (what Apprise said) without any part of `url` past its host."""
    _, _, rest = url.partition("://")
    userinfo, _, host = rest.split("/", 1)[0].rpartition("@")
    secret_parts = [rest[len(rest.split("/", 1)[0]) :], userinfo, *userinfo.split(":")]
    secret_parts += rest.replace("?", "/").replace("&", "/").split("/")[1:]
    for part in sorted({p for p in secret_parts if len(p) > 2}, key=len, reverse=True):
        text = text.replace(part, "…")
    return text


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
        why = f" ({redacted(said[-1], url)})" if said else ""
        raise InvalidValue(f"{where}: not an Apprise URL that can be sent to{why}")
    return target, masked(target[0].url(privacy=True))


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
    key = digest_key(app_folder())
    s = store(ctx)
    items = reminders.digest(s, on, horizon)
    if not items:
        echo("Nothing due: nothing sent.", err=True)
        return
    with one_run_at_a_time(app_folder()):
        failed = send_each(s, key, urls, services, items, on, link)
    if failed:
        others = "; the others were sent" if len(failed) < len(services) else ""
        raise JournalError(f"could not send to {', '.join(failed)}{others}")


def send_each(s, key: bytes, urls, services, items, on: date, link) -> list[str]:
    """Send each target what it was not sent today; the targets that failed, and why."""
    import apprise

    from journal.db import reminders

    failed = []
    for url, (target, shown) in zip(urls, services, strict=True):
        new = reminders.unsent(s, key, url, on, items)
        if not new:
            echo(f"Nothing new for {shown}: sent earlier today.")
            continue
        title, body = message(new, on, link)
        with apprise_log() as said:
            sent = target.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
        if not sent:
            failed.append(f"{shown}" + (f" ({redacted(said[-1], url)})" if said else ""))
            continue
        reminders.record_sent(s, key, url, shown, on, new)
        echo(f"Sent {len(new)} item{'s' if len(new) != 1 else ''} to {shown}.")
    return failed
