"""Provenance on the seed case: the Barra quote in 003 and 004; text reuse between sources."""

from __future__ import annotations

import json
import random
import sys

from conftest import DEMO_SHEET, REPO

from factsheet import Sheet
from factsheet.model import Quote
from factsheet.provenance import PassageIndex, also_in, shared_passages, source_texts
from factsheet.provenance.anchoring import appearance
from factsheet.provenance.records import Appearance
from factsheet.ui.widgets.evidence import elsewhere_found, elsewhere_line


def test_barras_words_stand_in_003_and_004(run) -> None:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        texts = source_texts(sheet)
        by_title = {s.title[:20]: s.id for s in sheet.sources()}
        reuters_rewrite = by_title["[untitled] Chinese e"]
        hothardware = by_title["Xiaomi Doesn’t Profi"]
        barra = next(
            q
            for q in sheet.quotes()
            if q.source == reuters_rewrite and q.text.startswith("We could sell 10 billion")
        )
        places = also_in(barra, texts)
    assert [(p.source_id, p.status) for p in places] == [(hothardware, "normalised")]
    reuse = {frozenset((r.first, r.second)): r for r in shared_passages(texts)}
    pair = reuse[frozenset((reuters_rewrite, hothardware))]
    assert any("we could sell 10 billion smartphones" in p for p in pair.passages)
    assert any("basically we're giving [handsets] to you" in p for p in pair.passages)
    output = run("provenance", DEMO_SHEET).output
    assert f"also in: {hothardware} (normalised)" in output
    assert "shared passages" in output


def test_many_quotes_when_no_long_quote_shares_a_passage_other_sources_share(run, tmp_path) -> None:
    """Two sources share a passage; the one quote long enough to be looked up by shared
    passages stands only in a third: `provenance` says so (it stopped on an IndexError)."""
    sheet = tmp_path / "m.json"
    run("new", str(sheet), "--title", "M")
    own = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda my unique words here."
    shared = "Shared passage one two three four five six seven eight nine ten words"
    ids = []
    for name, text in (("a", own), ("b", shared), ("c", shared)):
        (tmp_path / f"{name}.txt").write_text(text)
        added = run("source", "add", str(sheet), "--file", str(tmp_path / f"{name}.txt"), "--json")
        ids.append(json.loads(added.output)["id"])
    claim = json.loads(run("claim", "add", str(sheet), "Claim", "--json").output)["id"]
    run("quote", "add", str(sheet), claim, ids[0], " ".join(own.split()[:10]))
    output = run("provenance", str(sheet)).output
    assert "also in" not in output
    [pair] = [line for line in output.splitlines() if ids[1] in line and ids[2] in line]
    assert pair.endswith("1 passage(s), longest 13 words: " + shared.lower())


def test_a_shared_passage_in_chinese_is_counted_in_words_as_the_index_counts_them(
    run, tmp_path
) -> None:
    """Chinese has no spaces between words: the index takes every two characters in a row
    for a word, and `provenance` counts a shared passage's words the same way (it said
    "longest 1 words" under "8 or more words in common")."""
    sheet = tmp_path / "zh.json"
    run("new", str(sheet), "--title", "ZH")
    chinese = "小米表示我们可以卖出一百亿部智能手机但不会在任何设备上赚钱"
    for name, before in (("a", "新闻一"), ("b", "报道二")):
        (tmp_path / f"{name}.txt").write_text(f"{before}。{chinese}。")
        run("source", "add", str(sheet), "--file", str(tmp_path / f"{name}.txt"))
    output = run("provenance", str(sheet)).output
    assert f"1 passage(s), longest {len(chinese) - 1} words: {chinese}" in output


def test_sources_with_nothing_in_common_share_no_passage() -> None:
    texts = {"a": "one two three four five six seven eight nine", "b": "nine eight seven"}
    assert shared_passages(texts) == []


CHROME = "Leave a Reply. Your email address will not be published. Required fields are marked"


def _page(n: int, body: str) -> str:
    words = " ".join(f"word{n}x{k}" for k in range(40))
    return f"{words}. {body} {words}. {CHROME}"


