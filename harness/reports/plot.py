"""The plot of report.html: per-page body scores against the truth, golden (before) against
new (after), one point a page, drawn with matplotlib when it is installed (`[plots]`).

The report's Content-Security-Policy allows no inline style nor script, so the SVG that
matplotlib writes is rebuilt from an allow-list: known elements only (no script, style,
link, foreign object or metadata), known presentation attributes only (its `style`
attributes become those), links only within the figure (`#id`); text is escaped on output.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from html import escape

from harness import output
from harness.scoring.paired import Pair

LABELLED = 5  # the pages that moved most are named
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset(
    {"svg", "g", "defs", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
    | {"clipPath", "use", "text", "tspan"}
)
ATTRIBUTES = frozenset(
    {"id", "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "points"}
    | {"width", "height", "viewBox", "version", "transform", "clip-path", "opacity"}
    | {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"}
    | {"stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset"}
    | {"stroke-miterlimit", "font-size", "font-family", "font-weight", "text-anchor"}
)
_LINKS = (f"{{{XLINK}}}href", "href")
_SAFE_VALUE = re.compile(r"^[#\w\s.,:%()'\"+-]*$")
_FONT_SIZE = re.compile(r"(\d+(?:\.\d+)?)px")


def section(found: Sequence[Pair]) -> str:
    """The report's plot section: "" when fewer than two pages have a body truth and both
    scores; a note when matplotlib is not installed; else the figure."""
    bodies = [p for p in found if p.field == "body"]
    if len(bodies) < 2:
        return ""
    heading = "<h2>Body scores against the truth: golden (before) and new (after)</h2>"
    try:
        drawn = draw(bodies)
    except ImportError:
        note = "No plot: matplotlib is not installed (pip install 'capture-harness[plots]')."
        return f'{heading}<p class="none">{escape(note)}</p>'
    caption = "One point a page; above the diagonal, the new output is closer to the truth."
    figure = f"{sanitise(drawn)}<figcaption>{escape(caption)}</figcaption>"
    return f'{heading}<figure id="plot">{figure}</figure>'


def draw(pairs: Sequence[Pair]) -> str:
    """The SVG matplotlib draws (its Agg-free SVG canvas, no pyplot: no global state)."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": "capture-harness", "font.size": 8}
    ):
        figure = Figure(figsize=(5, 5))
        axes = figure.subplots()
        axes.plot([0, 1], [0, 1], color="#999999", linewidth=0.8)
        for extractor in sorted({p.extractor for p in pairs}):
            mine = [p for p in pairs if p.extractor == extractor]
            axes.scatter(
                [p.before for p in mine], [p.after for p in mine], s=14, label=_plain(extractor)
            )
        for p in sorted(pairs, key=lambda p: (-abs(p.after - p.before), p.capture))[:LABELLED]:
            if p.after != p.before:
                axes.annotate(_plain(p.capture), (p.before, p.after), fontsize=7)
        axes.set(xlim=(-0.02, 1.02), ylim=(-0.02, 1.02))
        axes.set_xlabel("golden (before): body F1")
        axes.set_ylabel("new (after): body F1")
        axes.legend(loc="lower right")
        text = io.StringIO()
        figure.savefig(text, format="svg", metadata={"Date": None})
    return text.getvalue()


def _plain(name: str) -> str:
    """A name as matplotlib should draw it: printable, no mathtext ($)."""
    return output.name(name).replace("$", r"\$")


def sanitise(svg: str) -> str:
    """The SVG rebuilt from the allow-list: elements, attributes and `style` properties that
    draw and nothing else."""
    root = ET.fromstring(svg)
    clean = _copy(root)
    if clean is None:
        return ""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(clean, encoding="unicode", short_empty_elements=True)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _copy(element: ET.Element) -> ET.Element | None:
    name = _local(element.tag)
    if name not in ELEMENTS:
        return None
    copy = ET.Element(f"{{{SVG}}}{name}", _attributes(element))
    copy.text = element.text if name in ("text", "tspan") else None
    for child in element:
        if (kept := _copy(child)) is not None:
            kept.tail = child.tail if name in ("text", "tspan") else None
            copy.append(kept)
    return copy


def _attributes(element: ET.Element) -> dict[str, str]:
    found = dict(_style(element.get("style", "")))
    for key, value in element.items():
        if key in _LINKS:
            if value.startswith("#") and _SAFE_VALUE.match(value):
                found[f"{{{XLINK}}}href"] = value
        elif key in ATTRIBUTES:
            found[key] = value
    return {k: v for k, v in found.items() if _safe(v)}


def _style(text: str) -> list[tuple[str, str]]:
    """A `style` attribute as presentation attributes (`font` as its size and a family)."""
    out = []
    for declaration in text.split(";"):
        key, _, value = declaration.partition(":")
        key, value = key.strip(), value.strip()
        if key == "font" and (size := _FONT_SIZE.search(value)):
            out += [("font-size", f"{size[1]}px"), ("font-family", "sans-serif")]
        elif key in ATTRIBUTES:
            out.append((key, value))
    return out


def _safe(value: str) -> bool:
    """A value that draws and does nothing else: no url() but to an id inside the figure,
    no script scheme, no markup."""
    if not _SAFE_VALUE.match(value) or "javascript" in value.casefold():
        return False
    return all(link.startswith("#") for link in re.findall(r"url\(\s*([^)]*)\)", value))
