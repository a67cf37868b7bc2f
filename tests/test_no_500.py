"""No 500s (issue 31, point 7): every route of the journal's plugin, found from the
plugin itself, and the Datasette pages the issue found, asked with bad ids, huge
numbers, wrong types, a multipart body: a 4xx (or the page), never a 500, and at most
one line in the terminal per request, never a traceback."""

from __future__ import annotations

import asyncio
import re

import pytest
from helpers import Site

from journal import web

HUGE = "9" * 20
BAD = ["", "x", "-1", "0", HUGE, "1.5", "1e309", "%00", "1;drop"]
FIELDS = ["id", "person_id", "follow_up_id", "page", "event", "via", "links", "type",
          "message_type", "on_date", "date", "every", "due", "kind", "sort", "how", "of", "q",
          "city", "from", "to", "sure", "new", "name", "action"]  # fmt: skip
GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def paths() -> list[str]:
    """A URL for each of the plugin's routes (each alternative of a group), bad ids in
    the groups that take one; and Datasette's pages the issue found."""
    found = []
    for pattern, _ in web.register_routes():
        variants = [pattern.strip("^$").replace("\\.", ".").replace(".*", "x")]
        for name, body in GROUP.findall(pattern):
            choices = (
                body.split("|") if "|" in body else ["journal"] if name == "database" else BAD[1:]
            )
            variants = [v.replace(f"(?P<{name}>{body})", c, 1) for v in variants for c in choices]
        found += variants
    return sorted(set(found)) + ["/-/messages", "/journal/people/" + HUGE, "/journal/people/x"]


def queries() -> list[dict[str, str]]:
    return [dict.fromkeys(FIELDS, value) for value in BAD]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    from typer.testing import CliRunner

    from journal.cli import app

    path = tmp_path_factory.mktemp("no500") / "journal.db"
    for args in (["add", "Ada", "--follow-up", "call", "--due", "tomorrow"], ["add", "Bo"]):
        assert CliRunner().invoke(app, ["--db", str(path), *args]).exit_code == 0
    return Site(path)


def lines_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


@pytest.mark.parametrize("path", paths())
def test_every_route_answers_bad_input_without_a_500(site, path, capfd):
    token = site.token("/people/1")
    client = site.ds.client
    headers = {"origin": "http://localhost", "referer": "http://localhost/journal"}
    capfd.readouterr()
    asked = 0
    for query in queries():
        answers = [
            asyncio.run(client.get(path, params=query, cookies=site.cookies)),
            asyncio.run(
                client.post(
                    path, data={**query, "csrftoken": token}, cookies=site.cookies, headers=headers
                )  # fmt: skip
            ),
            asyncio.run(
                client.post(
                    path,
                    data={**query, "csrftoken": token},
                    cookies=site.cookies,
                    headers=headers,
                    files={"f": ("a.txt", b"x" * 100)},
                )  # fmt: skip
            ),
        ]
        asked += len(answers)
        for answer in answers:
            assert answer.status_code < 500, (path, query[FIELDS[0]], answer.status_code,
                                              answer.request.method, answer.text[:300])  # fmt: skip
    err = capfd.readouterr().err
    assert "Traceback" not in err, err[-2000:]
    assert len(lines_of(err)) <= asked, err[-2000:]