def test_page_chrome_is_common_text_not_a_shared_origin() -> None:
    from factsheet.provenance import PassageIndex

    wire = "The ministry said exports of handsets fell by a third in the second quarter"
    texts = {f"s-{n}": _page(n, wire if n in (1, 7) else "") for n in range(12)}
    sites = {f"s-{n}": "news.example" if n < 6 else f"other{n}.example" for n in range(12)}
    reuse = PassageIndex(texts, sites).shared_passages()
    assert [(r.first, r.second) for r in reuse.pairs] == [("s-1", "s-7")]  # the wire story
    assert any("leave a reply" in c.passage for c in reuse.common)
    assert all("leave a reply" not in p for r in reuse.pairs for p in r.passages)


def test_also_in_finds_retyped_and_says_when_text_is_common() -> None:
    from factsheet.model import Quote
    from factsheet.provenance import PassageIndex

    wire = "Wir könnten 10 Milliarden Smartphones verkaufen und würden an keinem Gerät verdienen"
    texts = {f"s-{n}": _page(n, wire if n < 3 else "") for n in range(12)}
    texts["s-2"] = texts["s-2"].replace("Milliarden", "Millarden")  # a typo on the page
    texts["s-3"] = _page(3, wire.replace("10 Milliarden", "20 Milliarden"))  # another number
    index = PassageIndex(texts, {f"s-{n}": f"site{n}.example" for n in range(12)})
    quote = Quote(id="q-1", claim="c-1", source="s-0", text=wire)
    found = index.also_in(quote)
    assert [(p.source_id, p.status) for p in found.places] == [
        ("s-1", "exact"),
        ("s-2", "fuzzy"),  # a typo: the same words
        ("s-3", "reworded"),  # says something else there: never passed off as the same
    ]
    assert not found.common
    shown = elsewhere_line(elsewhere_found(quote.id, found), {})
    assert shown == "Also in: s-1; s-2; s-3 (reworded)"
    chrome = Quote(id="q-2", claim="c-1", source="s-0", text=CHROME)
    common = index.also_in(chrome)
    assert common.common and len(common.places) >= 10
    # The look stops once the passage is known to be common: the app says "10+", as the
    # CLI does, since the other 11 pages hold it too.
    shown = elsewhere_line(elsewhere_found(chrome.id, common), {})
    assert shown == "Also in 10+ other sources: common text (page chrome or wire copy)"
    many = {q.id: found for q, found in index.also_in_all([quote, chrome])}
    assert many["q-1"] == found
    assert many["q-2"].common


def test_also_in_tells_a_typo_on_the_page_from_a_page_that_says_something_else() -> None:
    """ "fuzzy" only where the page misspells a word (no word of its own) or drops a comma;
    "reworded" where it has another word, even one spelt almost the same ("raise" for
    "rise"), or another number."""
    said = "Prices will rise again next year, the central bank said on Tuesday in its report"
    variants = {
        "s-1": ("Tuesday", "Tuesdya", "fuzzy"),
        "s-2": ("year,", "year", "fuzzy"),
        "s-3": ("rise", "raise", "reworded"),
        "s-4": ("next", "last", "reworded"),
        "s-5": ("Tuesday", "Tuesday 12", "reworded"),
    }
    texts = {"s-0": _page(0, said)}
    texts |= {
        key: _page(n, said.replace(old, new))
        for n, (key, (old, new, _)) in enumerate(variants.items(), start=1)
    }
    found = PassageIndex(texts).also_in(Quote(id="q-1", claim="c-1", source="s-0", text=said))
    assert [(p.source_id, p.status) for p in found.places] == [
        (key, status) for key, (_, _, status) in variants.items()
    ]


