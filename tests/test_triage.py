"""Filtering, sorting, finding and stepping through claims, on the demo sheet."""

from __future__ import annotations

from dataclasses import replace

from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.model import parse_scale
from factsheet.triage import ClaimFilter, find_row, next_unrated, sort_claims


def demo_claims():
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return sheet.claims()


def matching(text: str, claims=None) -> list:
    claims = demo_claims() if claims is None else claims
    parsed = ClaimFilter.parse(text)
    return [c for c in claims if parsed.matches(c)]


def test_filter_terms_and_words() -> None:
    claims = demo_claims()
    unrated = matching("verdict:unrated", claims)
    assert unrated and all(c.rating == "unrated" for c in unrated)
    assert [c.claimant for c in matching("claimant:barra", claims)] == ["Hugo Barra"]
    numbers = matching("tag:disagreement status:new 12", claims)
    assert {c.text for c in numbers} == {
        "Xiaomi missed its global smartphone targets by 12 % in 2015.",
        "Xiaomi's global smartphone sales dipped 12 % last year.",
    }
    assert matching("rating:Mostly-False", claims)
    tagged = matching("tag:disagreement", claims)
    assert tagged and matching("tag:disag", claims) == tagged  # as a tag is typed
    assert matching("tag:Disagreement", claims) == tagged
    assert not matching("tag:agreement", claims)  # a tag's beginning, not any part of it
    assert not ClaimFilter.parse("")
    assert matching("", claims) == claims


def test_filter_values_are_what_the_list_shows() -> None:
    claims = demo_claims()
    in_review = [c for c in claims if c.status == "in-review"]
    assert in_review
    assert matching("status:review", claims) == in_review  # the list says "review"
    assert matching("status:in-review", claims) == in_review
    assert matching("status:rev", claims) == in_review  # an unambiguous beginning
    mostly_false = [c for c in claims if c.rating == "mostly-false"]
    assert mostly_false
    assert matching('verdict:"mostly false"', claims) == mostly_false
    assert matching("verdict:“Mostly false”", claims) == mostly_false
    assert matching("verdict:mostly-f", claims) == mostly_false
    assert matching('claimant:"lei jun" verdict:"mostly false', claims) == [
        c for c in mostly_false if c.claimant == "Lei Jun"
    ]  # an unclosed quote, as typed live


def test_a_value_that_names_nothing_is_a_problem_the_filter_reports() -> None:
    unknown = ClaimFilter.parse("status:reviewed")
    assert unknown.problems == ("no status 'reviewed' (one of: new, review, done)",)
    assert not matching("status:reviewed")
    ambiguous = ClaimFilter.parse("verdict:mostly false")
    assert ambiguous.problems == ("verdict:mostly could be Mostly true or Mostly false",)
    assert ClaimFilter.parse("is:nonsense").problems == (
        "no is 'nonsense' (one of: conflict, unrated, rated)",
    )
    assert not ClaimFilter.parse("status: verdict:").problems  # terms still being typed


def test_is_conflict_finds_claims_two_reviewers_changed_at_once() -> None:
    claims = demo_claims()
    marked = replace(claims[3], conflict="the verdicts of a merged sheet differ")
    assert matching("is:conflict", [*claims, marked]) == [marked]
    assert matching("is:rated", claims) == [c for c in claims if c.rating != "unrated"]


def test_sort_by_verdict_follows_the_scale_and_keeps_sheet_order_within_ties() -> None:
    claims = demo_claims()
    by_verdict = sort_claims(claims, "verdict")
    order = ["true", "mostly-true", "mixed", "mostly-false", "false", "unproven", "unrated"]
    ratings = [c.rating for c in by_verdict]
    assert ratings == sorted(ratings, key=order.index)
    assert ratings[-1] == "unrated"
    ties = [c.id for c in by_verdict if c.rating == "mostly-false"]
    assert ties == [c.id for c in claims if c.rating == "mostly-false"]
    by_status = [c.status for c in sort_claims(claims, "status")]
    assert by_status == sorted(by_status, key=["new", "in-review", "done"].index)


def test_sort_by_verdict_on_a_custom_scale() -> None:
    scale = parse_scale("Correct,Misleading,Wrong")
    claims = demo_claims()[:4]
    rated = [
        replace(claims[0], rating="wrong"),
        replace(claims[1], rating="unrated"),
        replace(claims[2], rating="correct"),
        replace(claims[3], rating="misleading"),
    ]
    assert [c.rating for c in sort_claims(rated, "verdict", scale)] == [
        "correct",
        "misleading",
        "wrong",
        "unrated",
    ]


