"""SQL from another site, and stalls (issue 31, points 1 and 2), tried as the attacker
did: a page on another site (http://localhost:PORT, another site than 127.0.0.1) that
the user opens in real Chromium, with a link carrying `_where` (an oracle: a true guess
ran a slow expression, a false one did not) or a stall, and speculation rules that make
Chromium prefetch and prerender the journal's URLs without a click. Those arrive as
`Sec-Fetch-Site: none`, as if the user had typed them.

One journal served for the module (Datasette and uvicorn on 127.0.0.1, in a thread, so
a recorder in front of the guard sees what each request was answered), one browser.
"""

from __future__ import annotations

import asyncio
import http.server
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from journal.web.server import datasette_for

# A true guess about the journal runs a slow expression; a false one does not.
ORACLE = "name like 'Ada%' and length(printf('%.*c', 20000000, 'x')) > 0"
STALL = "length(printf('%.*c', 200000000, 'x')) > 0"
COUNTING = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


class Recorder:
    """In front of the whole app: each request's path, query, purpose and status."""

    def __init__(self, app):
        self.app = app
        self.seen: list[dict] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        entry = {
            "path": scope["path"],
            "query": scope["query_string"].decode(),
            "purpose": headers.get("sec-purpose"),
            "site": headers.get("sec-fetch-site"),
            "status": None,
        }
        self.seen.append(entry)

        async def recording(event):
            if event["type"] == "http.response.start":
                entry["status"] = event["status"]
            await send(event)

        await self.app(scope, receive, recording)


def free_socket() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@pytest.fixture(scope="module")
def journal_site(tmp_path_factory) -> Iterator[tuple[str, Recorder, Path]]:
    import uvicorn

    from journal.db import Connection

    path = tmp_path_factory.mktemp("cross") / "journal.db"
    store = Connection(path)
    store.close()
    from typer.testing import CliRunner

    from journal.cli import app

    for name in ("Ada Lovelace", "Grace Hopper"):
        result = CliRunner().invoke(app, ["--db", str(path), "add", name])
        assert result.exit_code == 0, result.output
    datasette = datasette_for(path)
    recorder = Recorder(datasette.app())
    sock = free_socket()
    config = uvicorn.Config(recorder, log_level="warning", proxy_headers=False)
    server = uvicorn.Server(config)

    async def run():  # in a thread of its own: Playwright's loop holds this one
        await datasette.invoke_startup()
        await server.serve(sockets=[sock])

    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", recorder, path
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def attacker(journal_site) -> Iterator[dict[str, str]]:
    """Another site: `pages[name]` is served at http://localhost:PORT/name."""
    pages: dict[str, str] = {}

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path.lstrip("/"), "").encode()
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages["_base"] = f"http://localhost:{server.server_address[1]}"
    try:
        yield pages
    finally:
        server.shutdown()
        server.server_close()


def journal_url(base: str, path: str, **query: str) -> str:
    return base + path + ("?" + "&".join(f"{k}={quote(v)}" for k, v in query.items()))


def answers(recorder: Recorder, query_part: str, *, purpose: bool = False) -> list[int]:
    """Statuses of the requests whose query has `query_part` (speculative ones only)."""
    return [
        e["status"]
        for e in recorder.seen
        if query_part in e["query"] and e["status"] is not None and (not purpose or e["purpose"])
    ]


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/journal/people", "_where", ORACLE),  # the oracle, as an HTML page
        ("/journal/people", "_where", STALL),  # the stall, as an HTML page
        ("/journal", "sql", f"select count(*) from people where {ORACLE}"),
        ("/journal/people.json", "_where", ORACLE),
    ],
)
def test_a_link_from_another_site_carries_no_sql(
    browser,  # noqa: F811
    journal_site,
    attacker,
    path,
    parameter,
    value,
):
    base, recorder, _ = journal_site
    target = journal_url(base, path, **{parameter: value})
    name = f"link{len(attacker)}"
    attacker[name] = f'<a id="go" href="{target}">a cute cat</a>'
    page = browser.new_page()
    try:
        page.goto(f"{attacker['_base']}/{name}")
        with page.expect_navigation() as navigation:
            page.click("#go")
        assert navigation.value.status == 403
        assert "another site" in page.content()
    finally:
        page.close()
    assert [
        e["status"] for e in recorder.seen if e["path"] == path and quote(value) in e["query"]
    ] == [403]