def test_a_passage_many_sources_word_a_little_otherwise_is_common_in_cli_and_app() -> None:
    """Eleven pages each reprint a passage with one word of their own: the app and
    `provenance` both call it common text (10+), not one of them listing ten of the pages
    and leaving the eleventh out without a word."""
    said = (
        "Laut Statistischem Bundesamt stieg die Zahl der Beschäftigten im Jahr 2024 um "
        "zwei Prozent auf einen neuen Höchststand von fast sechsundvierzig Millionen Menschen"
    )
    words = said.split()
    texts = {"n-0": _page(0, said)}
    for n in range(1, 12):
        changed = list(words)
        changed[n] = f"Wort{n}"  # one word of its own
        texts[f"n-{n}"] = _page(n, " ".join(changed))
    index = PassageIndex(texts)
    quote = Quote(id="q-1", claim="c-1", source="n-0", text=said)
    one = index.also_in(quote)
    [(_, many)] = list(index.also_in_all([quote]))
    assert one.common and one.at_least and one.total == 10
    assert many == one


def _article(n: int) -> str:
    """A page of its own words (no run of eight words in common with another page)."""
    return " ".join(f"w{n}x{k}" for k in range(60))


def test_pairs_sharing_as_much_are_listed_in_the_order_of_the_sources() -> None:
    # Six pairs, each sharing one passage of the same length: the order of equal pairs used
    # to follow Python's string hashes, which differ from one run to the next.
    texts = {}
    for pair in range(6):
        shared = " ".join(f"p{pair}q{k}" for k in range(12))
        texts[f"s-{pair}a"] = f"{_article(2 * pair)} {shared} {_article(100 + pair)}"
        texts[f"s-{pair}b"] = f"{_article(2 * pair + 1)} {shared} {_article(200 + pair)}"
    found = [(r.first, r.second) for r in shared_passages(texts)]
    assert found == [(f"s-{pair}a", f"s-{pair}b") for pair in range(6)]


def _pages() -> dict[str, str]:
    """Pages quoting one statement as it stands, with other typography, with a word
    retyped, and a page in Chinese; all with the same site chrome."""
    said = "Wir könnten 10 Milliarden Smartphones verkaufen und würden an keinem Gerät verdienen"
    curly = (
        "„Wir könnten 10 Milliarden Smartphones verkaufen – und würden an keinem Gerät verdienen“"
    )
    chinese = "小米表示我们可以卖出一百亿部智能手机但不会在任何设备上赚钱公司首席执行官说"
    texts = {f"s-{n}": _page(n, "") for n in range(14)}
    texts["s-1"] = _page(1, said)
    texts["s-2"] = _page(2, curly.upper())
    texts["s-3"] = _page(3, said.replace("Milliarden", "Millarden"))
    texts["s-4"] = _page(4, "Der Chef sagte: " + said.replace("Wir", "wir") + ".")
    texts["s-5"] = _page(5, chinese)
    texts["s-6"] = _page(6, chinese)
    texts["s-7"] = _page(7, "die Zahlen seien am Montag gemeldet worden, sagte Wei Lin in Peking")
    texts["s-10"] = _page(10, "die Zahlen seien am Montag gemeldet worden, sagte We.")
    wire = "Andere sagten, der Stadtrat werde sich am Donnerstag erneut zu der Frage treffen"
    texts["s-11"] = _page(11, wire)
    texts["s-12"] = _page(12, wire)
    return texts


def _quotes() -> list:
    from factsheet.model import Quote

    said = "Wir könnten 10 Milliarden Smartphones verkaufen und würden an keinem Gerät verdienen"
    return [
        Quote(id="q-1", claim="c-1", source="s-1", text=said),
        Quote(id="q-2", claim="c-1", source="s-0", text=said),
        Quote(id="q-3", claim="c-1", source="s-2", text="Wir könnten 10 Milliarden Smartphones"),
        Quote(id="q-4", claim="c-1", source="s-1", text="Wir könnten … keinem Gerät verdienen"),
        Quote(
            id="q-5",
            claim="c-1",
            source="s-5",
            text="我们可以卖出一百亿部智能手机但不会在任何设备上赚钱",
        ),
        Quote(id="q-6", claim="c-1", source="s-1", text=CHROME),
        Quote(id="q-7", claim="c-1", source="s-9", text="nothing like this stands anywhere"),
        # Its own words, then the site chrome every page has: it stands in no other page.
        Quote(id="q-8", claim="c-1", source="s-8", text=f"Die Brücke öffnet im Mai. {CHROME}"),
        # Its words end inside a word of s-7 ("Wei"): they are not s-7's words.
        Quote(
            id="q-9",
            claim="c-1",
            source="s-10",
            text="die Zahlen seien am Montag gemeldet worden, sagte We",
        ),
        # Cut inside a word in its own source ("Andere"), and so where the same words
        # stand in s-12: the same passage there, word for word.
        Quote(
            id="q-10",
            claim="c-1",
            source="s-11",
            text="dere sagten, der Stadtrat werde sich am Donnerstag erneut zu",
        ),
    ]