def test_next_unrated_wraps_around() -> None:
    claims = demo_claims()
    unrated = [c for c in claims if c.rating == "unrated"]
    assert next_unrated(claims, None) == unrated[0]
    assert next_unrated(claims, unrated[0].id) == unrated[1]
    assert next_unrated(claims, unrated[-1].id) == unrated[0]
    assert next_unrated([c for c in claims if c.rating != "unrated"], None) is None


def test_find_row_steps_forward_and_back_and_says_when_it_wraps() -> None:
    rows = ["Xiaomi makes phones", "Lei Jun said", "phones again", "nothing"]
    assert find_row(rows, "PHONES", 0) == (2, False)
    assert find_row(rows, "phones", 2) == (0, True)
    assert find_row(rows, "phones", 0, include_start=True) == (0, False)
    assert find_row(rows, "phones", 0, step=-1) == (2, True)
    assert find_row(rows, "phones", 2, step=-1) == (0, False)
    assert find_row(rows, "absent", 0) is None
    assert find_row(rows, "", 0) is None


def test_assignee_terms_find_my_claims_the_unassigned_and_a_reviewers() -> None:
    claims = demo_claims()
    mine, ada = replace(claims[0], assignee="tester"), replace(claims[1], assignee="Ada Lovelace")
    claims = [mine, ada, *claims[2:]]

    def ids(text: str, me: str | None = "tester") -> list[str]:
        parsed = ClaimFilter.parse(text, me=me)
        assert not parsed.problems, parsed.problems
        return [c.id for c in claims if parsed.matches(c)]

    assert ids("assignee:me") == [mine.id]
    assert ids("assigned:ada") == [ada.id]
    assert ids("assignee:nobody") == [c.id for c in claims[2:]]
    assert ids("to:me is:unrated") == ([mine.id] if mine.rating == "unrated" else [])
    assert ids("assignee:me", me="Ada Lovelace") == [ada.id]  # exactly me, not part of a name
    problem = ClaimFilter.parse("assignee:me", me=None)
    assert problem.problems and not any(problem.matches(c) for c in claims)


def test_the_filter_folds_case_as_search_does() -> None:
    claims = demo_claims()
    german = [replace(claims[0], text="Die Straßenbahn fährt", claimant="Jürgen Groß")]
    assert matching("strassenbahn", german) == german
    assert matching("STRASSENBAHN", german) == german
    assert matching("straßenbahn", german) == german
    assert matching("claimant:gross", german) == german
    assert matching("strassenbahn", claims) == []


def test_a_filter_typed_letter_by_letter_looks_only_among_the_last_matches_and_finds_the_same() -> (
    None
):
    """Each key in the filter asks of 10,000 claims: a narrower filter (a word typed
    further, a term added) looks only among what the last one let through; a wider one
    (a letter deleted, a term changed) among all. Either way the claims are those the
    filter matches, in sheet order."""
    from factsheet.triage import haystack

    claims = demo_claims()
    texts = [haystack(claim) for claim in claims]
    typed = [
        "x", "xi", "xia", "xiaomi", "xiaomi 1", "xiaomi 12", "xiaomi 1", "xiao", "",
        "status:new", "status:new sm", "status:new smart", "status:new smarx", "sm",
        "verdict:unrated", "verdict:unrated hardware", "tag:dis", "tag:disagreement",
        "status:nope", "status:nope x", "x",
    ]  # fmt: skip
    last: tuple[ClaimFilter, list[int]] | None = None
    narrowed = 0
    for text in typed:
        parsed = ClaimFilter.parse(text)
        among: range | list[int] = range(len(claims))
        if last is not None and parsed.narrows(last[0]):
            among, narrowed = last[1], narrowed + 1
        found = parsed.select(claims, texts, among)
        assert [claims[n] for n in found] == [c for c in claims if parsed.matches(c)], text
        last = (parsed, found)
    assert narrowed >= 8
    assert not ClaimFilter.parse("xi").narrows(ClaimFilter.parse("xia"))
    assert not ClaimFilter.parse("status:new").narrows(ClaimFilter.parse("status:done"))
    assert ClaimFilter.parse("smart status:new").narrows(ClaimFilter.parse("sma"))
