"""schema.org ClaimReview JSON-LD, as fact-checkers publish verdicts to search engines.

One ClaimReview per rated claim, with what Google's fact-check markup requires
(`url` of the published fact-check, `claimReviewed`, `reviewRating` with its
`alternateName`, and an `author`: the sheet's publisher) and recommends
(`datePublished`; `itemReviewed` as a Claim with its author, date and
appearance; the rating's bestRating and worstRating). Whether a claimant is a
person or an organisation is the reviewer's choice (`claimant_kind`), never a
guess. `missing_fields` says which field each claim lacks, so that an export can
say so and `--strict` can refuse to write an incomplete document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factsheet.model import UNRATED, Claim, Rating, Source
from factsheet.sheet import Sheet

SCHEMA_TYPES = {"person": "Person", "organization": "Organization"}


@dataclass(frozen=True, slots=True)
class Missing:
    """A field a ClaimReview lacks: for which claim (None: every claim, from the sheet),
    which field, whether Google requires it or only recommends it, and how to set it."""

    claim: str | None
    field: str
    required: bool
    how: str

    def __str__(self) -> str:
        which = f"claim {self.claim}" if self.claim else "every claim"
        kind = "required" if self.required else "recommended"
        return f"{which}: no {self.field} ({kind}); {self.how}"


def claim_reviews(sheet: Sheet) -> tuple[list[dict[str, Any]], int]:
    """(ClaimReview objects for the rated claims, number of unrated claims left out)."""
    ratings = {rating.key: rating for rating in sheet.ratings()}
    values = [rating.value for rating in ratings.values() if rating.value is not None]
    sources = {source.id: source for source in sheet.sources()}
    meta = sheet.meta
    reviews = []
    left_out = 0
    for claim in sheet.claims():
        if claim.rating == UNRATED or claim.rating not in ratings:
            left_out += 1
            continue
        log = [entry for entry in sheet.history(claim.id) if entry.event == "verdict"]
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": claim.text,
            "datePublished": (log[-1].at if log else claim.updated)[:10],
            "reviewRating": _rating(ratings[claim.rating], values),
            "itemReviewed": _item(claim, sources.get(claim.source or "")),
        }
        if claim.review_url:
            review["url"] = claim.review_url
        if meta.publisher:
            review["author"] = {"@type": "Organization", "name": meta.publisher}
            if meta.publisher_url:
                review["author"]["url"] = meta.publisher_url
        if claim.rationale:
            review["reviewBody"] = claim.rationale
        reviews.append(review)
    return reviews, left_out


def missing_fields(sheet: Sheet) -> list[Missing]:
    """What the ClaimReview of each rated claim lacks, required fields first."""
    rated = [claim for claim in sheet.claims() if claim.rating != UNRATED]
    missing: list[Missing] = []
    if rated and not sheet.meta.publisher:
        missing.append(
            Missing(
                None,
                "author (the publisher)",
                True,
                "set it with: factsheet edit SHEET --publisher NAME --publisher-url URL",
            )
        )
    for claim in rated:
        if not claim.review_url:
            missing.append(
                Missing(
                    claim.id,
                    "url of the published fact-check",
                    True,
                    f"set it with: factsheet claim edit SHEET {claim.id} --review-url URL",
                )
            )
    for claim in rated:
        if claim.claimant and not claim.claimant_kind:
            missing.append(
                Missing(
                    claim.id,
                    "kind of claimant (person or organization)",
                    False,
                    f"set it with: factsheet claim edit SHEET {claim.id} --claimant-kind person",
                )
            )
        if not claim.source:
            missing.append(
                Missing(
                    claim.id,
                    "appearance (the source the claim appeared in)",
                    False,
                    f"set it with: factsheet claim edit SHEET {claim.id} --source ID",
                )
            )
    if sheet.meta.publisher and not sheet.meta.publisher_url:
        missing.append(
            Missing(
                None,
                "publisher url",
                False,
                "set it with: factsheet edit SHEET --publisher-url URL",
            )
        )
    return sorted(missing, key=lambda m: not m.required)


def _rating(rating: Rating, values: list[int]) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and values:
        result.update(ratingValue=rating.value, bestRating=max(values), worstRating=min(values))
    return result


def _item(claim: Claim, source: Source | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        author: dict[str, Any] = {"name": claim.claimant}
        if claim.claimant_kind in SCHEMA_TYPES:
            author = {"@type": SCHEMA_TYPES[claim.claimant_kind], **author}
        item["author"] = author
    if source is not None:
        if source.published:
            item["datePublished"] = source.published
        appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
        if source.kind == "web":
            appearance["url"] = source.location
        if source.publisher:
            appearance["publisher"] = {"@type": "Organization", "name": source.publisher}
        item["appearance"] = [appearance]
    return item
