"""Rebuild the demo sheet `sheets/xiaomi.json` from the seed case, through the core API.

    python sheets/build_xiaomi.py [--seeds ../shared/seeds] [--out sheets/xiaomi.json]

Ids come from a seeded generator and times from a fixed clock, so the same
seeds always give the same bytes (a test rebuilds it and compares).
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from factsheet.sheet import Sheet

HERE = Path(__file__).resolve().parent
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "seeds"
DEFAULT_OUT = HERE / "xiaomi.json"
REVIEWER = "factsheet demo"

BLOG_AUTHOR = "the blog's author"
BARRA_EN = "We could sell 10 billion smartphones and we wouldn’t make a single dime in profits"
BARRA_DE = (
    "Wir könnten 10 Milliarden Smartphones verkaufen und würden dabei nicht einen "
    "einzigen Cent daran verdienen"
)


@dataclass(frozen=True)
class SourceSpec:
    seed: str
    title: str
    language: str
    published: str | None = None
    author: str | None = None


SOURCES = {
    "000": SourceSpec(
        "000_7a569f9de7dacd59.txt",
        "Xiaomi Sells 1 Million Mibands, But I Have Yet to See One",
        "en",
        "2014-12-04",
        "anonymous blogger (WordPress blog)",
    ),
    "001": SourceSpec(
        "001_80cd7943d2d5dca1.txt",
        "Plausible Deniability, Xiaomi’s Real Business Model?",
        "en",
        "2014-09-04",
        "anonymous blogger (WordPress blog)",
    ),
    "002": SourceSpec("002_54ff9ce2f66b5e97.txt", "Mi Geräte zu Selbstkosten", "de"),
    "003": SourceSpec(
        "003_a188cd6fb3fcff5d.txt",
        "[untitled] Chinese electronics upstart Xiaomi … (rewrite of a Reuters interview)",
        "en",
    ),
    "004": SourceSpec(
        "004_43592f34fc2fbe83.txt",
        "Xiaomi Doesn’t Profit From Its Smartphone Hardware And Doesn’t Seem Concerned "
        "About Falling Sales",
        "en",
        author="Brandon Hill (HotHardware)",
    ),
}


@dataclass(frozen=True)
class QuoteSpec:
    source: str
    text: str
    stance: str
    note: str = ""


@dataclass(frozen=True)
class ClaimSpec:
    text: str
    claimant: str | None
    source: str
    quotes: list[QuoteSpec]
    tags: list[str] = field(default_factory=list)
    rating: str | None = None
    rationale: str = ""
    status: str = "new"


BARRA_ORIGIN = (
    "003, 004 and the German 002 all retell one Reuters interview (Catherine Cadell): "
    "three sources, one origin."
)

CLAIMS = [
    ClaimSpec(
        "Xiaomi makes no profit on its smartphone hardware: “We could sell 10 billion "
        "smartphones and we wouldn’t make a single dime in profits.”",
        "Hugo Barra",
        "003",
        [
            QuoteSpec("003", BARRA_EN, "context", "Barra to Reuters, as retold by 003."),
            QuoteSpec("004", BARRA_EN, "context", "Word for word as in 003 (straight quotes)."),
            QuoteSpec("002", BARRA_DE, "context", "German rendering of the same interview."),
            QuoteSpec(
                "003",
                "Xiaomi, which has never been too keen on disclosing its profit and revenue "
                "figures",
                "context",
                "Nothing in the case file can confirm the 2016 figures.",
            ),
            QuoteSpec(
                "000",
                "92% of Xiaomi profit comes from hardware",
                "refutes",
                "For 2013, leaked accounts say the opposite.",
            ),
        ],
        ["barra-quote", "profit", "one-origin"],
        "unproven",
        "Barra said it, but the case file holds no figures for 2016: Xiaomi does not disclose "
        "them (003), and the only numbers we have, leaked 2013 accounts retold in 000, put "
        "92 % of profit on hardware. " + BARRA_ORIGIN,
        "in-review",
    ),
    ClaimSpec(
        "Xiaomi sells its handsets at cost and makes no money on them.",
        "Lei Jun",
        "000",
        [
            QuoteSpec("000", "We sell hand sets at cost. We make no money on them.", "context"),
            QuoteSpec(
                "000",
                "Revenue of $4.4 billion in 2013",
                "refutes",
                "Leaked bank documents reported by the Wall Street Journal.",
            ),
            QuoteSpec("000", "net profit from hardware of $520 million", "refutes"),
        ],
        ["profit", "numbers"],
        "mostly-false",
        "By the leaked 2013 accounts the Wall Street Journal reported (as retold in 000), "
        "Xiaomi made $564 million net profit of which at most $44 million came from services, "
        "so at least $520 million from hardware. We have these figures only second-hand.",
        "done",
    ),
    ClaimSpec(
        "Xiaomi is an internet company, not a hardware maker like Samsung, Sony or Apple.",
        "Lei Jun",
        "002",
        [
            QuoteSpec(
                "002",
                "Xiaomi sei kein Hardware Unternehmen wie Samsung, Sony, Apple & Co!",
                "context",
            ),
            QuoteSpec("000", "According to Lei Jun, Xiaomi is an internet play.", "context"),
            QuoteSpec("000", "$44 million revenue from service", "refutes"),
        ],
        ["business-model"],
        "mostly-false",
        "In 2013 services brought $44 million of $4.4 billion revenue, about 1 %, and "
        "hardware about 92 % of profit (000, citing leaked accounts). The company's own "
        "framing is a strategy, not a description of where its money came from.",
        "done",
    ),
    ClaimSpec(
        "Xiaomi's profit margin on hardware in 2013 was at least 12 %.",
        BLOG_AUTHOR,
        "000",
        [
            QuoteSpec("000", "= profit margin at least 12%", "context"),
            QuoteSpec("000", "Revenue of $4.4 billion in 2013", "context"),
            QuoteSpec("000", "= net profit from hardware of $520 million", "context"),
        ],
        ["arithmetic", "numbers"],
        "mostly-true",
        "The article's own figures give $520 million / $4.4 billion = 11.8 %, or 11.9 % of "
        "hardware revenue ($4.356 billion): just under the stated floor of 12 %. The total "
        "margin, $564 million / $4.4 billion, is 12.8 %. Close, but 'at least' is wrong.",
        "done",
    ),
    ClaimSpec(
        "Xiaomi made $564 in profit from cell phones.",
        BLOG_AUTHOR,
        "000",
        [
            QuoteSpec("000", "Xiaomi made $564 in profit from cell phones", "context"),
            QuoteSpec(
                "000",
                "$564 million",
                "refutes",
                "The figures list: $564 million is the total net profit.",
            ),
            QuoteSpec("000", "net profit from hardware of $520 million", "refutes"),
        ],
        ["arithmetic", "numbers", "typo"],
        "false",
        "As printed the figure is $564, a millionth of what is meant. The article's own list "
        "gives $564 million as Xiaomi's total net profit, of which $520 million came from "
        "hardware, so even corrected it is not profit from cell phones alone.",
        "done",
    ),
    ClaimSpec(
        "92 % of Xiaomi's profit comes from hardware.",
        BLOG_AUTHOR,
        "000",
        [
            QuoteSpec(
                "000",
                "according to that website, 92% of Xiaomi profit comes from hardware",
                "supports",
            ),
            QuoteSpec("000", "= net profit from hardware of $520 million", "supports"),
        ],
        ["numbers"],
        "mostly-true",
        "Consistent with the leaked 2013 figures: $520 million of $564 million is 92.2 %. "
        "The figures reach us second-hand and only for 2013.",
        "done",
    ),
    ClaimSpec(
        "Xiaomi's smartphone sales fell 45 % in the third quarter of 2015.",
        "IDC",
        "003",
        [
            QuoteSpec(
                "003",
                "In the third quarter of 2015, its smart phone sales fell by 45 percent, "
                "according to research firm IDC.",
                "supports",
            ),
            QuoteSpec(
                "004",
                "its Q3 2016 sales in China declined by 45 percent",
                "refutes",
                "Same figure, another year and market.",
            ),
        ],
        ["numbers", "disagreement"],
        "unproven",
        "003 (citing IDC) puts a 45 % fall in Q3 2015; 004 puts it in Q3 2016, in China. Both "
        "retell the same Reuters interview, so one of them moved the figure. IDC's report is "
        "not in the case file.",
        "in-review",
    ),
    ClaimSpec(
        "Xiaomi's smartphone sales in China declined 45 % in the third quarter of 2016.",
        "Brandon Hill (HotHardware)",
        "004",
        [
            QuoteSpec("004", "its Q3 2016 sales in China declined by 45 percent", "supports"),
            QuoteSpec(
                "003",
                "In the third quarter of 2015, its smart phone sales fell by 45 percent",
                "refutes",
            ),
        ],
        ["numbers", "disagreement"],
    ),
    ClaimSpec(
        "Xiaomi missed its global smartphone targets by 12 % in 2015.",
        "Reuters (via 003)",
        "003",
        [
            QuoteSpec(
                "003",
                "it missed its global smart phone targets by as much as 12 percent",
                "supports",
            ),
            QuoteSpec(
                "004",
                "its global sales dipped 12 percent last year",
                "context",
                "Missing a target by 12 % is not the same as sales falling 12 %.",
            ),
        ],
        ["numbers", "disagreement"],
    ),
    ClaimSpec(
        "Xiaomi's global smartphone sales dipped 12 % last year.",
        "Brandon Hill (HotHardware)",
        "004",
        [
            QuoteSpec("004", "its global sales dipped 12 percent last year", "supports"),
            QuoteSpec(
                "003",
                "it missed its global smart phone targets by as much as 12 percent",
                "refutes",
                "003 says targets were missed by 12 %, not that sales fell.",
            ),
        ],
        ["numbers", "disagreement"],
    ),
    ClaimSpec(
        "Xiaomi expects sales of smart home devices to double to 10 billion yuan "
        "($1.5 billion) in 2016.",
        "Liu De",
        "003",
        [
            QuoteSpec(
                "003",
                "the firm is expecting sales of smart home devices to double to 10 billion yuan "
                "($1.5 billion) in 2016",
                "supports",
            ),
            QuoteSpec(
                "002",
                "laut Vize Präsident Liu De, am Ende des Jahres mit einem Umsatz von "
                "1.5 Milliarden US$ rechnen",
                "supports",
            ),
        ],
        ["forecast", "smart-home"],
    ),
    ClaimSpec(
        "Xiaomi sold over 1 million Mi Band fitness bands in just a few months.",
        "Xiaomi",
        "000",
        [
            QuoteSpec(
                "000",
                "According to Xiaomi, they sold over 1 million in just a few months.",
                "supports",
            ),
            QuoteSpec(
                "000",
                "I have yet to see a Chinese wearing one",
                "context",
                "An anecdote, not evidence.",
            ),
        ],
        ["sales"],
        "unproven",
        "Only Xiaomi's own statement; the blog's doubt rests on not having seen the bands on "
        "the street, which proves nothing either way.",
        "in-review",
    ),
    ClaimSpec(
        "Xiaomi was valued at $46 billion in its last fund raising, in 2014.",
        None,
        "003",
        [
            QuoteSpec(
                "003",
                "In 2014, during its last fund raising, Xiaomi was valued at $46 billion",
                "supports",
            ),
            QuoteSpec("002", "einen Wert von 46 Milliarden US$ erreicht", "supports"),
        ],
        ["numbers", "valuation"],
    ),
    ClaimSpec(
        "The chargers that failed Chinese government tests were fakes, not Xiaomi's.",
        "Xiaomi",
        "001",
        [
            QuoteSpec(
                "001",
                "It was not our battery chargers which were tested by the Chinese government "
                "and caught fire; they were fakes.",
                "supports",
            ),
            QuoteSpec(
                "001",
                "Xiaomi’s reply was that those were knockoff Xiaomi gear and not the real deal.",
                "context",
            ),
        ],
        ["quality"],
    ),
]


def seeded_ids(seed: int) -> Callable[[str], str]:
    rng = random.Random(seed)
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return lambda prefix: f"{prefix}-{''.join(rng.choice(alphabet) for _ in range(8))}"


def stepping_clock(start: datetime) -> Callable[[], str]:
    ticks = iter(range(10**9))
    return lambda: (start + timedelta(minutes=next(ticks))).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(seeds: Path, out: Path) -> None:
    """Write the demo sheet to `out` (and `out`'s archive folder beside it)."""
    with Sheet.create(
        out,
        title="Xiaomi: “we make no money on hardware”",
        description="Five articles (2014–2016), English and German, that make, repeat, "
        "contradict and attack Xiaomi's claim that it earns nothing on its phones.",
        reviewer=REVIEWER,
        ids=seeded_ids(2014),
        clock=stepping_clock(datetime(2026, 11, 20, 9, 0, tzinfo=UTC)),
    ) as sheet:
        source_ids = {}
        for key, spec in SOURCES.items():
            source = sheet.add_source_file(
                seeds / spec.seed,
                title=spec.title,
                author=spec.author,
                published=spec.published,
                language=spec.language,
                location=f"shared/seeds/{spec.seed}",
            )
            source_ids[key] = source.id
        for spec in CLAIMS:
            claim = sheet.add_claim(
                spec.text, claimant=spec.claimant, source=source_ids[spec.source], tags=spec.tags
            )
            for quote in spec.quotes:
                sheet.add_quote(
                    claim.id,
                    source_ids[quote.source],
                    quote.text,
                    stance=quote.stance,
                    note=quote.note,
                )
            if spec.rating:
                sheet.set_verdict(claim.id, spec.rating, rationale=spec.rationale)
            sheet.set_status(claim.id, spec.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="the seed articles")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the sheet to write")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    with tempfile.TemporaryDirectory(dir=out.parent) as work:
        staged = Path(work) / out.name
        build(args.seeds, staged)
        archive = out.with_name(f"{out.stem}.archive")
        shutil.rmtree(archive, ignore_errors=True)
        shutil.move(staged.with_name(archive.name), archive)
        staged.replace(out)
    print(f"wrote {out} and {archive}")


if __name__ == "__main__":
    main()
