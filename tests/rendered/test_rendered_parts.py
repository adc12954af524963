"""Unit tests of the parts: lines, title, body, dates choice, authors, language, render."""

from __future__ import annotations

from harness.rendered import extract_text, render_html
from harness.rendered.blocks import count_words, split_lines, wrap_width
from harness.rendered.language import detect_language
from harness.rendered.title import strip_suffix, url_words

PARAGRAPH = (
    "The committee published its final report on Tuesday, concluding a two-year inquiry "
    "into the collapse of the regional water utility and its consequences for customers."
)
SECOND = (
    "Its authors recommend that regulators gain new powers to inspect the finances of "
    "private utilities every year, and to replace their boards when they fail to invest."
)


def test_wrapped_dump_lines_are_joined_into_paragraphs() -> None:
    text = (
        "Some heading\n\n"
        "The committee published its final report on Tuesday, concluding a\n"
        "two-year inquiry into the collapse of the regional water utility and\n"
        "its consequences for customers, the latest in a series of reports.\n\n"
        "  • Menu item\n  • Another item\n"
    )
    lines = split_lines(text)
    assert lines[1].text.startswith("The committee") and lines[1].text.endswith("reports.")
    assert [line.bullet for line in lines] == [False, False, True, True]


def test_unwrapped_text_has_no_wrap_width() -> None:
    assert wrap_width([20, 150, 3, 90, 230]) is None
    assert wrap_width([78, 80, 75, 30, 79, 12]) == 80


def test_body_skips_menus_share_links_related_and_footer() -> None:
    text = (
        "  • Home\n  • World\n  • Sport\n\nWater Utility Report Calls for Tougher Rules\n\n"
        f"By Ann Lee\nMarch 3, 2021\n\nShare\nTweet\n\n{PARAGRAPH}\n\n{SECOND}\n\n"
        "Related Articles\n  • Utility boss resigns\n  • Bills to rise in April\n\n"
        "© 2021 Daily Courier. All rights reserved.\n"
    )
    result = extract_text(text)
    assert result.body == (PARAGRAPH, SECOND)
    assert result.title == "Water Utility Report Calls for Tougher Rules"
    assert result.authors == ("Ann Lee",)
    assert result.published == "2021-03-03"


def test_title_prefers_the_line_matching_the_url_slug() -> None:
    text = (
        "Breaking News Live\n\nWater Utility Report Calls for Tougher Rules\n\n"
        f"Opinion and analysis\n\n{PARAGRAPH}\n\n{SECOND}\n"
    )
    url = "https://example.org/news/water-utility-report-calls-for-tougher-rules-123"
    assert extract_text(text, url=url).title == "Water Utility Report Calls for Tougher Rules"
    assert url_words(url) >= {"water", "utility", "tougher"}


def test_title_site_suffix_is_stripped_only_when_clearly_a_suffix() -> None:
    assert strip_suffix("Water Utility Report Calls for Tougher Rules | Courier") == (
        "Water Utility Report Calls for Tougher Rules"
    )
    assert strip_suffix("Peace | Love") == "Peace | Love"
    assert strip_suffix("Armenia - Azerbaijan Talks Resume") == "Armenia - Azerbaijan Talks Resume"


def test_capture_date_at_top_and_dates_in_body_and_footer_are_not_published() -> None:
    text = (
        "July 7, 2025\n\n  • Home\n  • News\n  • Sport\n  • Contact\n  • About\n\n"
        "Water Utility Report Calls for Tougher Rules\n\n"
        f"{PARAGRAPH} It met on January 5, 2021.\n\n{SECOND}\n\n"
        "© 2025 Daily Courier, updated June 1, 2025\n"
    )
    result = extract_text(text)
    assert result.published is None
    assert result.updated is None


