"""What an HTML page says about itself, read from its own markup: title, language, publisher,
publication date and author.

Only the page's own metadata is trusted: Open Graph and article tags, JSON-LD, Dublin
Core, `<html lang>` and Content-Language, the article's `<h1>`. A date is never taken
from the text (a reference's "Retrieved 12 March 2019" is not when the page was
published), and a title that is the generator's or the site's name ("escenic") is
never the article's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:-]\s+")
_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "webpage"}


@dataclass(frozen=True, slots=True)
class PageMeta:
    """A page's own description of itself; None where it says nothing trustworthy."""

    title: str | None = None
    language: str | None = None
    publisher: str | None = None
    published: str | None = None
    author: str | None = None
    description: str | None = None


def read_meta(root: Any, headers: Mapping[str, str] | None = None) -> PageMeta:
    """The metadata of a page parsed by lxml.html (`root`), with its HTTP `headers`."""
    metas = _metas(root)
    linked = list(_json_ld(root))
    generator = (metas.get("generator") or "").strip()
    publisher = metas.get("og:site_name") or _linked_name(linked, "publisher")
    refused = {name.casefold() for name in (generator, publisher or "") if name}
    refused |= {generator.split()[0].casefold()} if generator else set()
    candidates = [
        metas.get("og:title"),
        metas.get("twitter:title"),
        _linked_text(linked, "headline"),
        _first_h1(root),
        _page_title(root, publisher),
    ]
    title = next((c for c in map(_clean, candidates) if c and c.casefold() not in refused), None)
    return PageMeta(
        title=title,
        language=_language(root, metas, headers or {}),
        publisher=_clean(publisher),
        published=_published(root, metas, linked),
        author=_author(metas, linked),
        description=_clean(metas.get("og:description") or metas.get("description")),
    )


def _metas(root: Any) -> dict[str, str]:
    """<meta> contents by name, property, itemprop or http-equiv (lower case; first wins)."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, content)
    return found


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects of the page that describe an article (or the page)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = data["@graph"]
        for item in items:
            if isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(str(kind).lower() in _ARTICLE_TYPES for kind in kinds):
                    yield item


def _linked_text(linked: list[dict[str, Any]], key: str) -> str | None:
    for item in linked:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _linked_name(linked: list[dict[str, Any]], key: str) -> str | None:
    for item in linked:
        value = item.get(key)
        values = value if isinstance(value, list) else [value]
        candidates = [v.get("name") for v in values if isinstance(v, dict)]
        candidates += [v for v in values if isinstance(v, str)]
        names = [str(name) for name in candidates if isinstance(name, str) and name.strip()]
        if names:
            return ", ".join(names)
    return None


def _first_h1(root: Any) -> str | None:
    for scope in ("article", "main"):
        for element in root.iter(scope):
            for heading in element.iter("h1"):
                return str(heading.text_content())
    for heading in root.iter("h1"):
        return str(heading.text_content())
    return None


def _page_title(root: Any, publisher: str | None) -> str | None:
    """The <title>, without the site's name after a separator ("Story | Site")."""
    for element in root.iter("title"):
        text = _clean(element.text_content())
        if not text:
            return None
        pieces = [str(piece) for piece in _TITLE_SEPARATORS.split(text)]
        if (
            len(pieces) > 1
            and publisher
            and pieces[-1].strip().casefold() == (publisher.strip().casefold())
        ):
            return " - ".join(pieces[:-1])
        return text
    return None


def _language(root: Any, metas: dict[str, str], headers: Mapping[str, str]) -> str | None:
    declared = [
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        metas.get("content-language"),
        metas.get("og:locale"),
        next((v for k, v in headers.items() if k.lower() == "content-language"), None),
    ]
    for value in declared:
        code = (value or "").split(",")[0].strip().replace("_", "-")
        if code and _LANGUAGE.match(code):
            return code
    return None


def _published(root: Any, metas: dict[str, str], linked: list[dict[str, Any]]) -> str | None:
    """The publication date (YYYY-MM-DD) the page's metadata states, if any."""
    candidates = [metas.get(name) for name in _DATE_NAMES]
    candidates.insert(1, _linked_text(linked, "datePublished"))
    for element in root.iter("time"):
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            candidates.append(element.get("datetime"))
    for value in candidates:
        found = _DATE.search(value or "")
        if found:
            year, month, day = (int(part) for part in found.groups())
            if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return found.group(0)
    return None


def _author(metas: dict[str, str], linked: list[dict[str, Any]]) -> str | None:
    for value in (metas.get("author"), metas.get("article:author"), _linked_name(linked, "author")):
        cleaned = _clean(value)
        if cleaned and "://" not in cleaned:
            return cleaned
    return None


def _clean(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None
