"""`journal remind` (issue 17, point 4): the digest through Apprise to a real SMTP server
(aiosmtpd) and a real JSON webhook, both on 127.0.0.1; each item once a day per target.

Today is pinned to Wednesday 2026-11-25 (conftest); tests that need another day travel.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import sqlite3

import pytest
import time_machine
from helpers import free_port

pytestmark = pytest.mark.usefixtures("no_settings")


def text(mail: email.message.EmailMessage) -> str:
    return mail.get_content().replace("\r\n", "\n").strip()


class Mailbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        mail = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(mail)
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailbox.url = f"mailto://127.0.0.1:{port}?from=journal@example.org&to=me@example.org"
    yield mailbox
    controller.stop()


DIGEST = """\
2026-11-20 (5 days overdue) · Ada Lovelace (#1): #1 send the paper
2026-11-24 (1 day overdue) · Benji Weber (#2): #2 ask about the talk
2026-11-25 (today) · Ada Lovelace (#1): birthday, turns 41
2026-11-30 · Benji Weber (#2): #3 book the train
On this day, a year ago, you met Benji Weber (#2) at Mastodon meetup Berlin."""


def sent_rows(db_path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT shown, item, day FROM reminders_sent ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_the_digest_reaches_an_smtp_server_and_a_webhook(morning, smtp, webhook, db_path):
    out = morning.ok("remind", "--to", smtp.url, "--to", webhook.url)
    assert out == (
        "Sent 5 items to mailto://127.0.0.1:{}.\nSent 5 items to json://127.0.0.1:{}.\n"
    ).format(smtp.url.split(":")[2].split("?")[0], webhook.server_port)
    (mail,) = smtp.messages
    assert mail["Subject"] == "journal: 2 overdue, 2 today, 1 coming"
    assert (mail["From"], mail["To"]) == ("journal@example.org", "me@example.org")
    assert mail.get_content_type() == "text/plain"
    assert text(mail) == DIGEST
    (post,) = webhook.posts
    assert post["title"] == "journal: 2 overdue, 2 today, 1 coming"
    assert post["message"] == DIGEST
    items = [(item, day) for _, item, day in sent_rows(db_path)]
    assert items == 2 * [
        ("follow-up-1", "2026-11-25"),
        ("follow-up-2", "2026-11-25"),
        ("date-1", "2026-11-25"),
        ("follow-up-3", "2026-11-25"),
        ("met-2", "2026-11-25"),
    ]


def test_each_item_once_a_day_per_target_when_run_every_hour(morning, smtp, webhook):
    morning.ok("remind", "--to", smtp.url)
    with time_machine.travel(dt.datetime(2026, 11, 25, 13), tick=False):
        out = morning.ok("remind", "--to", smtp.url, "--to", webhook.url)
    assert out.startswith("Nothing new for mailto://") and "Sent 5 items to json://" in out
    assert len(smtp.messages) == 1 and len(webhook.posts) == 1
    morning.ok("follow-up", "Ada", "call back", "--due", "today")  # new since the morning
    morning.ok("remind", "--to", smtp.url, "--to", webhook.url)
    assert [text(m) for m in smtp.messages[1:]] == [
        "2026-11-25 (today) · Ada Lovelace (#1): #4 call back"
    ]
    assert webhook.posts[-1]["title"] == "journal: 1 today"
    with time_machine.travel(dt.date(2026, 11, 26), tick=False):
        morning.ok("remind", "--to", smtp.url)  # a new day: everything again
    # The birthday has gone by.
    assert smtp.messages[-1]["Subject"] == "journal: 3 overdue, 1 coming"


def test_nothing_due_nothing_sent(journal, smtp, webhook):
    journal.ok("add", "Ada", "--met", "2026-10-01")
    journal.ok("follow-up", "Ada", "some day, coffee")  # no date: not sent
    result = journal("remind", "--to", smtp.url, "--to", webhook.url)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "Nothing due: nothing sent.\n"
    assert smtp.messages == [] and webhook.posts == []


def test_a_failing_target_does_not_stop_the_others_and_is_tried_again(
    morning, smtp, webhook, db_path
):
    webhook.status = 500
    result = morning("remind", "--to", webhook.url, "--to", smtp.url)
    assert result.exit_code == 1
    error = result.stderr.strip()
    assert error.startswith(f"Error: could not send to json://127.0.0.1:{webhook.server_port} (")
    assert error.endswith("; the others were sent") and "500" in error
    assert "Traceback" not in result.output and len(smtp.messages) == 1
    mailbox = smtp.url.split("?")[0]
    assert {shown for shown, _, _ in sent_rows(db_path)} == {mailbox}  # not the webhook
    webhook.status = 200
    out = morning.ok("remind", "--to", webhook.url, "--to", smtp.url)
    assert out.startswith("Sent 5 items to json://") and "Nothing new for mailto://" in out
    assert webhook.posts[-1]["message"] == DIGEST


def test_every_target_failing_is_named(morning, webhook):
    webhook.status = 503
    down = f"json://127.0.0.1:{free_port()}/"  # nothing listens there
    result = morning("remind", "--to", webhook.url, "--to", down)
    assert result.exit_code == 1
    error = result.stderr.strip()
    assert f"json://127.0.0.1:{webhook.server_port} (" in error and down.rstrip("/") in error
    assert "the others" not in error


def test_with_a_base_url_each_item_links_to_its_card(morning, webhook, monkeypatch, tmp_path):
    base = "http://127.0.0.1:8001/journal"
    morning.ok("remind", "--to", webhook.url, "--base-url", base + "/")
    lines = webhook.posts[-1]["message"].splitlines()
    assert lines[:2] == [
        "2026-11-20 (5 days overdue) · Ada Lovelace (#1): #1 send the paper",
        f"  {base}/people/1",
    ]
    assert lines[-1] == f"  {base}/people/2"
    monkeypatch.setenv("JOURNAL_BASE_URL", "https://journal.example.org/j")
    with time_machine.travel(dt.date(2026, 11, 26), tick=False):
        morning.ok("remind", "--to", webhook.url)
    assert "  https://journal.example.org/j/people/1" in webhook.posts[-1]["message"]


def test_targets_and_base_url_from_the_environment_and_the_config_file(
    morning, smtp, webhook, monkeypatch, tmp_path
):
    monkeypatch.setenv("JOURNAL_NOTIFY", f"  {smtp.url}   {webhook.url} ")
    assert morning.ok("remind").count("Sent 5 items") == 2
    monkeypatch.delenv("JOURNAL_NOTIFY")
    folder = tmp_path / "config" / "journal"
    folder.mkdir(parents=True, exist_ok=True)  # remind made it for its key
    (folder / "remind.yml").write_text(
        f"to:\n  - {webhook.url}\nbase_url: http://127.0.0.1:8001/journal\n", encoding="utf-8"
    )
    with time_machine.travel(dt.date(2026, 11, 26), tick=False):
        assert morning.ok("remind") == f"Sent 3 items to {webhook.url.rstrip('/')}.\n"
        assert "http://127.0.0.1:8001/journal/people/1" in webhook.posts[-1]["message"]
    assert len(smtp.messages) == 1  # the file's targets only
    with time_machine.travel(dt.date(2026, 11, 27), tick=False):  # --to first
        assert morning.ok("remind", "--to", smtp.url).startswith("Sent 3 items to mailto://")


def test_secrets_in_a_url_stay_out_of_the_journal(morning, webhook, db_path):
    url = f"json://someone:s3cret-token@127.0.0.1:{webhook.server_port}/"
    out = morning.ok("remind", "--to", url)
    assert "s3cret-token" not in out
    conn = sqlite3.connect(db_path)
    try:
        assert not any("s3cret-token" in line for line in conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    "code, args, env, config, message",
    [
        (2, ("remind",), {}, None, "nowhere to send"),
        (2, ("remind", "--to", "nonsense://x"), {}, None, "--to, target 1: not an Apprise"),
        (2, ("remind",), {"JOURNAL_NOTIFY": "json://127.0.0.1:9/ what"}, None, "target 2"),
        (2, ("remind", "--to", "json://127.0.0.1:9/", "--within", "soon"), {}, None, "--within"),
        (2, ("remind", "--to", "json://127.0.0.1:9/", "--base-url", "ftp://x"), {}, None, "http"),
        (1, ("remind",), {}, "to: [unclosed\n", "not a readable YAML file"),
        (1, ("remind",), {}, "to: [1, 2]\n", "'to' must be a list of URLs"),
        (1, ("remind",), {}, "too: json://127.0.0.1:9/\n", "unknown settings too"),
    ],
)
def test_bad_settings_are_refused_before_anything_is_sent(
    morning, webhook, monkeypatch, tmp_path, code, args, env, config, message
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if config is not None:
        folder = tmp_path / "config" / "journal"
        folder.mkdir(parents=True)
        (folder / "remind.yml").write_text(config, encoding="utf-8")
    assert message in morning.fails(code, *args)
    assert webhook.posts == []
