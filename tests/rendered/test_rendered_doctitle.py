"""The document title on the first line: its parts, its headline and the line repeating it."""

from __future__ import annotations

from harness.rendered import extract_text
from harness.rendered.blocks import split_lines
from harness.rendered.doctitle import document_title, find_echo, headline_part

PARAGRAPH = (
    "The committee published its final report on Tuesday, concluding a two-year inquiry "
    "into the collapse of the regional water utility and its consequences for customers."
)


def test_headline_part_drops_short_site_and_section_parts_only() -> None:
    assert headline_part("Water Rules Tighten Again | Courier") == "Water Rules Tighten Again"
    assert headline_part("Water Rules Tighten Again ✩ Courier \u2013 the daily paper") == (
        "Water Rules Tighten Again"
    )
    assert headline_part("Courier | Water Rules Tighten Again") == "Water Rules Tighten Again"
    assert headline_part("Armenia - Azerbaijan Talks Resume - Site") == (
        "Armenia - Azerbaijan Talks Resume"
    )
    assert headline_part("Trips") == "Trips"


def test_a_leading_part_repeated_on_the_page_is_the_headline_even_when_shorter() -> None:
    text = (
        "Walks Around the Harbour - Part 2 - Anna Berg - Travel Notes and Photographs | Hub\n\n"
        "Menu\n\nWalks Around the Harbour\n\nAnna Berg\n\n" + PARAGRAPH + "\n"
    )
    lines = split_lines(text)
    title = document_title(lines)
    assert title is not None
    echo = find_echo(lines, title, len(lines) - 1)
    assert echo is not None and echo.text == "Walks Around the Harbour" and echo.line.index == 2


def test_the_site_name_repeated_in_the_footer_is_not_the_headline() -> None:
    text = "Harbour Gazette\n\nHome News\n\n" + f"{PARAGRAPH}\n\n" * 6 + "Harbour Gazette\n"
    lines = split_lines(text)
    title = document_title(lines)
    assert title is not None and find_echo(lines, title, 2) is None


def test_a_headline_far_above_the_body_is_found_through_the_document_title() -> None:
    menu = "".join(f"  • Section {n}\n" for n in range(40))
    text = (
        "Water Utility Report Calls for Tougher Rules ✩ Courier \u2013 news for the valley\n\n"
        f"Water Utility Report Calls for Tougher Rules\n\n{menu}\nMore on this\n\n"
        f"{PARAGRAPH}\n\n{PARAGRAPH.replace('Tuesday', 'Monday')}\n"
    )
    assert extract_text(text).title == "Water Utility Report Calls for Tougher Rules"


def test_a_first_line_without_blank_after_is_not_a_document_title() -> None:
    lines = split_lines("Home | News | Sport\nWorld\n\n" + PARAGRAPH + "\n")
    assert document_title(lines) is None
