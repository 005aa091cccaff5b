"""An article's text as the readers take it: what shows, in plain text, with its title and date.

Invisible characters are dropped (a soft hyphen or zero-width space inside "100\u00ad000"
would split a number), an HTML page becomes its text, and the first lines give the title and
the ``date YYYY-MM[-DD]`` line a saved article may start with.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["date_line", "plain_text", "readable", "title_of"]


_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
"""Characters that show nothing: soft hyphen, zero-width space and joiners, word joiner."""
_HTML = re.compile(
    r"<(?:html|body|head|p|div|span|br|a|h[1-6]|li|ul|ol|article|section|strong|em|b|i|"
    r"table|tr|td|th|script|style|meta|title)\b[^<>]{0,2000}>",
    re.I,
)
"""A tag that makes a text HTML rather than plain text with a stray '<'."""


def plain_text(html: str) -> str:
    """Return the text of an HTML page: tags dropped (blocks as lines), entities decoded.

    Scripts and styles are dropped with their content; the text between tags is kept as
    written, so that "&gt; 100,000" reads as "> 100,000" and a tag's ">" as nothing.
    """
    from html.parser import HTMLParser

    blocks = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title"}
    blocks |= {"article", "section", "ul", "ol", "table", "td", "th"}

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self.hidden += 1
            elif tag in blocks:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.hidden = max(0, self.hidden - 1)
            elif tag in blocks:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n", "".join(parser.parts)).strip()


def title_of(text: str) -> str:
    """Return an article's title: its first line that is no date line (200 characters)."""
    for line in text.splitlines():
        if line.strip() and not re.match(r"\s*date\s", line, re.I):
            return line.strip()[:200]
    return "(untitled)"


def date_line(text: str) -> tuple[dt.date | None, str]:
    """Return a date written at the top of an article (``date 2024-12``), and how it was read."""
    head = "\n".join(text.splitlines()[:5])
    m = re.search(r"\bdate\s+(20\d\d)-(\d\d)(?:-(\d\d))?", head, re.I)
    if m:
        day = int(m.group(3) or 1)
        try:
            found = dt.date(int(m.group(1)), int(m.group(2)), day)
        except ValueError:
            return None, f"the date line '{m.group(0)}' is no date: "
        return found, (
            f"source date {m.group(0).split()[-1]} from the article's date line"
            + ("" if m.group(3) else ", day 1 assumed")
        )
    return None, ""


def readable(text: str) -> tuple[str, bool]:
    """Return the text as read, and whether it was HTML.

    A byte-order mark and characters that show nothing are dropped; a text with HTML tags
    becomes the page's text ("<p>&gt; 100,000 GPU</p>": the tags are no figures, the
    entities are text).
    """
    text = _INVISIBLE.sub("", text.lstrip("\ufeff"))
    html = _HTML.search(text) is not None
    return (plain_text(text) if html else text), html
