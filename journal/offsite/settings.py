"""Which replicas, and how to reach them.

Replicas: the URLs given on the command line, else `JOURNAL_REPLICAS` (URLs separated by
spaces), else `replicas:` in `replicate.yml` in the app folder. A URL the file lists takes
its settings from there, wherever it was named. Credentials come from the environment
(`LITESTREAM_ACCESS_KEY_ID`/`LITESTREAM_SECRET_ACCESS_KEY` or AWS's own variables;
`JOURNAL_SSH_KEY` for an SSH key file) or from that file, and reach Litestream through its
environment only: never a command line, a file we write, the output or the database.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import typer

from journal.errors import InvalidValue, JournalError

CONFIG_NAME = "replicate.yml"
ENTRY_KEYS = {
    "url",
    "endpoint",
    "region",
    "access_key_id",
    "secret_access_key",
    "key_path",
    "host_key",
}
TOP_KEYS = {"replicas", "sync_interval", "retention"}
SCHEMES = ("file", "sftp", "s3")
KINDS = "file:///path, sftp://user@host/path or s3://bucket/path"
DURATION = re.compile(r"^\d+(ms|s|m|h)$")
SSH_KEYS = ("id_ed25519", "id_ecdsa", "id_rsa")
SECRET_VARIABLES = (
    "LITESTREAM_SECRET_ACCESS_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "LITESTREAM_ACCESS_KEY_ID",
    "AWS_ACCESS_KEY_ID",
)


@dataclass
class Replica:
    """One replica: its URL as shown (no secret in it), what Litestream's configuration
    says of it, and what reaches Litestream through its environment."""

    url: str
    kind: str
    settings: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A name for its own folder beside the journal, stable across runs."""
        return hashlib.sha256(self.url.encode()).hexdigest()[:12]

    def litestream(self) -> dict:
        return {"url": self.url, **self.settings}


@dataclass
class Settings:
    replicas: list[Replica]
    sync_interval: str = "1s"
    retention: str = "168h"
    source: str = ""

    def secrets(self) -> list[str]:
        """Every secret value in play, to be masked in whatever is shown or kept."""
        values = [os.environ.get(name, "") for name in SECRET_VARIABLES]
        values += [v for r in self.replicas for v in r.env.values()]
        return sorted({v for v in values if len(v) >= 4}, key=len, reverse=True)


def config_path() -> Path:
    return Path(typer.get_app_dir("journal")) / CONFIG_NAME


def duration(text: str, what: str) -> str:
    text = str(text).strip()
    if not DURATION.match(text):
        raise InvalidValue(f"{what}: {text!r} is not a duration such as 500ms, 10s, 5m or 24h")
    return text


def read_config(path: Path) -> dict:
    """`replicate.yml`: `replicas:` (URLs, or mappings with a `url` and its settings),
    `sync_interval:` and `retention:`."""
    if not path.exists():
        return {}
    import yaml

    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise JournalError(f"{path}: not a readable YAML file ({str(e).splitlines()[0]})") from None
    if not isinstance(config, dict):
        raise JournalError(f"{path}: not a mapping of settings ({', '.join(sorted(TOP_KEYS))})")
    unknown = set(config) - TOP_KEYS
    if unknown:
        raise JournalError(f"{path}: unknown settings {', '.join(sorted(map(str, unknown)))}")
    entries = config.get("replicas") or []
    if not isinstance(entries, list):
        raise JournalError(f"{path}: 'replicas' must be a list")
    config["replicas"] = [entry_of(e, path) for e in entries]
    return config


def entry_of(entry, path: Path) -> dict:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise JournalError(f"{path}: each replica is a URL, or a mapping with a 'url'")
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        raise JournalError(
            f"{path}: unknown replica settings {', '.join(sorted(map(str, unknown)))}"
            f" (known: {', '.join(sorted(ENTRY_KEYS))})"
        )
    return {k: str(v) for k, v in entry.items() if v is not None}


def shown(url: str) -> str:
    """A URL with any password in it masked."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def replica(entry: dict, source: str) -> Replica:
    """A replica from its URL and settings; a URL Litestream cannot use is bad usage."""
    url = entry["url"].strip()
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        raise InvalidValue(f"{source}: {shown(url)!r} is not a replica URL ({KINDS})") from None
    if parts.scheme not in SCHEMES or not parts.path.strip("/"):
        raise InvalidValue(f"{source}: {shown(url)!r} is not a replica URL ({KINDS})")
    if password is not None:
        raise InvalidValue(
            f"{source}: {shown(url)}: no password in a replica URL (it would show in process"
            " lists); use an SSH key or the environment (see README, Off-site copies)"
        )
    if parts.scheme == "file" and parts.netloc:
        raise InvalidValue(f"{source}: {url!r}: a file replica is file:///absolute/path")
    env, settings = {}, {}
    if parts.scheme == "s3":
        settings = {k: entry[k] for k in ("endpoint", "region") if entry.get(k)}
        if entry.get("access_key_id") or entry.get("secret_access_key"):
            env = {
                "AWS_ACCESS_KEY_ID": entry.get("access_key_id", ""),
                "AWS_SECRET_ACCESS_KEY": entry.get("secret_access_key", ""),
            }
    elif parts.scheme == "sftp":
        if not parts.username:
            raise InvalidValue(f"{source}: {url}: name the user, sftp://user@host/path")
        settings["key-path"] = str(ssh_key(entry, url))
        if entry.get("host_key"):
            settings["host-key"] = entry["host_key"]
    return Replica(url=url, kind=parts.scheme, settings=settings, env=env)


def ssh_key(entry: dict, url: str) -> Path:
    """The SSH key for an sftp replica: its `key_path`, else JOURNAL_SSH_KEY, else the
    usual ones in ~/.ssh."""
    given = entry.get("key_path") or os.environ.get("JOURNAL_SSH_KEY")
    if given:
        key = Path(given).expanduser()
        if not key.is_file():
            raise JournalError(f"{url}: the SSH key {key} is not a file")
        return key.resolve()
    for name in SSH_KEYS:
        key = Path("~/.ssh").expanduser() / name
        if key.is_file():
            return key
    raise JournalError(
        f"{url}: no SSH key found; set JOURNAL_SSH_KEY=FILE, or key_path in {config_path()}"
    )


def settings_for(urls: list[str] | None, *, sync_interval: str | None = None) -> Settings:
    """The replicas to use: the URLs given, else JOURNAL_REPLICAS, else the config file's."""
    path = config_path()
    config = read_config(path)
    listed = {e["url"]: e for e in config.get("replicas", [])}
    if urls:
        entries, source = [listed.get(u, {"url": u}) for u in urls], "URL"
    elif os.environ.get("JOURNAL_REPLICAS", "").strip():
        entries = [listed.get(u, {"url": u}) for u in os.environ["JOURNAL_REPLICAS"].split()]
        source = "JOURNAL_REPLICAS"
    elif listed:
        entries, source = list(listed.values()), str(path)
    else:
        raise InvalidValue(
            f"no replica: give a URL ({KINDS}), set JOURNAL_REPLICAS, or list them under"
            f" `replicas:` in {path}"
        )
    replicas = [replica(e, source) for e in entries]
    if len({r.url for r in replicas}) < len(replicas):
        raise InvalidValue(f"{source}: the same replica is named twice")
    interval = sync_interval or str(config.get("sync_interval", "1s"))
    return Settings(
        replicas=replicas,
        sync_interval=duration(interval, "--sync-interval"),
        retention=duration(str(config.get("retention", "168h")), f"{path}: retention"),
        source=source,
    )
