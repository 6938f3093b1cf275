"""Printable slips: a group's next meeting dates on one A4 page, in large print, as PDF or PNG.

For peers without Telegram (the study found printed slips with meeting times helped people
come). matplotlib is imported inside the functions so that starting the bot stays fast, and
only the Agg canvas is used, so no screen is needed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.texts.dates import SLIP_HEADING, SLIP_VENUE_FOR_ALL

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

MAX_SLIP_LINES = 12

# A4 portrait in points (1/72 inch); the layout below is worked out in points.
_PAGE_WIDTH = 595.0
_PAGE_HEIGHT = 842.0
_MARGIN = 36.0
_USABLE_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_LINE_SPACING = 1.15
_PNG_DPI = 200  # sharp enough to print on A4, small enough to send
_ELLIPSIS = "…"
# More characters than the narrowest letters at the smallest size can fill on one row; longer
# texts are cut first, so a 5,000-character paste costs no more to lay out than a long name.
_MAX_CHARS_PER_ROW = 120


@dataclass(frozen=True)
class SlipLine:
    """One meeting on the slip, already in words (see bot.texts.dates)."""

    when: str
    where: str


@dataclass(frozen=True)
class _Sizes:
    """Font sizes in points for one attempt at fitting the page, and how far venues may wrap."""

    title: float
    heading: float
    when: float
    where: float
    footer: float
    where_rows: int


# From most generous to tightest; the first that fits the page wins. Dates stay at 20pt or more
# unless the texts are far longer than real dates and venues (see _fit).
_SIZE_STEPS = (
    _Sizes(title=36, heading=28, when=28, where=26, footer=22, where_rows=2),
    _Sizes(title=34, heading=26, when=26, where=24, footer=22, where_rows=2),
    _Sizes(title=32, heading=24, when=24, where=22, footer=20, where_rows=2),
    _Sizes(title=30, heading=22, when=22, where=20, footer=20, where_rows=2),
    _Sizes(title=28, heading=20, when=20, where=18, footer=18, where_rows=2),
    _Sizes(title=28, heading=20, when=20, where=16, footer=18, where_rows=1),
)


_Role = Literal["title", "heading", "when", "where", "footer"]


@dataclass(frozen=True)
class _Row:
    """One printed row of text, top to bottom."""

    role: _Role
    text: str
    size: float
    bold: bool
    space_before: float = 0.0

    @property
    def height(self) -> float:
        return self.space_before + self.size * _LINE_SPACING


def slip_png(
    *, group_name: str, lines: Sequence[SlipLine], footer: str, heading: str = SLIP_HEADING
) -> bytes:
    """The slip as an A4 PNG image (200 dpi)."""
    return _render("png", group_name=group_name, lines=lines, footer=footer, heading=heading)


def slip_pdf(
    *, group_name: str, lines: Sequence[SlipLine], footer: str, heading: str = SLIP_HEADING
) -> bytes:
    """The slip as a one-page A4 PDF with selectable text."""
    return _render("pdf", group_name=group_name, lines=lines, footer=footer, heading=heading)


def _render(
    file_format: Literal["png", "pdf"],
    *,
    group_name: str,
    lines: Sequence[SlipLine],
    footer: str,
    heading: str,
) -> bytes:
    import matplotlib as mpl  # noqa: PLC0415  (lazy: see module docstring)

    figure = build_slip_figure(group_name=group_name, lines=lines, footer=footer, heading=heading)
    if file_format == "pdf":
        # No CreationDate: the core reads no clock, and the same slip gives the same bytes.
        metadata = {"Title": group_name, "Creator": "Peer Circle", "CreationDate": None}
    else:
        metadata = {"Title": group_name, "Software": "Peer Circle"}
    buffer = io.BytesIO()
    # TrueType (42) embedding keeps PDF text selectable and searchable.
    with mpl.rc_context({"pdf.fonttype": 42}):
        figure.savefig(buffer, format=file_format, dpi=_PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def build_slip_figure(
    *, group_name: str, lines: Sequence[SlipLine], footer: str, heading: str = SLIP_HEADING
) -> Figure:
    """The slip drawn on an A4 matplotlib Figure; only the first 12 meetings fit on it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    if not lines:
        raise ValueError("a slip needs at least one meeting")
    lines = lines[:MAX_SLIP_LINES]
    measure = _text_measurer()
    body, footer_rows = _fit(group_name, heading, lines, footer, measure)

    figure = Figure(figsize=(_PAGE_WIDTH / 72, _PAGE_HEIGHT / 72), facecolor="white")
    FigureCanvasAgg(figure)
    top = _PAGE_HEIGHT - _MARGIN
    for row in body:
        top -= row.space_before
        _draw(figure, row, top)
        top -= row.size * _LINE_SPACING
    footer_top = _MARGIN + _height(footer_rows)
    rule_y = (footer_top + 6) / _PAGE_HEIGHT
    figure.add_artist(_rule(rule_y))
    top = footer_top
    for row in footer_rows:
        _draw(figure, row, top)
        top -= row.size * _LINE_SPACING
    return figure


