"""A realistic fact-check sheet of any size, for the benchmarks and the scale test.

    python bench/corpus.py OUT.json --quotes 100000     # writes OUT.json and OUT.archive/

What reviewers have, not one sentence repeated: sources of 5–50 KB of varied prose
in English, German (ß, umlauts, compounds), French and Chinese, each wrapped in the
chrome of its site (cookie banners, share buttons, "Leave a Reply" forms that every
page of a site repeats); wire copy that several sources of one story reprint, some
with straight quotes where others have curly ones; claims and quotes of 10–300
characters drawn from those texts, most word for word, some retyped with straight
quotes, changed case, an elision ("…", "[...]") or a typo; a few passages quoted
twice; verdicts with rationales and a corrections log. One source per 100 quotes,
up to 1,000; one claim per ten quotes on average (from 1 to dozens).

The sheet is written in factsheet's own file format (`storage.fileformat`), with
each quote's anchor where the generator took it from, and the sources' texts in
the archive folder beside it. The same size and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import vocabulary as V
from rapidfuzz import fuzz

from factsheet.anchor import CONTEXT_CHARS
from factsheet.model import DEFAULT_SCALE, SCHEMA_VERSION, SheetMeta
from factsheet.storage.fileformat import META_ID, META_TABLE, Contents, Table, encode

SIZES = (1_000, 10_000, 100_000)
QUOTES_PER_SOURCE = 100
MAX_SOURCES = 1_000
QUOTES_PER_CLAIM = 10
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_REVIEWERS = ["ada", "barra-desk", "lena.k", "wu.fang", "m.dupont", "reviewer-7"]


@dataclass
class Language:
    """How one language's prose is made: words by frequency, how words join, its quotes."""

    code: str
    words: list[str]
    cum_weights: list[float]
    joiner: str = " "
    quotes: tuple[str, str] = ("“", "”")
    comma: str = ","
    stop: str = "."


def _weights(count: int, tail: int = 0) -> list[float]:
    """Zipf's law: the n-th most frequent word is about 1/n as frequent as the first; the
    last `tail` words (names, rare forms) a quarter of that again."""
    return list(
        itertools.accumulate(
            (0.25 if rank >= count - tail else 1.0) / (rank + 2.7) for rank in range(count)
        )
    )


def _names(rng: random.Random, count: int) -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        parts = rng.choices(V.NAME_SYLLABLES, k=rng.choice((2, 2, 3)))
        found["".join(parts).capitalize()] = None
    return list(found)


def _languages(rng: random.Random) -> dict[str, Language]:
    """Each language's vocabulary: common words first, then content words, then a long tail
    of names and made-up forms (German compounds, inflections), as real text has."""
    names = _names(rng, 4000)
    content = list(V.ENGLISH_CONTENT)
    rng.shuffle(content)
    english = V.ENGLISH_FUNCTION + content + names[:2500]
    german_compounds = {
        a + b.lower() + (c.lower() if c else "")
        for a, b, c in (
            [*rng.sample(V.GERMAN_PARTS, 2), rng.choice([*V.GERMAN_PARTS, "", "", ""])]
            for _ in range(3000)
        )
    }
    compounds = sorted(german_compounds)
    german = V.GERMAN_FUNCTION + V.GERMAN_CONTENT + compounds + names[2500:3500]
    french = V.FRENCH_FUNCTION + V.FRENCH_CONTENT + names[3500:]
    characters = sorted(set("".join(V.CHINESE_WORDS)))
    made_up = ["".join(rng.sample(characters, 2)) for _ in range(1500)]
    chinese = V.CHINESE_WORDS + made_up
    return {
        "en": Language("en", english, _weights(len(english), 2500)),
        "de": Language(
            "de", german, _weights(len(german), len(compounds) + 1000), quotes=("„", "“")
        ),
        "fr": Language("fr", french, _weights(len(french), 500), quotes=("« ", " »")),
        "zh": Language(
            "zh",
            chinese,
            _weights(len(chinese), len(made_up)),
            joiner="",
            quotes=("“", "”"),
            comma="，",
            stop="。",
        ),
    }


