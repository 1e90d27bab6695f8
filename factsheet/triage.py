"""Triage: filter, sort, find and step through claims, as the worksheet's list does.

A filter is typed as words and `field:value` terms, e.g.
``status:review verdict:"mostly false" claimant:barra tag:numbers is:conflict smartphones``
(and ``assignee:me``, ``assignee:nobody``, ``assignee:ada``):
every term must match (case-insensitive; claimant and words match substrings, a tag
its beginning, so that `tag:num` lists claims tagged `numbers` as it is typed). Values
are what the list shows (`review`, `Mostly false`) or the stored keys (`in-review`,
`mostly-false`), or any unambiguous beginning of one (`status:rev`); a value of several
words is quoted. A value that names nothing is a problem the filter reports (and that
matches no claim), never a silent empty list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from factsheet.model import DEFAULT_SCALE, UNRATED, Claim, Rating, Status, rating_key

FIELDS = ("status", "verdict", "claimant", "tag", "is", "assignee")
_ALIASES = {
    "rating": "verdict",
    "by": "claimant",
    "tags": "tag",
    "st": "status",
    "v": "verdict",
    "assigned": "assignee",
    "to": "assignee",
}
NOBODY = ("nobody", "none", "-")  # assignee:nobody lists the claims no one has
# How the list shows each triage status.
STATUS_LABELS = {
    Status.NEW.value: "new",
    Status.IN_REVIEW.value: "review",
    Status.DONE.value: "done",
}
# `is:` terms: what a claim is, beyond its fields.
STATES: dict[str, Callable[[Claim], bool]] = {
    "conflict": lambda claim: bool(claim.conflict),
    "unrated": lambda claim: claim.rating == UNRATED,
    "rated": lambda claim: claim.rating != UNRATED,
}
# A token: runs of plain characters and quoted parts ("…" or “…”; an unclosed quote runs
# to the end, so that a filter typed live matches as it grows).
_TOKEN = re.compile(r'(?:[^\s"“”]+|"[^"]*(?:"|$)|“[^”]*(?:”|$))+')


def _unquote(value: str) -> str:
    return re.sub(r'["“”]', "", value)


def _choose(field_name: str, value: str, names: dict[str, str], shown: list[str]) -> str:
    """The key that `value` names: a name in full, else the only one it begins; a
    ValueError says what it could have been."""
    wanted = rating_key(value)
    if wanted in names:
        return names[wanted]
    candidates = sorted({key for name, key in names.items() if name.startswith(wanted)})
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        labels = [label for label in shown if names[rating_key(label)] in candidates]
        raise ValueError(f"{field_name}:{value} could be {_or(labels)}")
    raise ValueError(f"no {field_name} {value!r} (one of: {', '.join(shown)})")


def _or(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """The terms of a filter; an empty filter matches every claim. `problems` are the
    terms that name nothing (said to the user; while there is one, nothing matches)."""

    words: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    problems: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, text: str, ratings: Sequence[Rating] = DEFAULT_SCALE, me: str | None = None
    ) -> ClaimFilter:
        """The filter `text` means; `me` is the reviewer `assignee:me` stands for."""
        words: list[str] = []
        terms: list[tuple[str, str]] = []
        problems: list[str] = []
        statuses = {rating_key(label): key for key, label in STATUS_LABELS.items()}
        statuses.update({key: key for key in STATUS_LABELS})
        verdicts = {UNRATED: UNRATED}
        for rating in ratings:
            verdicts[rating.key] = rating.key
            verdicts[rating_key(rating.label)] = rating.key
        verdict_labels = [rating.label for rating in ratings] + ["unrated"]
        for token in _TOKEN.findall(text):
            name, colon, raw = token.partition(":")
            name = _ALIASES.get(name.lower(), name.lower())
            value = _unquote(raw).strip()
            if not (colon and name in FIELDS):
                words.append(_unquote(token).casefold())
                continue
            if not value:
                continue  # a term still being typed
            try:
                if name == "status":
                    shown = list(STATUS_LABELS.values())
                    terms.append((name, _choose(name, value, statuses, shown)))
                elif name == "verdict":
                    terms.append((name, _choose(name, value, verdicts, verdict_labels)))
                elif name == "is":
                    terms.append((name, _choose(name, value, {s: s for s in STATES}, [*STATES])))
                elif name == "assignee" and value.lower() == "me":
                    if not me:
                        raise ValueError("assignee:me needs your reviewer name (--reviewer)")
                    terms.append((name, "=" + me.casefold()))
                else:
                    terms.append((name, value.casefold()))
            except ValueError as problem:
                problems.append(str(problem))
        return cls(tuple(words), tuple(terms), tuple(problems))

    def __bool__(self) -> bool:
        return bool(self.words or self.terms or self.problems)

    def narrows(self, wider: ClaimFilter) -> bool:
        """Whether every claim this filter lets through, `wider` lets through too (as when
        a word is typed further): this filter then need look only among `wider`'s."""
        if self.problems or wider.problems:
            return False
        return set(wider.terms) <= set(self.terms) and all(
            any(word in mine for mine in self.words) for word in wider.words
        )

    def select(
        self, claims: Sequence[Claim], texts: Sequence[str], among: Iterable[int]
    ) -> list[int]:
        """The places in `claims` (of those in `among`, in its order) of the claims the
        filter lets through; `texts[n]` is claim n's `haystack`. Plain words, as typed
        into the filter, are looked for without a call per claim (10,000 per key)."""
        if self.problems:
            return []
        if self.terms:
            return [n for n in among if self.matches(claims[n], texts[n])]
        if len(self.words) == 1:
            word = self.words[0]
            return [n for n in among if word in texts[n]]
        words = self.words
        return [n for n in among if all(word in texts[n] for word in words)]

    def matches(self, claim: Claim, words_of_claim: str | None = None) -> bool:
        """Whether the filter lets `claim` through; `words_of_claim` is its `haystack`, if
        it was made already (a filter typed letter by letter asks of every claim)."""
        if self.problems:
            return False
        for name, value in self.terms:
            if name == "status" and claim.status != value:
                return False
            if name == "verdict" and claim.rating != value:
                return False
            if name == "claimant" and value not in (claim.claimant or "").casefold():
                return False
            if name == "tag" and not _tagged(claim.tags, value):
                return False
            if name == "is" and not STATES[value](claim):
                return False
            if name == "assignee" and not _assigned(claim, value):
                return False
        text = haystack(claim) if words_of_claim is None else words_of_claim
        return all(word in text for word in self.words)

    def tags_of_none(self, claims: Iterable[Claim]) -> tuple[str, ...]:
        """The filter's `tag:` values that no claim of `claims` has a tag for (a tag typed
        wrong, which the list says rather than showing nothing)."""
        wanted = [value for name, value in self.terms if name == "tag"]
        if not wanted:
            return ()
        tags = {tag for claim in claims for tag in claim.tags}
        return tuple(value for value in wanted if not _tagged(tags, value))