def test_many_quotes_at_once_find_what_one_at_a_time_finds() -> None:
    from factsheet.provenance import PassageIndex

    texts = _pages()
    index = PassageIndex(texts, {f"s-{n}": f"site{n}.example" for n in range(14)})
    one_by_one = {quote.id: index.also_in(quote) for quote in _quotes()}
    progress: list[tuple[int, int]] = []
    many = {
        quote.id: found
        for quote, found in index.also_in_all(_quotes(), lambda *at: progress.append(at))
    }
    assert many["q-1"] == one_by_one["q-1"]
    assert [(p.source_id, p.status) for p in many["q-1"].places] == [
        ("s-2", "normalised"),  # other quote marks, a dash, capitals
        ("s-3", "fuzzy"),  # a word misspelt on the page
        ("s-4", "normalised"),
    ]
    assert many["q-2"].source_ids == ["s-1", "s-2", "s-3", "s-4"]
    assert many["q-4"].source_ids == one_by_one["q-4"].source_ids == ["s-2", "s-3", "s-4"]
    assert many["q-5"].source_ids == one_by_one["q-5"].source_ids == ["s-6"]
    assert many["q-6"].common and one_by_one["q-6"].common
    assert not many["q-7"].places and not many["q-7"].common
    assert not many["q-8"].places and not many["q-8"].common  # not "common text"
    assert ("s-7", "exact") not in [(p.source_id, p.status) for p in many["q-9"].places]
    assert [(p.source_id, p.status) for p in many["q-10"].places] == [("s-12", "exact")]
    for quote_id in ("q-3", "q-4", "q-5", "q-7", "q-8", "q-9", "q-10"):
        assert many[quote_id] == one_by_one[quote_id], quote_id
    assert progress and all(0 <= done <= of for done, of in progress)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_a_passage_found_in_a_window_is_anchorings_answer_for_the_whole_text() -> None:
    from factsheet.provenance import PassageIndex
    from factsheet.provenance.index import appearance

    texts = _pages()
    index = PassageIndex(texts)
    said = "Wir könnten 10 Milliarden Smartphones verkaufen und würden an keinem Gerät verdienen"
    passages = [
        said,
        said.upper(),
        "„" + said + "“",
        "keinem Gerät verdienen.",
        "Leave a Reply. Your email address",
        "Milliarden Smartphones verkaufen",
        "illiarden Smartphones",  # inside a word: anchoring does not take it
        "我们可以卖出一百亿部智能手机",
    ]
    for n, source_id in enumerate(index.ids):
        for wanted in passages:
            assert index.check(n, wanted) == appearance(source_id, texts[source_id], wanted), (
                source_id,
                wanted,
            )


def test_folding_with_one_table_is_folding_character_by_character() -> None:
    from factsheet.provenance.text import fold, fold_slowly, origins

    for text in [
        "",
        "  \n Straße\u00a0\u00a0GROSS ﬁnal – “quoted” `tick`  ",
        "plain ascii `text` With Caps\t\tand  runs",
        "\u00adsoft\u00adhyphen and e\u0301 combining",
        "小米 表示，我们 可以",
        " \u00a0Straße – “x”\n\n" * 300,  # long texts are folded as arrays of codes
        "ﬁnal\u00ad Ǆ İ ß\t" * 300,  # characters folding to several, or none
        "\u2028Ä " + "\x00x\ud800 \u3000" * 1000,
    ]:
        folded = fold(text)
        assert folded == fold_slowly(text)
        where = origins(text, folded)
        assert where is not None and len(where) == len(folded)
        assert list(where) == sorted(where)  # in the order of the text