def test_update_label_decides_which_date_is_updated() -> None:
    text = (
        "Water Utility Report Calls for Tougher Rules\n\n"
        "Aktualisiert: 02.03.2021, 08:00 Uhr — Erstellt: 01.03.2021, 17:00 Uhr\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    result = extract_text(text)
    assert result.published == "2021-03-01T17:00:00"
    assert result.updated == "2021-03-02T08:00:00"


def test_language_detection() -> None:
    assert detect_language(PARAGRAPH) == "en"
    assert (
        detect_language(
            "Der Stadtrat hat am Dienstag mit der Mehrheit die Pläne für die Stadt beschlossen."
        )
        == "de"
    )
    assert (
        detect_language("Le conseil a présenté un plan pour les lignes de la région et des villes.")
        == "fr"
    )
    assert detect_language("12345 67890") is None


def test_language_of_unspaced_and_hangul_scripts_comes_from_the_script() -> None:
    assert detect_language("经过四年建设，全长二十八公里的地铁新线路今天上午正式开通运营。") == "zh"  # noqa: RUF001
    assert detect_language("新しい路線は今日の午前に開業し、二十一の駅が設けられています。") == "ja"
    assert detect_language("새 지하철 노선이 오늘 오전에 정식으로 개통되었습니다.") == "ko"


def test_chinese_and_japanese_words_are_counted_by_characters() -> None:
    # One ``\w+`` token, but a sentence: counted as prose, like a spaced sentence would be.
    sentence = "经过四年建设全长二十八公里的地铁新线路今天上午正式开通运营"
    assert count_words(sentence) == 20
    assert count_words("Der Stadtrat hat beschlossen") == 4
    assert count_words("新线路 opens today") == 4
    assert count_words("새 지하철 노선이 개통") == 4  # Korean is spaced: its words are tokens


def test_render_html_keeps_blocks_and_drops_scripts() -> None:
    html = (
        "<html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<nav><ul><li>Home</li><li>News</li></ul></nav><h1>Heading</h1>"
        "<p>First paragraph.</p><p>Second <b>bold</b> paragraph.</p></body></html>"
    )
    text = render_html(html)
    assert "var x" not in text
    assert "First paragraph.\n\nSecond bold paragraph." in text
    assert "Home\n" in text and "Heading" in text
    assert render_html("   ") == ""


def test_rendered_html_goes_through_the_text_extractor() -> None:
    html = (
        "<html><body><ul><li><a href='/'>Home</a></li><li>World</li></ul>"
        "<h1>Water Utility Report Calls for Tougher Rules</h1><p>March 3, 2021</p>"
        f"<p>{PARAGRAPH}</p><p>{SECOND}</p><footer>© 2021 Courier</footer></body></html>"
    )
    result = extract_text(render_html(html))
    assert result.body == (PARAGRAPH, SECOND)
    assert result.title == "Water Utility Report Calls for Tougher Rules"
    assert result.published == "2021-03-03"


def test_empty_and_menu_only_pages_give_an_empty_result() -> None:
    assert extract_text("").body == ()
    menu = extract_text("  • Home\n  • News\n  • Contact\n")
    assert menu.body == () and menu.title is None and menu.published is None


def test_wrap_width_tolerates_a_few_overflowing_lines() -> None:
    assert wrap_width([155, 119, 118, 119, 110, 40, 119, 12]) == 119
    assert wrap_width([263, 150, 119, 117, 118, 60]) == 119


def test_render_html_puts_the_document_title_first_but_not_svg_titles() -> None:
    html = (
        "<html><head><title>Water Rules | Courier</title></head><body>"
        "<svg><title>icon</title></svg><p>First paragraph.</p></body></html>"
    )
    assert render_html(html).startswith("Water Rules | Courier\n\nFirst paragraph.")
    assert render_html("<svg><title>icon</title></svg><p>Text.</p>").startswith("Text.")


def test_title_echoed_by_the_document_title_beats_a_closer_subtitle() -> None:
    html = (
        "<html><head><title>Water Utility Report Calls for Tougher Rules | Courier</title>"
        "</head><body><h1>Water Utility Report Calls for Tougher Rules</h1>"
        "<h2>Regulators should gain new powers over private firms</h2><p>March 3, 2021</p>"
        f"<p>{PARAGRAPH}</p><p>{SECOND}</p></body></html>"
    )
    result = extract_text(render_html(html))
    assert result.title == "Water Utility Report Calls for Tougher Rules"
    assert result.body == (PARAGRAPH, SECOND)


def test_an_image_credit_is_never_the_title() -> None:
    text = (
        "Water Utility Report Calls for Tougher Rules\n\n"
        f"Photo: Ann Lee / Daily Courier\n\n{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).title == "Water Utility Report Calls for Tougher Rules"


def test_a_paragraph_about_cookies_inside_an_article_is_kept_but_a_notice_is_not() -> None:
    notice = "We use cookies to improve your experience. By continuing you agree to our policy."
    cookies = (
        "Advertisers place cookies on the pages of other sites, so a visit to a news site can "
        "tell them which articles a person reads, even without an account anywhere."
    )
    text = f"{notice}\n\nAccept\n\n{PARAGRAPH}\n\n{cookies}\n\n{SECOND}\n"
    assert extract_text(text).body == (PARAGRAPH, cookies, SECOND)


def test_a_line_of_code_is_neither_an_end_marker_nor_furniture() -> None:
    from harness.rendered.boilerplate import is_boilerplate, is_end_marker, is_hard_end

    code, label = split_lines("next(reader);\n\nNext story\n")
    assert not is_hard_end(code) and not is_end_marker(code) and not is_boilerplate(code)
    assert is_hard_end(label)


def test_an_article_split_by_a_long_table_is_kept_whole() -> None:
    before = (
        f"{PARAGRAPH}",
        f"{SECOND}",
        "The inquiry heard from engineers, customers and former directors over forty days "
        "of public hearings, and it published every document it received on its website.",
    )
    after = (
        "The table shows that the utility spent less on its pipes in every year after it was "
        "sold, while the dividends paid to its owners rose in all but one of those years.",
        "Regulators say they saw the figures at the time but lacked the power to act on them, "
        "a claim the committee rejects in the strongest terms in its final chapter.",
        "The government has promised to respond to the report in full before the summer, and "
        "ministers are expected to accept most of its recommendations without changes.",
    )
    table = "\n".join(f"{2004 + year} {120 - 3 * year} {40 + 5 * year}" for year in range(16))
    text = (
        "  • Home\n  • News\n\nWater Utility Report Calls for Tougher Rules\n\n"
        + "\n\n".join(before)
        + f"\n\nYear Investment Dividends\n{table}\n\n"
        + "\n\n".join(after)
        + "\n\nRelated Articles\n  • Utility boss resigns\n  • Bills to rise in April\n"
    )
    body = extract_text(text).body
    assert body[:3] == before and body[-3:] == after
    assert "Related Articles" not in body and "Utility boss resigns" not in body


def test_a_long_comment_thread_does_not_outweigh_a_short_article() -> None:
    subjects = ("the pipes", "the dividends", "the boards")
    comments = []
    for number, (name, day) in enumerate((("Milan", 12), ("Alex", 17), ("Gary M", 19))):
        paragraphs = [
            f"I have a question about {subject} that the report mentions in chapter {number}. "
            f"Could you say how {subject} were counted, and whether the figures for {subject} "
            f"came from the utility itself or from the regulator's own inspectors?"
            for subject in subjects[number:]
        ]
        comments.append(
            f"{name} on September {day}, 2018 at 4:4{number} pm said:\n\n" + "\n\n".join(paragraphs)
        )
    text = (
        "Water Utility Report Calls for Tougher Rules\n\nSeptember 10, 2018 | by Catherine\n\n"
        f"{PARAGRAPH}\n\nComments\n\n" + "\n\n".join(comments) + "\n\nComments are closed.\n"
    )
    result = extract_text(text)
    assert result.body == (PARAGRAPH,)
    assert result.published == "2018-09-10"


def test_comment_headers_and_headings_are_recognised() -> None:
    from harness.rendered.boilerplate import is_comment_meta, is_comments_heading

    header, plain, heading, rated, article = split_lines(
        "Catherine (GiveWell) on September 13, 2018 at 5:23 pm said:\n\n"
        "In a statement released on Tuesday, the company's spokesperson said:\n\n"
        "12 Comments\n\nTop Rated Comments\n\nThe comments were read out in court.\n"
    )
    assert is_comment_meta(header) and not is_comment_meta(plain)
    assert is_comments_heading(heading) and is_comments_heading(rated)
    assert not is_comments_heading(article)


SECTIONS = (
    (
        "The first step is to count the requests that each status code received in every "
        "minute, so that a sudden change stands out against the usual level of traffic.",
        "A table with one row per minute and status code is enough for that, as long as "
        "minutes without any request still get a row with a count of zero in it.",
        "Most web servers write a line for every request to their access log, with the time, "
        "the path and the status code, which is all the data this method needs.",
        "Loading those lines into a database takes a few minutes with the usual tools, and "
        "the counts can then be kept up to date by a small job that runs every minute.",
        "The method needs no extra software: the database that already holds the logs does "
        "all the work, and its results can be read by any dashboard the team uses.",
        "It will not find every kind of problem, but it finds the sudden ones that matter "
        "most, such as a failed deployment or a broken link from a popular page.",
        "The rest of this article shows each step with a query that can be copied, and the "
        "results of those queries on a day of traffic from a small web application.",
    ),
    (
        "The second step compares the last minute with the mean of the hour before it. The "
        "distance from the mean, in standard deviations, is the z-score of that minute.",
        "A z-score above three is rare in normal traffic, so it makes a good first threshold "
        "for an alert, which can be lowered later when it proves too quiet.",
        "Both the mean and the deviation come from the same query, so the whole check is a "
        "single statement that any database with window functions can run quickly.",
    ),
    (
        "The third step runs the same query on old data to see how many alerts it would "
        "have raised. Too many alerts are ignored, and too few miss the real incidents.",
        "Tuning the threshold and the length of the window on past incidents is what turns "
        "the query from a toy into something a team can rely on at night.",
        "Old incidents are easy to find in the notes of past outages, and each one shows "
        "whether the query would have caught it and how soon it would have done so.",
    ),
)


def test_an_article_split_by_several_code_blocks_is_kept_whole() -> None:
    columns = [f"column_{n}," for n in range(14)]
    code = "\n".join(["SELECT", "count(*) AS entries", "FROM", "GROUP BY", *columns, "n;"])
    parts = ["\n\n".join(section) for section in SECTIONS]
    text = (
        "Simple Anomaly Detection Using Plain SQL\n\n"
        + f"\n\n{code}\n\n".join(parts)
        + "\n\nSimilar articles\n  • Some SQL tricks\n"
    )
    # The first section weighs twice as much as each later one, which is still part of it.
    body = extract_text(text).body
    prose = tuple(p for section in SECTIONS for p in section)
    assert tuple(p for p in body if p in prose) == prose
    assert body[0] == prose[0] and body[-1] == prose[-1]
    assert "SELECT" in body  # the code between the parts is part of the article too


def test_a_teaser_lists_summaries_count_little_but_an_articles_paragraphs_do_not() -> None:
    from harness.rendered.values import line_values, teaser_summaries

    teasers = "\n\n".join(
        f"Story number {n} about the utility\n\nA one-paragraph summary of story {n}, which "
        f"tells the reader what the story is about and why it matters to customers."
        for n in range(5)
    )
    lines = split_lines(f"Latest news\n\n{teasers}\n")
    summaries = teaser_summaries(lines)
    assert summaries == frozenset(range(2, 11, 2))
    values = line_values(lines)
    assert all(values[at] == lines[at].words * 0.2 for at in summaries)
    # An article whose sections are a subheading and two paragraphs has no teaser list.
    article = "\n\n".join(
        f"Section {n}\n\nPart {n}: {PARAGRAPH}\n\nIn part {n}, {SECOND[0].lower()}{SECOND[1:]}"
        for n in range(5)
    )
    assert teaser_summaries(split_lines(article)) == frozenset()


def test_labels_with_arrows_or_counts_are_end_markers_but_code_is_not() -> None:
    from harness.rendered.boilerplate import is_end_marker, is_hard_end

    previous, comments, call = split_lines("« Vorige | Nächste »\n\nComments (12)\n\nnext(it)\n")
    assert is_hard_end(previous) and is_hard_end(comments) and is_end_marker(comments)
    assert not is_hard_end(call) and not is_end_marker(call)


def test_the_article_below_the_pages_own_headline_beats_a_heavier_footer() -> None:
    menu = "\n".join(f"  + Menu item {n}" for n in range(12))
    plan = "\n".join(f"Meal {n}\nEat every 2-3 hours\nPortion: 1 Green, 1 Red" for n in range(8))
    legal = (
        "The information provided on this website, including the blogs, community pages and "
        "program materials, was originally intended for a US audience, and regulations in your "
        "country may vary from those that apply there.",
        "Results vary depending on starting point, goals and effort. Exercise and a proper diet "
        "are necessary to achieve and maintain weight loss, and the testimonials shown may have "
        "used more than one product to achieve their results.",
        "Consult your physician and follow all safety instructions before beginning any "
        "exercise program or using any supplement or meal replacement product, especially if "
        "you have any unique medical conditions or needs.",
        "All product names, logos and brands shown on this website are the property of their "
        "respective owners, and their use does not imply any endorsement by those owners.",
    )
    text = (
        f"Meal Prep Plan for Busy Weeks | The Fitness Blog\n\n{menu}\n\n"
        f"Meal Prep Plan for Busy Weeks\n\nNovember 12, 2018\n\n{PARAGRAPH}\n\n{SECOND}\n\n"
        f"{plan}\n\nFacebook\nPinterest\nJoin our newsletter\n\n" + "\n\n".join(legal) + "\n"
    )
    result = extract_text(text)
    assert result.title == "Meal Prep Plan for Busy Weeks"
    assert result.body[:2] == (PARAGRAPH, SECOND)
    assert not any(paragraph in result.body for paragraph in legal)


def test_inscriptis_plus_bullets_are_bullets() -> None:
    (line,) = split_lines("    + Menu item\n")
    assert line.bullet and line.text == "Menu item"


def test_a_long_line_of_names_is_no_paragraph_but_a_long_sentence_without_a_stop_is() -> None:
    from harness.rendered.values import is_prose

    languages = (
        "Other languages: Aragonés Asturianu Català Čeština Cymraeg Deutsch Dolnoserbšćina "
        "Ελληνικά English Esperanto Español Eesti Euskara Français Frysk Gaeilge Galego "
        "Hornjoserbsce Hrvatski Magyar Italiano Nederlands Polski Português Română Svenska"
    )
    names, sentence = split_lines(f"{languages}\n\n{PARAGRAPH[:-1]} and for the city\n")
    assert not is_prose(names)
    assert is_prose(sentence)


def test_javascript_and_advertising_are_furniture_only_as_notices_or_labels() -> None:
    from harness.rendered.boilerplate import is_boilerplate

    lines = split_lines(
        "Please enable JavaScript to view the comments.\n\nAdvertisement\n\n"
        "See logged information and use the console to interact with pages using JavaScript.\n\n"
        "Die Polizei hat Anzeige gegen den Fahrer erstattet, der nach dem Unfall flüchtete.\n"
    )
    assert [is_boilerplate(line) for line in lines] == [True, True, False, False]


def test_a_lead_in_or_a_caption_is_not_the_title() -> None:
    text = (
        "Water Utility Report Calls for Tougher Rules\n\nMarch 2, 2021\n\n"
        f"{PARAGRAPH}\n\nThe utility's treatment works.\n\n{SECOND}\n\n"
        "Here is what the committee found:\n\n"
        "The committee found that the utility had paid its owners more than it had invested "
        "in its pipes in every year since it was sold, and that the regulator knew it.\n"
    )
    assert extract_text(text).title == "Water Utility Report Calls for Tougher Rules"
    lead_in, caption = split_lines("Here is what we found:\n\nThe treatment works.\n")
    from harness.rendered.title import _candidate

    assert not _candidate(lead_in) and _candidate(caption)


def test_a_chinese_headline_is_a_title_candidate() -> None:
    from harness.rendered.title import _candidate

    (line,) = split_lines("城市地铁新线路正式开通运营\n")
    assert _candidate(line)


def test_alt_texts_shown_twice_doubled_texts_and_widget_placeholders_are_left_out() -> None:
    alt = "Give the gift of homemade pear jam for the holidays #ad #canning"
    text = (
        f"Homemade Pear Jam for the Holidays\n\n{PARAGRAPH}\n\n{alt}\n\n{SECOND}\n\n"
        f"[svg][pin-it-later][svg][jam-image]\n\n{alt}\n\nPear JamPear Jam\n\n"
        "The jam keeps for a year in a cool cupboard, and for three weeks in the fridge once "
        "a jar has been opened, so a small jar is the better gift for a small household.\n"
    )
    body = extract_text(text).body
    assert body[:2] == (PARAGRAPH, SECOND)
    assert alt not in body and "Pear JamPear Jam" not in body
    assert not any("[svg]" in paragraph for paragraph in body)
    assert len(body) == 3


def test_datelines_are_furniture_even_with_a_full_stop_and_widget_names_are_dropped() -> None:
    from harness.rendered.values import is_dateline

    posted, sentence, teaser = split_lines(
        "posted on April 21, 2015, at 11:29 a.m.\n\n"
        "The inquest into her death was adjourned until July 7, 2015.\n\n"
        "34 raisons de ne jamais aller au Pays basque [34-raisons]\n"
    )
    assert is_dateline(posted) and not is_dateline(sentence)
    assert teaser.text == "34 raisons de ne jamais aller au Pays basque"


def test_a_chinese_sentence_without_spaces_is_no_identifier() -> None:
    from harness.rendered.boilerplate import is_junk

    sentence, file_name = split_lines(
        "一波波接續性低溫寒流報到已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣\n\n"
        "30-IMG_4228_large.jpg\n"
    )
    assert not is_junk(sentence) and is_junk(file_name)


def test_a_doubled_text_is_never_the_title() -> None:
    text = f"The PlayStation VRThe PlayStation VR\n\n{PARAGRAPH}\n\n{SECOND}\n"
    assert extract_text(text).title is None


def test_a_paragraph_the_page_broke_into_lines_is_joined_at_any_width() -> None:
    text = (
        "Earlier this month, NASA announced the newest milestone in the development of its\n"
        "long-awaited Space Launch System. At the assembly facility in New Orleans, workers\n"
        "completed installation of the four engines into the rocket's core stage.\n"
        "Short line\n"
        "next line, kept apart because the one before it is short\n"
    )
    first, short, last = split_lines(text)
    assert last.text.startswith("next line")
    assert first.text.startswith("Earlier") and first.text.endswith("core stage.")
    assert "its long-awaited" in first.text
    assert short.text == "Short line"


def test_wide_characters_wrap_at_half_the_characters_and_join_without_a_space() -> None:
    from harness.rendered.blocks import display_width

    assert display_width("新线路 ab") == 9
    sentence = "经过四年建设全长二十八公里的地铁新线路今天上午正式开通运营沿线设有二十一座车站" * 4
    rows = [sentence[i : i + 30] for i in range(0, len(sentence), 30)]  # 60 columns each
    text = "\n".join(rows) + "\n\n" + "\n".join(rows) + "\n\n" + "\n".join(rows) + "\n"
    lines = split_lines(text)
    assert [line.text for line in lines] == [sentence] * 3


def test_a_dateline_of_digits_alone_is_read() -> None:
    text = (
        "  • Home\n  • News\n\nWater Utility Report Calls for Tougher Rules\n\n"
        f"19.10.2019 12.09\n\n{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).published == "2019-10-19T12:09:00"


def test_a_dateline_a_little_way_into_the_body_is_read() -> None:
    lead = (
        "The utility's customers will pay less from next year, the regulator promised, after "
        "a report found that their bills had paid for dividends instead of new pipes."
    )
    text = (
        "  • Home\n  • News\n\nWater Utility Report Calls for Tougher Rules\n\n"
        f"{lead}\n\n{SECOND}\n\n"
        "The treatment works near the river\n\nPhoto: Jane Doe\n\n"
        f"/ 16.11.2018, 03:00 Uhr\n\n{PARAGRAPH}\n\n"
        "The committee will publish a second report next year on the regulator itself.\n"
    )
    result = extract_text(text)
    assert result.body[0] == lead
    assert result.published == "2018-11-16T03:00:00"


def test_a_dateline_with_a_notice_word_is_read_but_a_copyright_line_is_not() -> None:
    text = (
        "  • Home\n  • Blog\n\nWater Utility Report Calls for Tougher Rules\n\n"
        f"Posted in Datenschutz by jane on August 3, 2019\n\n{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).published == "2019-08-03"
    text = text.replace("Posted in Datenschutz by jane on", "© Daily Courier, updated")
    assert extract_text(text).updated is None


def test_a_list_the_article_introduces_with_a_colon_is_part_of_it() -> None:
    items = "\n".join(
        f"{n}) Offer number {n} for nostalgic readers http://amzn.to/{n}abc" for n in range(1, 9)
    )
    text = (
        f"Black Friday for Nostalgic Readers\n\n{PARAGRAPH}\n\n{SECOND}\n\n"
        f"Here are the offers not to be missed:\n{items}\n\nRelated articles\n  • Other deals\n"
    )
    body = extract_text(text).body
    assert body[-1] == "8) Offer number 8 for nostalgic readers http://amzn.to/8abc"
    assert "Other deals" not in body


def test_a_table_of_figures_the_article_introduces_is_part_of_it() -> None:
    rows = "\n".join(
        f"{n} Driver Number{n} {5100 - 7 * n} {n % 4} {n % 3} {20 - n}" for n in range(1, 13)
    )
    text = (
        f"Final Standings After the Last Race\n\n{PARAGRAPH}\n\n{SECOND}\n\n"
        "The final standings of the series after 36 races:\n\n"
        "Pos. Driver Points Wins Top 5 Top 10\n"
        f"{rows}\n\nRelated articles\n  \u2022 Other races\n"
    )
    body = extract_text(text).body
    assert body[-13] == "Pos. Driver Points Wins Top 5 Top 10"
    assert body[-1] == "12 Driver Number12 5016 0 0 8"
    assert "Other races" not in body


def test_a_sites_legal_notice_does_not_outweigh_an_article_of_short_lines() -> None:
    recipe = "\n".join(
        f"Meal {n}\nEat every 2 to 3 hours\nA bowl of oats with one cup of berries and nuts"
        for n in range(1, 6)
    )
    legal = (
        "The information provided on this website, including the blogs, community pages and "
        "all other content, was created for general information only and is not medical "
        "advice; always consult your physician before beginning any exercise program.\n\n"
        "These statements have not been evaluated by the Food and Drug Administration and "
        "the products named on this site are not intended to diagnose, treat or cure any "
        "disease, whatever results individual readers of the blog may report.\n"
    )
    text = (
        f"Meal Prep for the Obsessed\n\n{PARAGRAPH}\n\n{SECOND}\n\n{recipe}\n\n"
        f"  \u2022 Facebook\n  \u2022 Pinterest\n\n{legal}"
    )
    body = extract_text(text).body
    assert PARAGRAPH in body and SECOND in body
    assert not any("this website" in line for line in body)


def test_buttons_under_embedded_posts_do_not_make_a_comment_thread() -> None:
    from harness.rendered.values import comment_threads

    tweets = "\n\n".join(
        f"Twitter post by @user{n}: a short post number {n}\n\nReport" for n in range(3)
    )
    lines = split_lines(f"{PARAGRAPH}\n\n{tweets}\n\n{SECOND}\n")
    assert comment_threads(lines) == frozenset()
    replies = "\n\n".join(f"Jane{n} says:\n\nI agree with the report.\n\nReply" for n in range(3))
    assert comment_threads(split_lines(f"{PARAGRAPH}\n\n{replies}\n")) != frozenset()


def test_captions_and_credits_by_their_label_are_furniture() -> None:
    from harness.rendered.boilerplate import is_boilerplate

    caption, credit, foto, sentence = split_lines(
        "Image caption Scooter Braun has managed Justin Bieber, among others\n\n"
        "Photo: Jane Doe / Agency\n\nFoto: dpa\n\n"
        "The photo shows the treatment works, where the pipes burst twice last winter.\n"
    )
    assert is_boilerplate(caption) and is_boilerplate(credit) and is_boilerplate(foto)
    assert not is_boilerplate(sentence)


def test_a_follow_us_line_is_furniture_but_a_sentence_about_following_is_not() -> None:
    from harness.rendered.boilerplate import is_boilerplate

    follow, folgen, sentence = split_lines(
        "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.\n\n"
        "Folgen Sie uns auf Facebook\n\n"
        "The police followed the car on the motorway until it stopped near the river.\n"
    )
    assert is_boilerplate(follow) and is_boilerplate(folgen) and not is_boilerplate(sentence)


def test_the_lead_above_a_table_of_contents_is_part_of_the_article() -> None:
    headings = ("History", "Products", "Community")
    contents = "\n".join(f"{n} {heading}" for n, heading in enumerate(headings, start=1))
    sections = "\n\n".join(
        f"{heading}\n\n"
        + "\n\n".join(
            f"In its {heading.lower()} section {n}, the article says more about the foundation, "
            f"its volunteers and the browser they build together, as paragraph {n} explains."
            for n in range(6)
        )
        for heading in headings
    )
    text = f"Mozilla\n\nContents\n\n{PARAGRAPH}\n\nContents\n{contents}\n\n{sections}\n"
    body = extract_text(text).body
    assert body[0] == PARAGRAPH
    assert body[-1].startswith("In its community section 5")


def test_the_order_of_slashed_dates_comes_from_the_page_then_the_site_then_the_language() -> None:
    from harness.rendered.dates import month_first

    day_first = split_lines("08/11/2023 | 20:26\n\nOlder story 25/10/2023\n")
    month_first_page = split_lines("08/11/2023 | 20:26\n\nOlder story 10/25/2023\n")
    undecided = split_lines("08/11/2023 | 20:26\n")
    assert not month_first(day_first, "en", None)
    assert month_first(month_first_page, "de", None)
    assert not month_first(undecided, "en", "https://www.breakingnews.ie/story.html")
    assert month_first(undecided, "en", "https://example.com/story.html")
    assert not month_first(undecided, "fr", None)
    text = (
        "Water Utility Report Calls for Tougher Rules\n\n08/11/2023 | 20:26\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text, url="https://www.breakingnews.ie/x").published == (
        "2023-11-08T20:26:00"
    )


def test_the_date_of_an_embedded_post_is_not_the_articles() -> None:
    text = (
        "Water Utility Report Calls for Tougher Rules\n\n"
        "— Jane Doe (@janedoe) January 1, 2020\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).published is None


def test_a_labelled_dateline_in_the_upper_body_is_read_but_a_sentence_is_not() -> None:
    paragraphs = [
        f"Paragraph {n} of the report says more about the utility and its pipes, and about "
        f"what the committee wants the regulator to do next."
        for n in range(24)
    ]
    study = (
        "The study, published on March 3, 2020 in a journal, found that leaks cost the "
        "utility more than any other failure."
    )
    before, after = "\n\n".join(paragraphs[:14]), "\n\n".join(paragraphs[14:])
    text = f"Water Utility Report\n\n{before}\n\n{study}\n\n{after}\n"
    assert extract_text(text).published is None
    dated = text.replace(study, "Publié le 9 juin 2019")
    assert extract_text(dated).published == "2019-06-09"


def test_an_alt_text_right_before_its_caption_is_left_out() -> None:
    alt = (
        "Kauri Parata, watched by his father Hori Parata, carves a traditional design at their "
        "home in Whangarei"
    )
    caption = (
        "Kauri (Te Kaurinui) Parata, watched by his father, Hori Parata, carves a traditional "
        "Maori design at their home in Whangarei."
    )
    text = f"Whale Whisperer\n\n{PARAGRAPH}\n\n{alt}\n\n{caption}\n\n{SECOND}\n"
    assert extract_text(text).body == (PARAGRAPH, caption, SECOND)


def test_a_paragraph_shown_twice_in_the_body_is_kept_once() -> None:
    third = (
        "The government will answer the report in full before the summer, ministers said on "
        "Wednesday, and most of its recommendations are expected to be accepted unchanged."
    )
    fourth = (
        "Customers' groups welcomed the report but warned that new powers would mean little "
        "unless the regulator also gained the staff to use them every single year."
    )
    pages = (PARAGRAPH, SECOND, third, SECOND, fourth)  # the second paragraph as a pull quote
    text = "Water Utility Report\n\n" + "\n\n".join(pages) + "\n"
    assert extract_text(text).body == (PARAGRAPH, SECOND, third, fourth)


def test_a_series_of_alike_lines_is_kept_whole() -> None:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday")
    forecast = tuple(
        f"On {day} the weather will be sunny in the north and cloudy in the south, with a high "
        f"of {18 + n} degrees in the afternoon."
        for n, day in enumerate(days)
    )
    text = "Weather for the Week\n\n" + "\n\n".join((PARAGRAPH, *forecast, SECOND)) + "\n"
    assert extract_text(text).body == (PARAGRAPH, *forecast, SECOND)


def test_in_a_dense_rendering_a_line_standing_alone_is_no_sign_of_a_headline() -> None:
    from harness.rendered.title import spaced_out

    menu = "\n".join(f"Section {n}" for n in range(12))
    dense = (
        f"{menu}\nBabies Who Eat Peanuts Early May Avoid Allergy\nBy Brenda Goodman\n"
        f"Health News\n\n{PARAGRAPH}\n\nA caption between paragraphs of the story\n\n{SECOND}\n"
    )
    assert not spaced_out(split_lines(dense))
    assert extract_text(dense).title == "Babies Who Eat Peanuts Early May Avoid Allergy"
    spaced = "  • Home\n  • News\n\nWater Utility Report\n\nBy Jane Doe\n\n" + PARAGRAPH
    assert spaced_out(split_lines(spaced))


def test_reviewed_by_is_a_byline_and_a_month_run_into_a_word_is_a_date() -> None:
    from harness.rendered.datetext import find_dates
    from harness.rendered.title import _candidate

    reviewed, glued = split_lines(
        "Reviewed by Hansa Bhargava, MD\n\nYahoo FinanceOctober 13, 2016\n"
    )
    assert not _candidate(reviewed) and not _candidate(glued)
    assert [m.iso for m in find_dates(glued.text)] == ["2016-10-13"]
    assert find_dates("Mayor 3, 2016") == ()


def test_a_headline_repeated_with_its_byline_run_into_it_is_echoed() -> None:
    from harness.rendered.doctitle import title_key
    from harness.rendered.title import echoed

    lines = split_lines(
        "The Deck of Cards That Made Tarot Famous by Laura Topolsky July 10, 2015\n"
        "The Deck of Cards That Made Tarot Famous\n"
    )
    keys = tuple(title_key(line.text) for line in lines)
    assert echoed(lines[1], keys)


def test_a_sites_tool_or_link_label_right_above_the_article_is_not_the_title() -> None:
    text = (
        "  • Home\n  • News\n\nWater Utility Report Calls for Tougher Rules\n\n"
        "Share Close extra sharing options\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).title == "Water Utility Report Calls for Tougher Rules"


def test_share_rows_in_other_languages_account_notices_and_icon_names() -> None:
    from harness.rendered.boilerplate import is_boilerplate, is_social
    from harness.rendered.title import strip_suffix

    share, signed = split_lines("Auf Facebook teilen Auf Twitter teilen\n\nYou are signed in as\n")
    assert is_social(share) and is_boilerplate(signed)
    assert strip_suffix("Introducing Jane Doe, New CEO at Experience chevron_left") == (
        "Introducing Jane Doe, New CEO at Experience"
    )


def test_credited_captions_and_links_to_other_stories_are_furniture() -> None:
    from harness.rendered.boilerplate import is_boilerplate

    furniture = split_lines(
        "Protesters have worn masks to protect their identities (Image: GETTY )\n\n"
        "Sanjeev Verma/Hindustan Times/Getty Images\n\n"
        "SEE MORE: Hong Kong protests: 800 students under siege in university\n\n"
        "Related: The 15 Weirdest Galaxies in Our Universe\n\nDON'T MISS\n\n"
        "Continue Reading Below\n"
    )
    assert [line.text for line in furniture if not is_boilerplate(line)] == []
    prose = split_lines(
        "More than two decades ago, NASA's Galileo spacecraft found evidence of an ocean.\n\n"
        "Related protests spread to three other cities over the weekend, the police said.\n\n"
        "The figures (source: the ministry's own survey) were published on Monday.\n"
    )
    assert [line.text for line in prose if is_boilerplate(line)] == []


def test_a_dateline_a_few_lines_above_the_headline_is_read() -> None:
    text = (
        "  \u2022 Home\n  \u2022 Auto\n\nAuto\n\n| 05. November 2021 | 08:02 Uhr\n\n"
        "Teilen\n\nMerken\n\nVW-Chef warnt vor Tesla und China\n\n"
        f"{PARAGRAPH}\n\n{SECOND}\n"
    )
    assert extract_text(text).published == "2021-11-05T08:02:00"
    # A date in a sentence that far above is not the article's.
    text = text.replace(
        "| 05. November 2021 | 08:02 Uhr",
        ("Am 14. Juli 1953 wurde das Werk eröffnet, in dem heute noch gebaut wird"),
    )
    assert extract_text(text).published is None


def test_lynxs_embedded_frame_lines_are_furniture_but_a_url_in_prose_is_not() -> None:
    from harness.rendered.boilerplate import is_boilerplate

    frame, prose = split_lines(
        "IFRAME: https://www.cbsnews.com/embed/video/?v=1.77d1ff0c609e9963c3f09f2f2b4d26834 "
        "xaYM0uaC7my0QBwZFjixmJVElqbXdY\n\n"
        "The full report, at https://courier.example/reports/2024, was published on Monday.\n"
    )
    assert is_boilerplate(frame) and not is_boilerplate(prose)


def test_a_press_releases_place_and_date_line_is_a_dateline() -> None:
    from harness.rendered.values import is_dateline

    dateline, sentence = split_lines(
        "Berlin, 28.10.2021, 058/21\n\nBerlin, the capital, saw rain on 28.10.2021 all day.\n"
    )
    assert is_dateline(dateline) and not is_dateline(sentence)


def test_a_date_or_a_job_title_run_into_a_byline_is_not_part_of_the_name() -> None:
    from harness.rendered.authors import find_authors

    for byline, name in (
        ("By Laura June Topolsky July 31, 2019", "Laura June Topolsky"),
        ("By Meg JamesStaff Writer", "Meg James"),
        ("By Jo Ng Senior Editor, Courier", "Jo Ng"),
    ):
        assert find_authors(split_lines(byline)) == (name,), byline


def test_a_text_repeated_with_spaces_between_the_copies_is_doubled() -> None:
    from harness.rendered.boilerplate import is_doubled

    assert is_doubled("How to Defeat the Urge How to Defeat the Urge How to Defeat the Urge")
    assert is_doubled("How to Defeat the Urge How to Defeat the Urge")
    for text in ("Bora Bora", "New York New York", "Go Go Go", "Pear Jam and honey"):
        assert not is_doubled(text), text