def _draw(figure: Figure, row: _Row, top: float) -> None:
    figure.text(
        _MARGIN / _PAGE_WIDTH,
        top / _PAGE_HEIGHT,
        row.text,
        fontsize=row.size,
        fontweight="bold" if row.bold else "normal",
        color="black",
        va="top",
        ha="left",
        parse_math=False,  # a "$" in a venue name must print as a dollar, not start maths
    )


def _rule(y: float) -> Line2D:
    from matplotlib.lines import Line2D  # noqa: PLC0415

    left, right = _MARGIN / _PAGE_WIDTH, 1 - _MARGIN / _PAGE_WIDTH
    return Line2D([left, right], [y, y], color="black", linewidth=1.5)


Measure = Callable[[str, float, bool], float]


def _text_measurer() -> Measure:
    """A function giving the printed width in points of a text at a size and weight."""
    from matplotlib.font_manager import FontProperties  # noqa: PLC0415
    from matplotlib.textpath import TextToPath  # noqa: PLC0415

    text_to_path = TextToPath()
    # Widths are laid out at one size and scaled (TextToPath does the same), so each text is
    # measured once however many print sizes are tried: fitting a slip tries several.
    reference = float(TextToPath.FONT_SCALE)
    widths: dict[tuple[str, bool], float] = {}

    def measure(text: str, size: float, bold: bool) -> float:
        width = widths.get((text, bold))
        if width is None:
            font = FontProperties(size=reference, weight="bold" if bold else "normal")
            width, _, _ = text_to_path.get_text_width_height_descent(text, font, ismath=False)
            widths[(text, bold)] = width = float(width)
        return width * size / reference

    return measure


def _fit(
    group_name: str, heading: str, lines: Sequence[SlipLine], footer: str, measure: Measure
) -> tuple[list[_Row], list[_Row]]:
    """The largest print that fits the page, as (body rows, footer rows).

    Print that keeps each meeting's date and time on one row wins over larger print that
    splits them, because one row per meeting is easier to read down.
    """
    available = _PAGE_HEIGHT - 2 * _MARGIN - 18  # 18pt keeps the body clear of the footer rule
    first_fitting: tuple[list[_Row], list[_Row]] | None = None
    for sizes in _SIZE_STEPS:
        body, footer_rows = _rows(
            sizes,
            group_name=group_name,
            heading=heading,
            lines=lines,
            footer=footer,
            measure=measure,
        )
        if _height(body) + _height(footer_rows) > available:
            continue
        dates_on_one_row = sum(row.role == "when" for row in body) == len(lines)
        if dates_on_one_row:
            return body, footer_rows
        first_fitting = first_fitting or (body, footer_rows)
    if first_fitting is not None:
        return first_fitting
    # Only unusually long texts get here: shrink everything so nothing runs off the page.
    scale = available / (_height(body) + _height(footer_rows))
    return _scaled(body, scale), _scaled(footer_rows, scale)