def test_span_array_is_spans_as_an_array() -> None:
    from factsheet.provenance.text import fold, span_array, spans

    for text in [
        "",
        " ",
        "xiaomi makes no money on hardware, it says.",
        " leading and trailing_words 5% x\u0301y ß ä ",
        "小米公司 says 利润 ab",
        "word",
        "words_and ünïcödé, 5%, e\u0301 " * 200,
        "小 米公司abc利润 ・ 小米x ア・イ 12小3 한국어 " * 100,
    ]:
        folded = fold(text)
        assert span_array(folded).tolist() == [list(span) for span in spans(folded)]
        assert span_array(folded).shape == (len(spans(folded)), 2)


def test_a_passage_six_sources_share_is_one_entry_naming_all_six(tmp_path, run) -> None:
    # It used to be one line per pair of them: 15 lines for six sources.
    from factsheet.provenance import PassageIndex

    path = tmp_path / "case.json"
    assert run("new", path, "--title", "Case").exit_code == 0
    retold = "The ministry said exports of handsets fell by a third in the second quarter"
    interview = "we would never make more than five percent on any phone we sell he said"
    for n in range(9):
        shared = retold if n < 6 else interview if n < 8 else ""
        article = tmp_path / f"article{n}.txt"
        article.write_text(f"{_article(n)}. {shared}. {_article(50 + n)}.", encoding="utf-8")
        result = run("source", "add", path, "--file", article, "--title", f"Page {n}")
        assert result.exit_code == 0, result.output
    with Sheet.open(path, writable=False) as sheet:
        ids = [source.id for source in sheet.sources()]
        titles = {source.id: source.title for source in sheet.sources()}
    retelling = sorted(
        (source_id for source_id in ids if titles[source_id] < "Page 6"), key=ids.index
    )
    output = run("provenance", path).output
    listed = output.split("shared passages (8 or more words in common):\n")[1].splitlines()
    assert len(listed) == 2, output
    named = ", ".join(f"{i} ({titles[i]})" for i in retelling[:-1])
    assert listed[0] == (
        f"  {named} and {retelling[-1]} ({titles[retelling[-1]]}): 1 passage(s), longest "
        f"14 words: the ministry said exports of handsets fell by a third in the second quarter"
    )
    pair = [source_id for source_id in ids if titles[source_id] in ("Page 6", "Page 7")]
    assert listed[1].startswith(f"  {pair[0]} (Page {titles[pair[0]][-1]}) and {pair[1]} (")
    assert "five percent" in listed[1]
    with Sheet.open(path, writable=False) as sheet:
        reuse = PassageIndex(source_texts(sheet)).shared_passages()
    assert len(reuse.pairs) == 15 + 1  # every pair is still there for the API
    assert [entry.sources for entry in reuse.shared] == [retelling, pair]


def test_quotes_folded_together_are_each_quote_folded_on_its_own() -> None:
    from factsheet.model import Quote
    from factsheet.provenance.index import _wanted, _wanted_all
    from factsheet.provenance.text import word_hashes

    texts = [
        "Wir könnten 10 Milliarden Smartphones verkaufen",
        "  „Straße“ – GROSS\u00a0\u00a0ﬁnal  ",
        "",
        " — ",
        "one … two [...] three",
        "小米表示 we 可以 x",
        "with a \x00 in it",
        "long " * 600,
        "\u00ad",
    ]
    quotes = [Quote(id=f"q-{n}", claim="c-1", source="s-1", text=t) for n, t in enumerate(texts)]
    quotes.append(
        Quote(
            id="q-x",
            claim="c-1",
            source="s-1",
            text="typed",
            anchor={"exact": "Die Quelle sagt"},
        )
    )
    together = _wanted_all(quotes)
    for quote, (wanted, parts, tokens) in zip(quotes, together, strict=True):
        assert (wanted, parts) == _wanted(quote)
        assert [t.tolist() for t in tokens] == [word_hashes(part).tolist() for part in parts]


