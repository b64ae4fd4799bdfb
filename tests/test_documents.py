"""RawDocument -> Document: id rule, publisher, language, publication date precedence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.documents import (
    DocumentResources,
    detect_language,
    document_id,
    load_document_resources,
    load_publisher_rules,
    normalized_text,
    publisher_of,
    signature_needle,
    to_document,
)
from laborwatch.errors import InputError, ResourceError
from laborwatch.model import PublishedSource, RawDocument

RESOURCES = load_document_resources()
ENGLISH = (
    "The workers were sent to the site in the spring, and they said that their wages "
    "had not been paid for months because the company was in debt to the state."
)


def no_date(text: str) -> str | None:
    return None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (RawDocument(source="corpus/000_abc.txt", text="x"), "000_abc"),
        (RawDocument(source="/a/b/report.v2.html", text="x"), "report.v2"),
        (RawDocument(source="list.json", text="x", id=" given-id "), "given-id"),
        (RawDocument(source="-", text="x", id="stdin-3"), "stdin-3"),
    ],
)
def test_document_id(raw: RawDocument, expected: str) -> None:
    assert document_id(raw) == expected


def test_document_id_refused() -> None:
    with pytest.raises(InputError):
        document_id(RawDocument(source="-", text="x"))
    with pytest.raises(InputError):
        document_id(RawDocument(source="a.txt", text="x", id="z" * 300))


@pytest.mark.parametrize(
    ("url", "text", "publisher"),
    [
        ("https://www.dailynk.com/english/some-story/", "", "Daily NK"),
        ("https://en.yna.co.kr/view/AEN2024", "", "Yonhap News Agency"),
        ("https://www.bbc.co.uk/news/world-asia-1", "", "BBC"),
        ("https://edition.cnn.com/2024/asia/x", "", "CNN"),
        ("https://unknown-outlet.example/story", "", "unknown-outlet.example"),
        (None, "Body of the report.\n\nQuestions to the desk: tips@uni-media.net", "Daily NK"),
        (None, "SEOUL, May 3 (Yonhap) -- Officials said ...", "Yonhap News Agency"),
        (None, "MOSCOW (Reuters) - A minister said ...", "Reuters"),
        (None, "Body.\n\n(Reporting by A. Writer; editing by B. Editor)", None),
        (None, "Headline\n\nLIMA, May 3, 2024 (Andes Post) - A minister said", "Andes Post"),
        ("https://andes.example/x", "LIMA, May 3 (Andes Post) - A minister", "andes.example"),
        (None, "A long story that mentions nobody's address at all.", None),
        # an outlet quoted in the middle of someone else's story is not the publisher
        (None, "Intro. " * 200 + "Reuters reported that (Reuters) - x " + "End. " * 600, None),
    ],
)
def test_publisher(url: str | None, text: str, publisher: str | None) -> None:
    assert publisher_of(url, text, RESOURCES.publishers) == publisher


def test_publisher_table_is_broad() -> None:
    outlets = {rule.publisher for rule in RESOURCES.publishers}
    for name in (
        "Daily NK",
        "NK News",
        "Radio Free Asia",
        "Voice of America",
        "TASS",
        "Meduza",
        "Korean Central News Agency",
        "The Diplomat",
        "38 North",
        "Kyodo News",
    ):
        assert name in outlets
    assert len(outlets) >= 40


@pytest.mark.parametrize(
    ("pattern", "needle"),
    [
        (r"\(Reuters\)\s*(-|—|–)", "Reuters"),  # the alternation is optional to the test
        (r"Daily NK(’s|'s)? (works with|staff)", "Daily"),
        (r"Copyright \d{4} The Associated Press", "Associated"),
        (r"(?i)daily nk", None),  # case-insensitive: no plain substring test
        (r"Reuters|AP", None),  # alternatives at the top: no word is required
        (r"Pressure?", None),  # a word a quantifier shortens is not required as written
        (r"\Sfoo", None),
        (r"NK News \|", "NK"),  # an escaped bar is a sign, not alternatives
        # lower-case words are too common, but an address needs its "@"
        (r"By .{3,60}\(\S+@heraldcorp\.com\)", "@"),
        (r"(?i)news@daily\.example", "@"),
        (r"desk(@wire\.example)?", None),  # an optional address is not required
        (r"desk[@ ]wire", None),  # nor is one sign of a class
        (r"desk@?wire", None),
    ],
)
def test_signature_needle(pattern: str, needle: str | None) -> None:
    assert signature_needle(pattern) == needle


def test_publisher_table_rejects_bad_rows() -> None:
    with pytest.raises(ResourceError, match="line 1"):
        load_publisher_rules("Outlet\tnowhere\tx\n")
    with pytest.raises(ResourceError, match="bad pattern"):
        load_publisher_rules("Outlet\tsignature\t(unclosed\n")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        ("북한 노동자들이 러시아 건설 현장에 파견되었다고 소식통이 전했다.", "ko"),
        ("Северокорейские рабочие прибыли на стройку во Владивостоке.", "ru"),
        ("朝鲜工人被派往俄罗斯的建筑工地。", "zh"),
        ("北朝鮮の労働者がロシアに派遣されたと伝えられている。", "ja"),
        ("Les travailleurs nord-coréens sont arrivés sur le chantier avec leurs chefs.", None),
        ("Die Arbeiter aus Nordkorea kamen im Winter mit dem Zug in der Stadt an.", None),
        ("12345 --- !!!", None),
        # a heading and a list first: English shows only further on
        (
            "# Counting North Korean Labour In Russia: Border Data\n\n*Pacific Labour Policy"
            " Institute · Policy Brief No. 7 · 14 April 2025*\n\n## Key Findings\n\n- Russian"
            " Border Statistics Show 13,000 North Korean Citizens Came Into Russia In 2024.\n"
            "- Student Visas Accounted For Roughly 8,000 Arrivals.\n\n"
            + "Most of them were sent to work on the building sites of the capital, and the rest"
            " went to the east of the country, where they are kept in camps by their minders. " * 3,
            "en",
        ),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text, RESOURCES.english_stopwords) == language


@pytest.mark.parametrize(
    ("raw", "inferred", "published", "source"),
    [
        (
            RawDocument("a.json", "t", published="2024-03", published_source=PublishedSource.GIVEN),
            "2020",
            "2024-03",
            PublishedSource.GIVEN,
        ),
        (
            RawDocument(
                "a.html", "t", published="2024-03-09", published_source=PublishedSource.PAGE
            ),
            "2020",
            "2024-03-09",
            PublishedSource.PAGE,
        ),
        (RawDocument("a.txt", "t"), "2023-11", "2023-11", PublishedSource.INFERRED),
        (RawDocument("a.txt", "t"), None, None, None),
    ],
)
def test_published_precedence(
    raw: RawDocument, inferred: str | None, published: str | None, source: PublishedSource | None
) -> None:
    document = to_document(raw, RESOURCES, lambda text: inferred)
    assert (document.published, document.published_source) == (published, source)


def test_to_document_normalises_text_and_keeps_metadata() -> None:
    raw = RawDocument(
        source="x/report.txt", text="\r\n  Cafe\u0301 crews.\r\nNext line.  \n", tags=("a", "b")
    )
    document = to_document(raw, RESOURCES, no_date)
    assert document.text == "Café crews.\nNext line."
    assert document.id == "report" and document.tags == ("a", "b")
    assert document.language is None  # four words without a function word: cannot tell


def test_to_document_refuses_empty_text() -> None:
    with pytest.raises(InputError):
        to_document(RawDocument("a.txt", " \n "), RESOURCES, no_date)


@given(st.text())
def test_normalized_text_is_stable(text: str) -> None:
    once = normalized_text(text)
    assert normalized_text(once) == once


@given(st.text())
def test_detect_language_never_crashes(text: str) -> None:
    assert detect_language(text, RESOURCES.english_stopwords) in (
        None,
        "en",
        "ko",
        "ru",
        "zh",
        "ja",
    )


def test_resources_type() -> None:
    assert isinstance(RESOURCES, DocumentResources)
