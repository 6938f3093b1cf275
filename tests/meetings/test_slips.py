"""Printable slips of a group's next meetings, in large print on A4."""

import subprocess
import sys

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.meetings.slips import MAX_SLIP_LINES, SlipLine, build_slip_figure, slip_pdf, slip_png

FOOTER = "Questions? Ask Jean or Mike at the group."
LONG_FOOTER = (
    "Questions? Ask Jean or Mike at the group, or ring the study nurse on 01234 567890 "
    "during office hours, Monday to Friday."
)
SIX_AT_ONE_HALL = [
    SlipLine(f"Tuesday {day} December, 10:30–12:00", "Lavenham Village Hall") for day in range(1, 7)
]
# The hardest case: twelve of the longest dates, each at a different long venue.
TWELVE_LONG = [
    SlipLine(
        "Wednesday 30 September 2026, 10:30–12:00",
        f"The Old Schoolroom Community Centre, Long Melford Road, Sudbury, room {n}",
    )
    for n in range(12)
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def texts_of(figure: Figure) -> list[Text]:
    """Every text drawn on the slip."""
    return list(figure.texts)


def test_png_starts_with_png_magic() -> None:
    """The PNG slip is a PNG file."""
    png = slip_png(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    assert png.startswith(PNG_MAGIC)


def test_pdf_starts_with_pdf_magic_and_names_the_group() -> None:
    """The PDF slip is a PDF file titled with the group's name."""
    pdf = slip_pdf(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    assert pdf.startswith(b"%PDF")
    assert b"Lavenham Friends" in pdf


def test_pdf_is_the_same_for_the_same_slip() -> None:
    """The PDF carries no creation time, so the same slip gives the same bytes."""
    first = slip_pdf(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    second = slip_pdf(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    assert first == second


def test_slip_shows_group_dates_and_footer() -> None:
    """The slip prints the group name, every date and the footer."""
    figure = build_slip_figure(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    printed = [text.get_text() for text in texts_of(figure)]
    assert printed[0] == "Lavenham Friends"
    assert all(line.when in printed for line in SIX_AT_ONE_HALL)
    assert FOOTER in printed


def test_one_venue_for_all_meetings_is_printed_once() -> None:
    """When every meeting is at the same place, the venue is said once, not six times."""
    figure = build_slip_figure(group_name="Lavenham Friends", lines=SIX_AT_ONE_HALL, footer=FOOTER)
    printed = " ".join(text.get_text() for text in texts_of(figure))
    assert printed.count("Lavenham Village Hall") == 1


def test_different_venues_are_printed_under_each_date() -> None:
    """When venues differ, each meeting shows its own venue."""
    lines = [
        SlipLine("Tuesday 9 December, 10:30–12:00", "Lavenham Village Hall"),
        SlipLine("Tuesday 13 January 2026, 10:30–12:00", "Café Blue, Hadleigh"),
    ]
    figure = build_slip_figure(group_name="Lavenham Friends", lines=lines, footer=FOOTER)
    printed = [text.get_text() for text in texts_of(figure)]
    assert "Lavenham Village Hall" in printed
    assert "Café Blue, Hadleigh" in printed


def test_twelve_long_meetings_fit_the_page_in_large_print() -> None:
    """Twelve long dates at long venues all lie inside the page, dates at 20pt or more."""
    figure = build_slip_figure(
        group_name="Lavenham and District Type 2 Diabetes Peer Support Friends",
        lines=TWELVE_LONG,
        footer=LONG_FOOTER,
    )
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    page = figure.bbox
    for text in texts_of(figure):
        box = text.get_window_extent(renderer)
        assert page.x0 <= box.x0 and box.x1 <= page.x1, text.get_text()
        assert page.y0 <= box.y0 and box.y1 <= page.y1, text.get_text()
    date_sizes = [
        float(text.get_fontsize())
        for text in texts_of(figure)
        if text.get_text() == TWELVE_LONG[0].when
    ]
    assert len(date_sizes) == 12
    assert min(date_sizes) >= 20


def test_twelve_long_meetings_render_as_png_and_pdf() -> None:
    """The hardest twelve-meeting slip renders to both formats without error."""
    png = slip_png(group_name="Lavenham Friends", lines=TWELVE_LONG, footer=LONG_FOOTER)
    pdf = slip_pdf(group_name="Lavenham Friends", lines=TWELVE_LONG, footer=LONG_FOOTER)
    assert png.startswith(PNG_MAGIC)
    assert pdf.startswith(b"%PDF")


def test_only_the_first_twelve_meetings_are_printed() -> None:
    """A longer list is cut to its first twelve meetings, which is what fits on the page."""
    lines = [SlipLine(f"Meeting {n}", "Lavenham Village Hall") for n in range(15)]
    figure = build_slip_figure(group_name="Lavenham Friends", lines=lines, footer=FOOTER)
    printed = [text.get_text() for text in texts_of(figure)]
    assert [p for p in printed if p.startswith("Meeting ")] == [
        f"Meeting {n}" for n in range(MAX_SLIP_LINES)
    ]


def test_over_long_venue_is_cut_with_an_ellipsis() -> None:
    """A venue too long for its rows ends with "…" instead of running off the page."""
    lines = [SlipLine("Tuesday 9 December, 10:30–12:00", "Village Hall " * 40), *TWELVE_LONG[:11]]
    figure = build_slip_figure(group_name="Lavenham Friends", lines=lines, footer=FOOTER)
    venue_rows = [t.get_text() for t in texts_of(figure) if t.get_text().startswith("Village")]
    assert venue_rows[-1].endswith("…")


def test_pasted_wall_of_text_is_cut_short() -> None:
    """A 5,000-character venue without spaces is cut to fit, ending with "…"."""
    lines = [SlipLine("Tuesday 9 December, 10:30–12:00", "x" * 5000), *SIX_AT_ONE_HALL]
    figure = build_slip_figure(group_name="Lavenham Friends", lines=lines, footer=FOOTER)
    venue_rows = [t.get_text() for t in texts_of(figure) if t.get_text().startswith("x")]
    assert venue_rows[-1].endswith("…")
    assert sum(len(row) for row in venue_rows) < 300


def test_dollar_signs_print_as_written() -> None:
    """A "$" in a name prints literally instead of starting mathematical notation."""
    figure = build_slip_figure(
        group_name="The $5 Tea Club", lines=SIX_AT_ONE_HALL, footer="Cost: $1 or $2"
    )
    assert figure.texts[0].get_text() == "The $5 Tea Club"
    assert slip_png(group_name="The $5 Tea Club", lines=SIX_AT_ONE_HALL, footer="$1 or $2")


def test_slip_without_meetings_is_refused() -> None:
    """A slip needs at least one meeting to print."""
    with pytest.raises(ValueError):
        slip_png(group_name="Lavenham Friends", lines=[], footer=FOOTER)


def test_importing_slips_does_not_load_matplotlib() -> None:
    """matplotlib loads only when a slip is made, so the bot starts fast."""
    check = "import sys, bot.meetings.slips; sys.exit('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", check], check=False, timeout=30)
    assert result.returncode == 0