def test_a_prefetch_or_prerender_from_another_site_runs_nothing(
    browser,  # noqa: F811
    journal_site,
    attacker,
):
    base, recorder, path = journal_site
    prefetched = [
        journal_url(base, "/journal/people", _where=ORACLE + " and 'prefetch' = 'prefetch'"),
        journal_url(base, "/journal.json", sql=f"select 1 where {STALL} and 1 = 1"),
    ]
    prerendered = journal_url(base, "/journal/people", _where=ORACLE + " and 'pre' = 'pre'")
    urls = ", ".join(f'"{u}"' for u in prefetched)
    attacker["speculate"] = (
        '<script type="speculationrules">'
        f'{{"prefetch": [{{"source": "list", "urls": [{urls}]}}],'
        f' "prerender": [{{"source": "list", "urls": ["{prerendered}"]}}]}}'
        "</script><p>nothing to see</p>"
    )
    page = browser.new_page()
    try:
        page.goto(f"{attacker['_base']}/speculate")
        wanted = [*(u.split("?", 1)[1] for u in prefetched), prerendered.split("?", 1)[1]]
        for _ in range(200):  # Chromium speculates soon after the page loads
            if all(answers(recorder, q, purpose=True) for q in wanted):
                break
            page.wait_for_timeout(50)
    finally:
        page.close()
    for query in wanted:
        statuses = answers(recorder, query, purpose=True)
        assert statuses and set(statuses) == {403}, (query, statuses)
    speculative = [e for e in recorder.seen if e["purpose"]]
    assert {e["site"] for e in speculative} == {"none"}  # as if the user typed them


def peak_rss_after_reset() -> int:
    """Reset this process's peak RSS (Linux), so the next reading is a fresh peak."""
    Path("/proc/self/clear_refs").write_text("5")
    return peak_rss()


def peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_a_stalling_query_is_stopped_and_other_pages_answer_meanwhile(journal_site):
    """Four stalls at once from a program on this machine (no fetch metadata, as curl),
    the SQL box's and `_where`'s: each is stopped by the time or length limit, and a
    card asked for while they run answers before the last of them."""
    base, _, _ = journal_site
    finished: list[str] = []
    statuses: dict[str, int] = {}
    bodies: dict[str, str] = {}

    def get(label: str, url: str) -> None:
        response = httpx.get(url, timeout=120)
        statuses[label] = response.status_code
        bodies[label] = response.text
        finished.append(label)

    stalls = {
        "count-1": journal_url(base, "/journal.json", sql=COUNTING),
        "count-2": journal_url(base, "/journal.json", sql=COUNTING + " where 2 = 2"),
        "printf-1": journal_url(base, "/journal/people.json", _where=STALL),
        "printf-2": journal_url(base, "/journal/people.json", _where=STALL + " and 2 = 2"),
    }
    before = peak_rss_after_reset()
    threads = [threading.Thread(target=get, args=item) for item in stalls.items()]
    for thread in threads:
        thread.start()
    get("card", f"{base}/journal/people/1")
    for thread in threads:
        thread.join()
    grown = peak_rss() - before
    assert statuses["card"] == 200 and "Ada Lovelace" in bodies["card"]
    assert finished.index("card") < len(finished) - 1, finished  # before the last stall
    for label in ("count-1", "count-2"):  # stopped at the time limit
        assert statuses[label] == 400 and "interrupted" in bodies[label].lower(), bodies[label]
    for label in ("printf-1", "printf-2"):  # printf past the length cap is NULL, as SQLite's
        assert statuses[label] == 200 and '"rows": []' in bodies[label], bodies[label][:300]
    assert grown < 100 * 1024 * 1024, f"the stalls took {grown / 2**20:.0f} MiB"