def test_word_hashes_are_the_same_for_the_same_words_only() -> None:
    from factsheet.provenance.text import fold, word_hashes, words

    short = "Der Chef sagte, der Chef sage 小米公司 ab ab Ab, " + "x" * 70 + " " + "x" * 70
    for text in [fold(short), fold(f"{short} {short[5:]} " * 3000)]:  # long: hashed by parts
        found = word_hashes(text).tolist()
        said = words(text)
        assert len(found) == len(said)
        assert len(set(zip(found, said, strict=True))) == len(set(found)) == len(set(said))


WIRE = (
    "Der Konzern erklärte am Dienstag, die Marge auf Geräte bleibe auf Dauer unter fünf "
    "Prozent, und verwies auf die hohen Kosten für Speicherchips und Kameramodule"
)


def _long_page(n: int, at: str, passage: str) -> str:
    """A long page (about 40 KB) of its own sentences with `passage` at its "start",
    "middle" or "end"."""
    sentences = [
        f"Absatz {n}-{k}: Satz über Thema {k * 7 % 131} mit Wort{k} und Zahl {k * 13 % 97}."
        for k in range(600)
    ]
    where = {"start": 0, "middle": 300, "end": len(sentences)}[at]
    sentences.insert(where, passage + ".")
    return " ".join(sentences)


class _InWholeTexts:
    """The check "also in" made before it looked for a passage with a word retyped in a
    window: anchoring in the whole text of the source (after the window that finds the
    passage as it is); counts the checks where the window is now used."""

    def __init__(self, index: PassageIndex) -> None:
        self.index = index
        self.windowed = 0

    def __call__(self, n: int, wanted: str) -> Appearance | None:
        index = self.index
        found = index._in_window(n, wanted)
        if found is None and index._near_window(n, wanted) is not None:
            self.windowed += 1
        return found or appearance(index.ids[n], index.texts[index.ids[n]], wanted)


def test_also_in_finds_a_retyped_passage_anywhere_in_a_long_page_as_anchoring_does() -> None:
    """ "Also in" looks for a passage with a word retyped only around where half of it
    stands word for word; it finds what anchoring finds in the whole page, wherever in
    the page it stands, and when half of it stands in several places too."""
    retyped = WIRE.replace("Speicherchips", "Speicherchpis")
    first_half = WIRE[: len(WIRE) // 2]
    texts = {"own": _long_page(0, "middle", WIRE)}
    for n, at in enumerate(("start", "middle", "end"), start=1):
        texts[f"s-{at}"] = _long_page(n, at, retyped)
    texts["s-twice"] = _long_page(4, "end", retyped).replace(
        "Absatz 4-10:", first_half + ". Absatz 4-10:"
    )
    # A teaser repeats the first half word for word; the passage, further on, has a word
    # retyped in each half (so neither half stands there as it is).
    twice_retyped = retyped.replace("erklärte", "erklärtte")
    texts["s-teaser"] = _long_page(5, "middle", twice_retyped).replace(
        "Absatz 5-10:", first_half + ". Absatz 5-10:"
    )
    index = PassageIndex(texts)
    quote = Quote(id="q-1", claim="c-1", source="own", text=WIRE)
    found = index.also_in(quote)
    assert [(p.source_id, p.status) for p in found.places] == [
        ("s-start", "fuzzy"),
        ("s-middle", "fuzzy"),
        ("s-end", "fuzzy"),
        ("s-twice", "fuzzy"),
        ("s-teaser", "fuzzy"),
    ]
    whole = _InWholeTexts(index)
    assert found == index.also_in(quote, whole)
    assert whole.windowed == 4  # s-twice: in the whole text


def test_also_in_of_a_realistic_sheet_is_anchoring_in_the_whole_text() -> None:
    """On a generated 10k sheet, "also in" with anchoring in windows of the sources finds
    for every sampled quote exactly what anchoring in their whole texts finds, also for
    the quotes with a word retyped (looked for around where half of them stands)."""
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import build

    corpus = build(10_000)
    index = PassageIndex(corpus.texts)
    quotes = [Quote.from_dict(record) for record in corpus.tables["quotes"].values()]
    whole = _InWholeTexts(index)
    for quote in random.Random(5).sample(quotes, 1500):
        assert index.also_in(quote) == index.also_in(quote, whole), quote.id
    assert whole.windowed >= 10  # quotes with a word retyped were among them