def _tagged(tags: Iterable[str], value: str) -> bool:
    """Whether a tag begins with `value` (folded): `tag:num` finds `numbers`."""
    return any(tag.casefold().startswith(value) for tag in tags)


def haystack(claim: Claim) -> str:
    """What a filter's plain words are looked for in: the claim, its claimant and tags,
    case-folded ("Straße" is found by "strasse" as by "straße")."""
    return f"{claim.text} {claim.claimant or ''} {' '.join(claim.tags)}".casefold()


def _assigned(claim: Claim, value: str) -> bool:
    """`value`: "=name" for exactly that reviewer, a word of NOBODY, or part of a name."""
    assignee = (claim.assignee or "").casefold()
    if value.startswith("="):
        return assignee == value[1:]
    if value in NOBODY:
        return not assignee
    return value in assignee


_STATUS_ORDER = [status.value for status in Status]

SORTS = ("sheet order", "verdict", "status", "claimant")


def _sort_key(order: str, ratings: Sequence[Rating]) -> Callable[[Claim], tuple[object, ...]]:
    if order == "verdict":
        # The scale's order (the digits' order: best first, off-scale levels after), then
        # values not on the scale, unrated last.
        rank = {rating.key: n for n, rating in enumerate(ratings)}
        return lambda claim: (
            claim.rating == UNRATED,
            rank.get(claim.rating, len(rank)),
            claim.rating,
        )
    if order == "status":
        return lambda claim: (
            _STATUS_ORDER.index(claim.status) if claim.status in _STATUS_ORDER else 99,
        )
    if order == "claimant":
        return lambda claim: (claim.claimant is None, (claim.claimant or "").lower())
    raise ValueError(f"unknown order {order!r}")


def sort_claims(
    claims: Sequence[Claim], order: str, ratings: Sequence[Rating] = DEFAULT_SCALE
) -> list[Claim]:
    """Claims in `order` (one of SORTS); ties keep sheet order."""
    if order == "sheet order":
        return list(claims)
    return sorted(claims, key=_sort_key(order, ratings))


def next_unrated(claims: Sequence[Claim], after: str | None) -> Claim | None:
    """The first unrated claim after the one with id `after`, wrapping around."""
    start = next((n + 1 for n, claim in enumerate(claims) if claim.id == after), 0)
    ordered = [*claims[start:], *claims[:start]]
    return next((claim for claim in ordered if claim.rating == UNRATED), None)


def find_row(
    rows: Sequence[str], query: str, start: int, *, step: int = 1, include_start: bool = False
) -> tuple[int, bool] | None:
    """The next row (forward with step 1, back with -1) from `start` whose text holds
    `query` (case-insensitive), as (index, whether the search wrapped past an end); None
    when no row holds it. With `include_start`, the row at `start` counts too."""
    wanted = query.casefold()
    count = len(rows)
    if not wanted or not count:
        return None
    first = 0 if include_start else 1
    for offset in range(first, count + first):
        index = start + step * offset
        if wanted in rows[index % count].casefold():
            return index % count, not 0 <= index < count
    return None


def rating_choices(ratings: Sequence[Rating]) -> list[tuple[str, str, str]]:
    """(digit key, rating key, label): 1… for the scale's levels, 0 for unrated."""
    choices = [(str(n), r.key, r.label) for n, r in enumerate(ratings[:9], start=1)]
    return [*choices, ("0", UNRATED, "Unrated")]
