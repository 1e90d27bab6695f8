"""Bytes to readable text: charset detection, article extraction from HTML, and the page's
full visible text.

A page's readable text is its headline and its article, as trafilatura extracts it
with the settings the page corpus chose (tests/archive/corpus, scored by
bench/extraction.py). Where that keeps far less than the page shows (a teaser
without its story), trafilatura's other settings are tried, then the page's visible
text itself. The full visible text (captions, sidebars, footers too) is kept beside
it, so that a passage outside the article can still be quoted, as such.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from factsheet.errors import InvalidInputError

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Labels browsers read as windows-1252 (the WHATWG Encoding Standard).
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}

# trafilatura's settings for a page's article, chosen by the corpus (see the module doc);
# the others are tried in turn when it keeps too little.
EXTRACTION_SETTINGS: tuple[dict[str, bool], ...] = (
    {},
    {"favor_recall": True},
)
# Below this share of the page's visible text (in characters), an extraction is taken
# for a teaser without its story, and the next setting (in the end, the visible text
# itself) is used.
MIN_SHARE_OF_VISIBLE = 0.25

# Elements whose text a reader never sees, and elements that start a new line.
_UNSEEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_UNSEEN |= {"input", "select", "textarea", "datalist", "canvas", "video", "audio", "map"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "th", "thead", "tr", "ul", "body", "html", "caption",
    "button", "label", "legend", "option",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's readable text and what it says about itself; for HTML, the page's full
    visible text too, and which extraction gave the readable text."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    publisher: str | None = None
    visible: str = ""
    method: str = "text"


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes as UTF-8, else as the declared charset, else as charset detection finds.

    UTF-8 goes first because it almost never decodes text that is not UTF-8, while pages
    that declare latin-1 or cp1252 are often UTF-8 in fact; and a declared charset the
    bytes are not valid in is a lie the detector sees through.
    """
    sniffed = _META_CHARSET.search(data[:4096])
    in_page = sniffed.group(1).decode("ascii").lower() if sniffed else None
    for encoding in ("utf-8-sig", _browser_label(declared), _browser_label(in_page)):
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                if error.reason == "unexpected end of data":  # a body cut mid-character
                    return data[: error.start].decode(encoding)
            except LookupError:
                continue
    from charset_normalizer import from_bytes  # slow to import; most text is UTF-8

    best = from_bytes(data).best()
    if best is None:
        raise InvalidInputError("the content is not text in any known character set")
    return str(best)


def _browser_label(label: str | None) -> str | None:
    """A charset label as browsers read it (ISO-8859-1 is windows-1252 on the web)."""
    if not label:
        return None
    label = label.strip().lower()
    return "cp1252" if label in _WINDOWS_1252 else label


def looks_like_html(data: bytes, content_type: str | None = None) -> bool:
    if content_type:
        return "html" in content_type.lower()
    return bool(_HTML_START.match(data[:512]))


def extract(data: bytes, *, content_type: str | None = None) -> Extracted:
    """The readable text of a plain-text or HTML document, with its metadata for HTML."""
    text = decode(data)
    if not looks_like_html(data, content_type):
        return Extracted(text=_tidy(text))
    return extract_html(text)


def extract_html(
    html: str,
    headers: Mapping[str, str] | None = None,
    settings: tuple[dict[str, bool], ...] = EXTRACTION_SETTINGS,
) -> Extracted:
    """The article (headline first) and the full visible text of an HTML page, with the
    page's own metadata (`pagemeta`); `headers` are the HTTP response's."""
    import lxml.html

    from factsheet.archive.pagemeta import read_meta

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        raise InvalidInputError("no readable text was found in the HTML") from None
    meta = read_meta(root, headers)
    visible = visible_text(root)
    article, method = _article(html, visible, settings)
    if not article.strip():
        raise InvalidInputError("no readable text was found in the HTML")
    article = _with_headline(article, meta.title, meta.description, visible)
    document = _trafilatura_metadata(html) if not (meta.author and meta.published) else None
    return Extracted(
        text=_tidy(article),
        title=meta.title,
        author=meta.author or (document.author if document else None) or None,
        published=meta.published,
        language=meta.language,
        publisher=meta.publisher,
        visible=_tidy(visible) if visible.strip() else "",
        method=method,
    )


def article_text(html: str, setting: dict[str, bool]) -> str:
    """trafilatura's article text of `html` with one setting ("" when it finds none)."""
    import trafilatura  # slow to import; only HTML needs it

    options: dict[str, Any] = {"with_metadata": False, "include_comments": False, **setting}
    document = trafilatura.bare_extraction(html, **options)
    if document is None or isinstance(document, dict):
        return ""
    return document.text or ""


def _article(html: str, visible: str, settings: tuple[dict[str, bool], ...]) -> tuple[str, str]:
    """The first extraction that keeps a fair share of the visible text, else the longest
    one if it is not a mere fraction of it, else the visible text."""
    least = MIN_SHARE_OF_VISIBLE * len(visible)
    tried: list[tuple[str, str]] = []
    for setting in settings:
        text = article_text(html, setting)
        name = ",".join(key for key, on in setting.items() if on) or "default"
        if len(text) >= least and text.strip():
            return text, name
        tried.append((text, name))
    longest = max(tried, key=lambda item: len(item[0]), default=("", ""))
    if visible.strip():
        return visible, "visible text"
    return longest


def _with_headline(article: str, title: str | None, teaser: str | None, visible: str) -> str:
    """The article with the headline (and the teaser the page shows) before it, unless it
    already starts with them: a headline is quotable like any sentence."""
    head = article.lstrip()[:600]
    lines = visible.splitlines()
    lead = []
    for part in (title, teaser):
        if not part:
            continue
        shown = next((line for line in lines if line.startswith(part.rstrip(".…"))), None)
        if shown and shown not in head:
            lead.append(shown)
    return "\n\n".join([*lead, article]) if lead else article


def _trafilatura_metadata(html: str) -> Any:
    import trafilatura

    try:
        return trafilatura.extract_metadata(html)
    except Exception:
        return None


def visible_text(root: Any) -> str:
    """What a reader sees of a page parsed by lxml.html: its text without scripts, styles,
    form fields and hidden elements, a line per block."""
    from lxml import etree

    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[Any] = set()
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in _UNSEEN or _hidden(element):
                skipped.add(element)
                walker.skip_subtree()
                continue
            if tag in _BLOCKS:
                flush()
            current.append(element.text or "")
        else:
            if element not in skipped and tag in _BLOCKS:
                flush()
            if element is not root:
                current.append(element.tail or "")
    flush()
    return "\n".join(lines)


def _hidden(element: Any) -> bool:
    return (
        element.get("hidden") is not None
        or (element.get("aria-hidden") or "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
    )


def _tidy(text: str) -> str:
    """Unix line ends and no trailing spaces, so that positions are stable across platforms."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
