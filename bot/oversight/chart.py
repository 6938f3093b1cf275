"""The digest's chart: peers at each meeting, per group, over the last 12 weeks, as a PNG.

Made to be read on a phone: large type, thick lines, one colour per group and the group's name
at the end of its line (not only in a legend). matplotlib is imported inside the function (so
starting the bot stays fast) and only the Agg canvas is used (no screen needed).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from bot.texts import clip

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Distinct colours that stay apart for colour-blind readers (Okabe–Ito), then tab10's.
COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#8C564B",
    "#7F7F7F",
    "#BCBD22",
)
_DPI = 100
_SIZE = (10.8, 10.8)  # inches: 1080 × 1080 pixels, a phone's width


@dataclass(frozen=True)
class Series:
    """One group's line: (local meeting date, peers who came) oldest first."""

    name: str
    points: tuple[tuple[date, int], ...]


def attendance_chart(
    series: Sequence[Series], *, start: date, end: date, title: str, empty: str
) -> bytes:
    """The PNG bytes of the chart; groups without a recorded meeting are left out."""
    figure = build_chart(series, start=start, end=end, title=title, empty=empty)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": "Peer Circle"})
    return buffer.getvalue()


def build_chart(
    series: Sequence[Series], *, start: date, end: date, title: str, empty: str
) -> Figure:
    """The chart drawn on a matplotlib Figure (one line and one name per group)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.dates import DateFormatter, WeekdayLocator, date2num  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    figure = Figure(figsize=_SIZE, dpi=_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.09, 0.1, 0.58, 0.8))
    axes.set_title(title, fontsize=30, fontweight="bold", loc="left", pad=20)
    drawn = [s for s in series if s.points]
    top = max((n for s in drawn for _, n in s.points), default=0)
    ends: list[tuple[float, str, str]] = []
    for index, line in enumerate(drawn):
        colour = COLOURS[index % len(COLOURS)]
        days = [float(date2num(d)) for d, _ in line.points]
        counts = [n for _, n in line.points]
        axes.plot(days, counts, color=colour, linewidth=5, marker="o", markersize=13)
        ends.append((float(counts[-1]), _label(line.name), colour))
    # Names at the right edge beside each line's last point, nudged apart so none overlap.
    gap = max(top, 4) * 0.1
    placed: list[float] = []
    rows_before = 0
    for value, name, colour in sorted(ends):
        rows = name.count("\n") + 1
        y = max(value, placed[-1] + gap * (rows_before + rows) / 2) if placed else value
        placed.append(y)
        rows_before = rows
        axes.annotate(
            name,
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(14, 0),
            textcoords="offset points",
            va="center",
            fontsize=22,
            fontweight="bold",
            color=colour,
            annotation_clip=False,
        )
    if not drawn:
        axes.text(0.5, 0.5, empty, ha="center", va="center", fontsize=26, transform=axes.transAxes)
    axes.set_xlim(float(date2num(start)), float(date2num(end)))
    axes.set_ylim(0, max(top + 1, 5, (placed[-1] + gap) if placed else 0))
    axes.xaxis.set_major_locator(WeekdayLocator(interval=3))
    axes.xaxis.set_major_formatter(DateFormatter("%-d %b"))
    axes.tick_params(labelsize=22, length=8, width=2)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="y", linewidth=1, alpha=0.4)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_linewidth(2)
    return figure


def _label(name: str) -> str:
    """A group's name for the end of its line: at most two short rows, so it fits the width."""
    rows = textwrap.wrap(name, 14)
    if len(rows) > 2:
        rows = [rows[0], clip(" ".join(rows[1:]), 14)]
    return "\n".join(rows) if rows else "?"