def _rows(
    sizes: _Sizes,
    *,
    group_name: str,
    heading: str,
    lines: Sequence[SlipLine],
    footer: str,
    measure: Measure,
) -> tuple[list[_Row], list[_Row]]:
    def wrapped(
        role: _Role,
        text: str,
        *,
        size: float,
        bold: bool,
        max_rows: int,
        space: float = 0.0,
    ) -> list[_Row]:
        texts = _wrap(text, size, bold, max_rows, measure)
        return [
            _Row(role, part, size, bold, space if index == 0 else 0.0)
            for index, part in enumerate(texts)
        ]

    body = wrapped("title", group_name, size=sizes.title, bold=True, max_rows=2)
    body += wrapped(
        "heading", heading, size=sizes.heading, bold=False, max_rows=1, space=sizes.heading * 0.4
    )
    same_venue = len({line.where for line in lines}) == 1
    if same_venue:
        # One venue for every meeting: say it once, and the dates get more room.
        venue_text = SLIP_VENUE_FOR_ALL.format(venue=lines[0].where)
        body += wrapped("heading", venue_text, size=sizes.heading, bold=True, max_rows=2)
    gap = sizes.when * (0.6 if same_venue else 0.35)
    for line in lines:
        body += wrapped("when", line.when, size=sizes.when, bold=True, max_rows=2, space=gap)
        if not same_venue:
            body += wrapped(
                "where", line.where, size=sizes.where, bold=False, max_rows=sizes.where_rows
            )
    # The footer's first line is who to ask; a second (the short privacy notice) is smaller.
    first, _, rest = footer.partition("\n")
    footer_rows = wrapped("footer", first, size=sizes.footer, bold=False, max_rows=2)
    if rest.strip():
        small = sizes.footer * 0.7
        footer_rows += wrapped(
            "footer", rest, size=small, bold=False, max_rows=4, space=small * 0.5
        )
    return body, footer_rows


def _wrap(text: str, size: float, bold: bool, max_rows: int, measure: Measure) -> list[str]:
    """Greedy word wrap to the page width; a last row that does not fit ends with "…"."""

    def fits(candidate: str) -> bool:
        return measure(candidate, size, bold) <= _USABLE_WIDTH

    limit = max_rows * _MAX_CHARS_PER_ROW
    if len(text) > limit:
        text = text[:limit] + _ELLIPSIS
    rows: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            rows.append(current)
        current = word
        while not fits(current):  # a word wider than the page is cut where it must be
            cut = _longest_fitting_prefix(current, fits)
            rows.append(current[:cut])
            current = current[cut:]
    if current:
        rows.append(current)
    if len(rows) > max_rows:
        rows = rows[:max_rows]
        rows[-1] = _with_ellipsis(rows[-1], fits)
    return rows or [""]


def _longest_fitting_prefix(word: str, fits: Callable[[str], bool]) -> int:
    """Length of the longest start of `word` that fits (at least 1), by binary search."""
    shortest, longest = 1, len(word)
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if fits(word[:middle]):
            shortest = middle
        else:
            longest = middle - 1
    return shortest


def _with_ellipsis(row: str, fits: Callable[[str], bool]) -> str:
    while row and not fits(row.rstrip() + _ELLIPSIS):
        row = row[:-1]
    return row.rstrip(" ,;:-–") + _ELLIPSIS


def _height(rows: Sequence[_Row]) -> float:
    return sum(row.height for row in rows)


def _scaled(rows: Sequence[_Row], scale: float) -> list[_Row]:
    return [
        replace(row, size=row.size * scale, space_before=row.space_before * scale) for row in rows
    ]
