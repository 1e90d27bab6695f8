"""schema.org ClaimReview JSON-LD, as fact-checkers publish verdicts to search engines.

One ClaimReview per rated claim, with what Google's fact-check markup requires
(claimReviewed, reviewRating with alternateName, author, datePublished) and
recommends (itemReviewed as a Claim with its author, date and appearance; the
rating's bestRating and worstRating; url where the sheet knows one).
"""

from __future__ import annotations

from typing import Any

from factsheet.model import UNRATED, Rating, Source
from factsheet.sheet import Sheet

# Claimants that are organisations rather than people, as far as a sheet can tell.
ORGANISATION_HINTS = ("inc", "ltd", "corp", "reuters", "idc", "journal", "news", "xiaomi", "(")


def claim_reviews(sheet: Sheet) -> tuple[list[dict[str, Any]], int]:
    """(ClaimReview objects for the rated claims, number of unrated claims left out)."""
    ratings = {rating.key: rating for rating in sheet.ratings()}
    values = [rating.value for rating in ratings.values() if rating.value is not None]
    sources = {source.id: source for source in sheet.sources()}
    reviews = []
    left_out = 0
    for claim in sheet.claims():
        if claim.rating == UNRATED or claim.rating not in ratings:
            left_out += 1
            continue
        log = sheet.history(claim.id)
        last = log[-1] if log else None
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": claim.text,
            "datePublished": (last.at if last else claim.updated)[:10],
            "author": {"@type": "Person", "name": last.by if last else sheet.reviewer},
            "reviewRating": _rating(ratings[claim.rating], values),
            "itemReviewed": _item(claim.claimant, sources.get(claim.source or "")),
        }
        if claim.rationale:
            review["reviewBody"] = claim.rationale
        reviews.append(review)
    return reviews, left_out


def _rating(rating: Rating, values: list[int]) -> dict[str, Any]:
    result: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and values:
        result.update(ratingValue=rating.value, bestRating=max(values), worstRating=min(values))
    return result


def _item(claimant: str | None, source: Source | None) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claimant:
        kind = "Organization" if claimant.lower().startswith(ORGANISATION_HINTS) else "Person"
        item["author"] = {"@type": kind, "name": claimant}
    if source is not None:
        if source.published:
            item["datePublished"] = source.published
        appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": source.title}
        if source.kind == "web":
            appearance["url"] = source.location
        item["appearance"] = [appearance]
    return item