def _number(rng: random.Random, code: str) -> str:
    value = rng.choice((rng.randint(2, 99), rng.randint(100, 999), rng.randint(1990, 2025)))
    unit = rng.random()
    if code == "de":
        if unit < 0.3:
            return f"{value},{rng.randint(1, 9)} Milliarden"
        return f"{value} Prozent" if unit < 0.6 else str(value)
    if code == "fr":
        return f"{value} millions" if unit < 0.4 else str(value)
    if code == "zh":
        return f"{value}亿" if unit < 0.5 else f"{value}%"
    if unit < 0.25:
        return f"{value} billion"
    if unit < 0.5:
        return f"{value} percent"
    return f"${value}" if unit < 0.6 else str(value)


class Writer:
    """Sentences and paragraphs of one language, drawn from a seeded generator."""

    def __init__(self, rng: random.Random, language: Language, names: list[str]) -> None:
        self.rng = rng
        self.lang = language
        self.names = names
        self._pool: list[str] = []

    def _words(self, count: int) -> list[str]:
        if len(self._pool) < count:
            self._pool += self.rng.choices(
                self.lang.words, cum_weights=self.lang.cum_weights, k=max(count, 4096)
            )
        taken, self._pool = self._pool[:count], self._pool[count:]
        return taken

    def sentence(self) -> str:
        rng, lang = self.rng, self.lang
        words = self._words(rng.randint(5, 26))
        if rng.random() < 0.35:
            words[rng.randrange(len(words))] = _number(rng, lang.code)
        if lang.code == "en" and rng.random() < 0.3:
            words[rng.randrange(len(words))] = rng.choice(V.ENGLISH_CONTRACTIONS)
        if len(words) > 8 and rng.random() < 0.4:
            cut = rng.randrange(3, len(words) - 3)
            words[cut] += lang.comma if lang.code == "zh" else ","
        if lang.code != "zh" and len(words) > 10 and rng.random() < 0.15:
            words.insert(rng.randrange(4, len(words) - 3), "–")
        text = lang.joiner.join(words).replace("，" + lang.joiner, "，")
        text = text[0].upper() + text[1:]
        if rng.random() < 0.12:
            opening, closing = lang.quotes
            said = {"en": "said", "de": "sagte", "fr": "a déclaré", "zh": "表示"}[lang.code]
            who = rng.choice(self.names)
            if lang.code == "zh":
                return f"{who}{said}：{opening}{text}。{closing}"
            return f"{opening}{text},{closing} {said} {who}."
        return text + ("?" if rng.random() < 0.03 and lang.code != "zh" else lang.stop)

    def paragraph(self) -> str:
        joiner = "" if self.lang.code == "zh" else " "
        return joiner.join(self.sentence() for _ in range(self.rng.randint(2, 7)))


@dataclass
class Site:
    host: str
    name: str
    language: str
    header: list[str]
    footer: list[str]


@dataclass
class Body:
    """A source's text and where its article (not its chrome) lies, paragraph by paragraph."""

    text: str
    paragraphs: list[tuple[int, int]]
    wire: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Corpus:
    """The generated sheet in memory: its tables (records by stable id) and source texts."""

    tables: dict[str, dict[str, dict[str, Any]]]
    texts: dict[str, str]  # source id -> the text of its snapshot
    text_files: dict[str, str]  # source id -> the snapshot's text path in the archive

    @property
    def quotes(self) -> int:
        return len(self.tables["quotes"])


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def __call__(self, prefix: str) -> str:
        while True:
            body = "".join(self.rng.choices(_ID_ALPHABET, k=8))
            candidate = f"{prefix}-{body}"
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _stamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_400_000_000 + seconds))


def _span(rng: random.Random, text: str, start: int, stop: int, length: int) -> tuple[int, int]:
    """A run of whole words of about `length` characters inside text[start:stop]."""
    begin = rng.randrange(start, max(start + 1, stop - min(length, stop - start)))
    if begin > start:
        space = text.find(" ", begin, stop)
        begin = space + 1 if space >= 0 else begin
    end = min(begin + length, stop)
    if end < stop:
        space = text.find(" ", end, stop)
        end = space if space >= 0 and space - begin <= 300 else end
    while end > begin and text[end - 1] in " ,;:–-":
        end -= 1
    return begin, end


def _length(rng: random.Random) -> int:
    """Quote and claim lengths from 10 to 300 characters, most of them 40–150."""
    return min(300, max(10, int(math.exp(rng.gauss(4.4, 0.6)))))


_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-"})


