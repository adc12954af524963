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


def test_a_one_or_two_word_first_line_repeated_in_the_footer_does_not_decide_the_title() -> None:
    # In a text browser's dump the first line is the site's logo, not a <title>.
    text = (
        f"Valley Courier\n\n{menu(5)}\n  \u2022 Contact\n\nValley Courier\n\n"
        f"{HEADLINE}\n\nPublished 1 day ago\n\n{BODY}"
    )
    assert extract_text(text).title == HEADLINE


def test_the_body_may_start_with_its_headline() -> None:
    from harness.rendered.blocks import split_lines
    from harness.rendered.title import heading_line

    lines = split_lines(f"{menu(3)}\n{HEADLINE}\n{PARAGRAPH}\n")
    headline = next(line for line in lines if line.text == HEADLINE)
    assert heading_line(lines, headline.index) == headline


def test_a_headline_far_above_the_body_is_found_by_its_url() -> None:
    # A gallery of 30 captioned images between the headline and the article.
    gallery = "".join(f"Picture {n} of the flooded valley road\n\n" for n in range(30))
    text = f"{menu(4)}\n{HEADLINE}\n\n{gallery}{BODY}"
    url = "https://courier.example/news/water-utility-report-calls-for-tougher-rules"
    assert extract_text(text, url=url).title == HEADLINE


def test_a_breadcrumb_run_into_the_headline_loses_to_the_headline_itself() -> None:
    text = f"{menu(4)}\nHome News Regional News {HEADLINE}\n\n{HEADLINE}\n\n{BODY}"
    assert extract_text(text).title == HEADLINE


def test_a_table_row_drawn_with_box_characters_is_never_the_title() -> None:
    row = "n \u2502 zscore \u2502 is_anomaly \u2502 measured value"
    text = f"{HEADLINE}\n\n{menu(8)}\n{row}\n\n{BODY}"
    assert extract_text(text).title == HEADLINE


def test_time_stamps_bylines_and_icon_labels_run_into_a_headline_are_cut() -> None:
    from harness.rendered.title import strip_suffix

    assert strip_suffix(f"17:27 GMT {HEADLINE}") == HEADLINE
    assert strip_suffix(f"{HEADLINE} by Madeline Fry") == HEADLINE
    assert strip_suffix(f"{HEADLINE} \u2013 By Lorraine Weightman") == HEADLINE
    assert strip_suffix(f"{HEADLINE} chevron_left Browse All Posts") == HEADLINE
    for title in ("Stand by Me and the Songs of 1961", "Hundreds of homes destroyed by the fire"):
        assert strip_suffix(title) == title


def test_every_title_feature_is_weighed() -> None:
    from harness.rendered.blocks import split_lines
    from harness.rendered.title import _WEIGHTS, read_page, title_features

    lines = split_lines(f"{HEADLINE}\n\n{BODY}")
    assert set(title_features(read_page(lines, 1, None), lines[0])) == set(_WEIGHTS)


def test_lynxs_list_of_document_links_on_the_first_line_is_not_the_title() -> None:
    text = (
        "#alternate alternate alternate alternate Courier | Valley News\n\n"
        f"{menu(5)}\n{HEADLINE}\n\nBy Jane Doe\n\n{BODY}"
    )
    extraction = extract_text(text)
    assert extraction.title == HEADLINE
    assert not any("Feed" in line for line in extraction.body)


def test_a_first_line_of_skip_links_is_no_document_title() -> None:
    text = (
        "Zum Inhalt / Zur Courier.de-Navigation\n\n"
        f"{menu(4)}\n{HEADLINE}\n\nBy Jane Doe, March 3, 2024\n\n{BODY}"
    )
    assert extract_text(text).title == HEADLINE
    # A document title with a site part still gives the title when no line repeats it.
    text = text.replace("Zum Inhalt / Zur Courier.de-Navigation", "Utility Rules in Full | Courier")
    assert extract_text(text).title == "Utility Rules in Full"
