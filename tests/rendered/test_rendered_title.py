"""The headline of a page without a document title line (a ``w3m -dump``): which line above the
body is chosen, and which furniture lines never are."""

from __future__ import annotations

from harness.rendered import extract_text

HEADLINE = "Water Utility Report Calls for Tougher Rules"
PARAGRAPH = (
    "The committee published its final report on Tuesday, concluding a two-year inquiry "
    "into the collapse of the regional water utility and its consequences for customers."
)
SECOND = (
    "Its authors recommend that regulators gain new powers to inspect the finances of "
    "private utilities every year, and to replace their boards when they fail to invest."
)
BODY = f"{PARAGRAPH}\n\n{SECOND}\n"


def menu(items: int) -> str:
    return "".join(f"  \u2022 Section {n}\n" for n in range(items))


def test_a_stand_alone_headline_beats_a_closer_run_of_short_lines() -> None:
    text = (
        f"Home\n\n{HEADLINE}\n\n{menu(4)}\nRegional desk and valley news\n"
        "Local stories from around the valley\nWeather and traffic for commuters\n\n" + BODY
    )
    assert extract_text(text).title == HEADLINE


def test_a_tool_row_repeated_below_the_article_is_not_an_echoed_headline() -> None:
    tools = "Send this report to a friend\nPrint a copy of this report\n"
    text = f"{HEADLINE}\n\n{menu(6)}\n{tools}\n{BODY}\n{tools}"
    assert extract_text(text).title == HEADLINE


def test_widget_text_and_date_labels_are_never_the_headline() -> None:
    for furniture in (
        "Search the Courier archive: [ ] [Search]",
        "Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM",
    ):
        text = f"{HEADLINE}\n\n{menu(4)}\n{furniture}\n\n{BODY}"
        assert extract_text(text).title == HEADLINE, furniture


def test_a_two_word_label_near_the_body_loses_to_the_headline_further_up() -> None:
    text = f"{HEADLINE}\n\n{menu(9)}\nValley Courier\n\n{BODY}"
    assert extract_text(text).title == HEADLINE


def test_a_headline_repeated_by_a_numbered_breadcrumb_is_preferred() -> None:
    text = (
        f"1. Home\n2. Press releases\n3. {HEADLINE}\n\n{HEADLINE}\n\n"
        "Regulators Will Inspect Private Utilities Every Year\n\n" + BODY
    )
    assert extract_text(text).title == HEADLINE