def _variant(rng: random.Random, exact: str, code: str) -> tuple[str, str, float]:
    """The quote as a reviewer typed it, and how it matches the source: (text, status, score)."""
    roll = rng.random()
    straight = exact.translate(_STRAIGHT)
    if roll < 0.06 and straight != exact:
        return straight, "normalised", 100.0
    words = exact.split(" ")
    if roll < 0.10 and len(words) >= 10 and code != "zh":
        cut = rng.randrange(3, len(words) - 5)
        gap = rng.randint(2, min(8, len(words) - cut - 3))
        mark = rng.choice((" … ", " [...] ", " ... ", " […] "))
        return " ".join(words[:cut]) + mark + " ".join(words[cut + gap :]), "normalised", 100.0
    if roll < 0.13 and exact[0].isalpha() and exact[0].lower() != exact[0].upper():
        first = exact[0].lower() if exact[0].isupper() else exact[0].upper()
        return first + exact[1:], "normalised", 100.0
    if roll < 0.16 and len(exact) >= 40 and code != "zh":
        candidates = [n for n, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if candidates:
            n = rng.choice(candidates)
            word = words[n]
            at = rng.randrange(1, len(word) - 2)
            words[n] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
            typed = " ".join(words)
            return typed, "fuzzy", round(fuzz.ratio(typed.lower(), exact.lower()), 1)
    return exact, "exact", 100.0


def build(quotes: int, *, seed: int = 14) -> Corpus:
    """The sheet for `quotes` quotes, in memory (deterministic for a size and seed)."""
    rng = random.Random(seed * 1_000_003 + quotes)
    ids = _Ids(rng)
    languages = _languages(rng)
    names = _names(rng, 300)
    writers = {code: Writer(rng, language, names) for code, language in languages.items()}
    source_count = max(2, min(MAX_SOURCES, math.ceil(quotes / QUOTES_PER_SOURCE)))
    site_count = max(2, source_count // 10)
    codes = ["en", "de", "zh", "en", "fr", "en", "de", "en", "zh", "en"]
    sites = []
    for n in range(site_count):
        code = codes[n % len(codes)]
        chrome = rng.sample(V.CHROME[code], k=min(4, len(V.CHROME[code])))
        name = f"The {rng.choice(V.SITE_WORDS)} {rng.choice(V.SITE_WORDS)}"
        domain = {"en": "com", "de": "de", "fr": "fr"}.get(code, "cn")
        host = f"{name.split()[1].lower()}{n}.{domain}"
        sites.append(Site(host, name, code, chrome[:1], chrome[1:]))

    # Stories: wire copy that several sources reprint (the shared origins to find).
    site_of = [sites[n % site_count] for n in range(source_count)]
    rng.shuffle(site_of)
    by_language: dict[str, list[int]] = {}
    for n, site in enumerate(site_of):
        by_language.setdefault(site.language, []).append(n)
    wire_of: dict[int, list[str]] = {}
    for code, members in by_language.items():
        for _ in range(max(1, len(members) // 5)):
            if len(members) < 2:
                break
            wanted = min(len(members), rng.randint(2, 8))
            story: list[int] = []
            for member in rng.sample(members, k=len(members)):  # one page per site if it can
                if len(story) < wanted and site_of[member] not in [site_of[m] for m in story]:
                    story.append(member)
            passage = writers[code].paragraph()
            for n, member in enumerate(story):
                copy = passage.translate(_STRAIGHT) if n % 3 == 2 else passage
                wire_of.setdefault(member, []).append(copy)

    texts: dict[str, str] = {}
    bodies: dict[str, Body] = {}
    sources: dict[str, dict[str, Any]] = {}
    text_files: dict[str, str] = {}
    for n in range(source_count):
        site = site_of[n]
        writer = writers[site.language]
        target = int(math.exp(rng.uniform(math.log(5_000), math.log(50_000))))
        if site.language == "zh":
            target //= 3  # three bytes a character in UTF-8
        title = writer.sentence()[:90].rstrip("。.?")
        pieces = [*site.header, title]
        paragraphs: list[tuple[int, int]] = []
        wire: list[tuple[int, int]] = []
        position = sum(len(piece) + 2 for piece in pieces)
        wires = list(wire_of.get(n, []))
        while position < target:
            is_wire = bool(wires) and rng.random() < 0.25
            paragraph = wires.pop() if is_wire else writer.paragraph()
            (wire if is_wire else paragraphs).append((position, position + len(paragraph)))
            pieces.append(paragraph)
            position += len(paragraph) + 2
        for paragraph in wires:
            wire.append((position, position + len(paragraph)))
            pieces.append(paragraph)
            position += len(paragraph) + 2
        pieces += site.footer
        text = "\n\n".join(pieces) + "\n"
        source_id = ids("s")
        day = rng.randrange(0, 3000)
        texts[source_id] = text
        bodies[source_id] = Body(text, paragraphs, wire)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        text_files[source_id] = f"text/{digest[:16]}.txt"
        slug = "-".join(title.split()[:6]).lower().strip(".,“”„") or f"story-{n}"
        url = f"https://{site.host}/{2014 + day // 365}/{slug[:60]}-{n}.html"
        sources[source_id] = {
            "id": source_id,
            "title": title,
            "location": url,
            "kind": "web",
            "author": rng.choice(names),
            "publisher": site.name,
            "published": _stamp(day * 86400)[:10],
            "language": site.language,
            "added": _stamp(day * 86400 + 3600),
            "snapshots": [
                {
                    "id": ids("snap"),
                    "taken": _stamp(day * 86400 + 3600),
                    "kind": "web",
                    "sha256": digest,
                    "original": f"files/{digest[:16]}.txt",
                    "text": text_files[source_id],
                    "content_type": "text/plain",
                    "size": len(text.encode("utf-8")),
                    "url": url,
                    "final_url": url,
                    "status": 200,
                    "truncated": None,
                    "note": "",
                }
            ],
            "attempts": [],
        }

    source_ids = list(sources)
    claim_count = max(1, quotes // QUOTES_PER_CLAIM)
    cuts = sorted(rng.sample(range(1, quotes), claim_count - 1)) if claim_count > 1 else []
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, quotes], strict=True)]
    claims: dict[str, dict[str, Any]] = {}
    quote_records: dict[str, dict[str, Any]] = {}
    history: dict[str, dict[str, Any]] = {}
    ratings = [level.key for level in DEFAULT_SCALE]
    clock = 0
    recent: list[dict[str, Any]] = []  # quotes a later claim may quote again
    for size in sizes:
        home = rng.choice(source_ids)
        others = rng.sample(source_ids, k=min(len(source_ids), rng.randint(1, 3)))
        body = bodies[home]
        start, stop = rng.choice(body.paragraphs or [(0, len(body.text))])
        begin, end = _span(rng, body.text, start, stop, _length(rng))
        claim_text = body.text[begin:end].strip() or body.text[start:stop][:80]
        claim_text = claim_text[0].upper() + claim_text[1:]
        claim_id = ids("c")
        clock += rng.randint(60, 7200)
        status = rng.choices(("new", "in-review", "done"), weights=(40, 25, 35))[0]
        rated = status == "done" or (status == "in-review" and rng.random() < 0.5)
        claim: dict[str, Any] = {
            "id": claim_id,
            "text": claim_text,
            "claimant": rng.choice(names) if rng.random() < 0.85 else None,
            "source": home if rng.random() < 0.8 else None,
            "status": status,
            "rating": "unrated",
            "rationale": "",
            "tags": sorted(set(rng.sample(V.TAGS, k=rng.choice((0, 0, 1, 1, 2, 3))))),
            "created": _stamp(clock),
            "updated": _stamp(clock),
            "conflict": "",
        }
        for _ in range(size):
            if recent and rng.random() < 0.03:
                again = rng.choice(recent)  # the same passage, quoted for another claim
                quote = {**again, "id": ids("q"), "claim": claim_id}
            else:
                source_id = home if rng.random() < 0.6 else rng.choice(others)
                body = bodies[source_id]
                use_wire = body.wire and rng.random() < 0.3
                start, stop = rng.choice(body.wire if use_wire else body.paragraphs)
                begin, end = _span(rng, body.text, start, stop, _length(rng))
                exact = body.text[begin:end]
                if len(exact) < 10:
                    begin, end = start, min(stop, start + 60)
                    exact = body.text[begin:end].rstrip()
                    end = begin + len(exact)
                code = sources[source_id]["language"]
                typed, status_, score = _variant(rng, exact, code)
                snapshot = sources[source_id]["snapshots"][-1]["id"]
                quote = {
                    "id": ids("q"),
                    "claim": claim_id,
                    "source": source_id,
                    "text": exact,  # a quote is its source's words; what was typed is kept
                    "typed": typed if typed != exact else "",
                    "stance": rng.choices(("supports", "refutes", "context"), (5, 3, 2))[0],
                    "note": "Checked against the original." if rng.random() < 0.1 else "",
                    "anchor": {
                        "exact": exact,
                        "prefix": body.text[max(0, begin - CONTEXT_CHARS) : begin],
                        "suffix": body.text[end : end + CONTEXT_CHARS],
                        "start": begin,
                        "end": end,
                        "status": status_,
                        "snapshot": snapshot,
                        "score": score,
                    },
                    "created": "",
                    "by": rng.choice(_REVIEWERS),
                }
                if len(recent) < 500 or rng.random() < 0.01:
                    recent.append(quote)
                    del recent[:-500]
            clock += rng.randint(5, 600)
            quote["created"] = _stamp(clock)
            quote_records[quote["id"]] = quote
        if rated:
            rating, rationale = "unrated", ""
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                clock += rng.randint(60, 86400)
                new_rating = rng.choice(ratings)
                new_rationale = rng.choice(V.RATIONALES).format(
                    n=rng.randint(1, 9), m=rng.randint(10, 20)
                )
                entry_id = ids("v")
                history[entry_id] = {
                    "id": entry_id,
                    "claim": claim_id,
                    "at": _stamp(clock),
                    "by": rng.choice(_REVIEWERS),
                    "rating_from": rating,
                    "rating_to": new_rating,
                    "rationale_from": rationale,
                    "rationale_to": new_rationale,
                }
                rating, rationale = new_rating, new_rationale
            claim.update(rating=rating, rationale=rationale, updated=_stamp(clock))
        claims[claim_id] = claim
    meta = SheetMeta(
        title=f"Generated case: {quotes:,} quotes",
        description="Made by bench/corpus.py",
        created=_stamp(0),
        updated=_stamp(clock),
    ).to_dict()
    tables = {
        META_TABLE: {META_ID: meta},
        "sources": sources,
        "claims": claims,
        "quotes": quote_records,
        "history": history,
    }
    return Corpus(tables, texts, text_files)


def contents(corpus: Corpus) -> Contents:
    """The corpus as the sheet file's tables (TinyDB document ids in creation order)."""
    tables = {}
    for name, records in corpus.tables.items():
        table = Table()
        for record_id, record in records.items():
            table.records[record_id] = record
            table.doc_ids[record_id] = table.next_doc_id()
        tables[name] = table
    return Contents(tables, schema=SCHEMA_VERSION)


def write(corpus: Corpus, path: Path) -> Path:
    """Write the sheet file and its archive folder (`NAME.archive/`); returns `path`."""
    path = Path(path)
    archive = path.with_name(f"{path.stem}.archive")
    (archive / "text").mkdir(parents=True, exist_ok=True)
    (archive / "files").mkdir(parents=True, exist_ok=True)
    for source_id, text in corpus.texts.items():
        relative = corpus.text_files[source_id]
        target = archive / relative
        if not target.exists():
            target.write_bytes(text.encode("utf-8"))
        original = archive / "files" / Path(relative).name
        if not original.exists():
            os.link(target, original)  # a text page: its original is its text
    path.write_bytes(encode(contents(corpus)))
    return path


def generate(path: Path, quotes: int, *, seed: int = 14) -> Corpus:
    """Build the corpus for `quotes` quotes and write it at `path`."""
    corpus = build(quotes, seed=seed)
    write(corpus, path)
    return corpus


def size_label(quotes: int) -> str:
    return f"{quotes // 1000}k" if quotes < 1_000_000 else f"{quotes // 1_000_000}M"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = generate(args.out, args.quotes, seed=args.seed)
    took = time.perf_counter() - started
    size = args.out.stat().st_size
    text = sum(len(t.encode()) for t in corpus.texts.values())
    print(
        f"{args.out}: {len(corpus.tables['sources']):,} sources ({text / 1e6:.1f} MB of text), "
        f"{len(corpus.tables['claims']):,} claims, {corpus.quotes:,} quotes, "
        f"{len(corpus.tables['history']):,} log entries; {size / 1e6:.1f} MB; {took:.1f} s"
    )


if __name__ == "__main__":
    main()
