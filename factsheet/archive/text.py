"""Bytes to readable text: charset detection and article extraction from HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factsheet.errors import InvalidInputError

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A document's readable text and what it says about itself."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None


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
    for encoding in ("utf-8-sig", declared):
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


def extract_html(html: str) -> Extracted:
    """Main content without menus, comment forms and footers (trafilatura does the work)."""
    import trafilatura  # slow to import; only HTML needs it

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_recall=True
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise InvalidInputError("no readable text was found in the HTML")
    return Extracted(
        text=_tidy(document.text or ""),
        title=document.title or None,
        author=document.author or None,
        published=document.date or None,
    )


def _tidy(text: str) -> str:
    """Unix line ends and no trailing spaces, so that positions are stable across platforms."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
