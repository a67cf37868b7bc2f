"""Stories are Markdown written by the user: rendered without raw HTML, then sanitised."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Schemes a link on a page may use; anything else (javascript:, data:, vbscript:) is text.
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


@cache
def _renderer():
    from markdown_it import MarkdownIt

    # "html": False escapes any HTML in the story instead of passing it through.
    return MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a story: no script, no event handler attributes, no javascript: links."""
    if not text:
        return Markup("")
    import nh3

    html = _renderer().render(text)
    # A second line of defence: whatever the renderer lets through, nh3 (ammonia)
    # keeps only harmless tags and attributes and links with a safe scheme.
    return Markup(
        nh3.clean(
            html,
            url_schemes=SAFE_SCHEMES - {"tel"},
            link_rel="noopener noreferrer nofollow",
        )
    )


def safe_url(url: str | None) -> str | None:
    """`url` if a browser may follow it from a page, else None (shown as text instead)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def link(url: str | None, text: str | None = None) -> Markup:
    """An <a> to `url` with escaped text, or just the escaped text when the URL is unsafe."""
    label = escape(text if text is not None else url or "")
    href = safe_url(url)
    if href is None:
        return Markup(label)
    return Markup(f'<a href="{escape(href)}" rel="noopener noreferrer nofollow">{label}</a>')
