"""Schedule reports: the Day Out of Days as PDF, the one-liner and the shooting schedule.

Pure rendering from selector data: HTML in, bytes or text out; writes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string

from .board_selectors import BoardPage
from .dood import WORK_CODES, Dood
from .dood_export import safe
from .eighths import format_eighths
from .models import Scene, Strip
from .pdf import html_to_pdf


def dood_grid(dood) -> list[dict]:
    """Rows of cells with their CSS class, for the page and the PDF."""
    kinds = [day.kind.value for day in dood.days]
    rows = []
    for row in dood.rows:
        cells = []
        for code, kind in zip(row.codes, kinds, strict=True):
            css = "code-work" if code in WORK_CODES else f"code-{code}" if code == "H" else ""
            css += " is-off" if kind == "off" else " is-holiday" if kind == "holiday" else ""
            cells.append((code, css.strip()))
        rows.append({"row": row, "cells": cells})
    return rows


def dood_pdf(*, production, board, dood: Dood) -> bytes:
    html = render_to_string("scheduling/dood_print.html", {
        "production": production, "board": board, "dood": dood, "grid": dood_grid(dood)})
    return html_to_pdf(html=html)


@dataclass
class ReportScene:
    scene: Scene
    cast_ids: list[int]
    elements: dict[str, list[str]]  # category name -> element names


@dataclass
class ReportDay:
    number: int | None
    on: date | None
    eighths: int = 0
    banners: list[str] = field(default_factory=list)
    scenes: list[ReportScene] = field(default_factory=list)

    @property
    def pages(self) -> str:
        return format_eighths(self.eighths) if self.eighths else "0"


def schedule_days(*, page: BoardPage) -> list[ReportDay]:
    """The board's shoot days with their scenes and elements by category."""
    days, current = [], ReportDay(None, None)
    for row in page.rows:
        strip = row.strip
        if strip.kind == Strip.Kind.SCENE:
            elements: dict[str, list[str]] = {}
            for element in page.breakdown.elements_by_scene.get(strip.scene_id, ()):
                elements.setdefault(element.category.name, []).append(element.name)
            current.scenes.append(ReportScene(strip.scene, row.cast_ids, elements))
            current.eighths += strip.scene.eighths
        elif strip.kind == Strip.Kind.BANNER:
            current.banners.append(strip.text)
        else:
            current.number, current.on = row.day, row.on
            days.append(current)
            current = ReportDay(None, None)
    if current.scenes or current.banners:
        days.append(current)  # after the last day break: not yet in a day
    return days


def schedule_csv(*, days: list[ReportDay]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Day", "Date", "Scene", "I/E", "Set", "D/N", "Pages", "Cast",
                     "Synopsis", "Elements"])
    for day in days:
        for item in day.scenes:
            scene = item.scene
            writer.writerow([safe(str(v)) for v in (
                day.number or "", day.on.isoformat() if day.on else "", scene.label,
                scene.int_ext, scene.set.name if scene.set else scene.heading, scene.day_night,
                scene.length, " ".join(str(i) for i in item.cast_ids), scene.synopsis,
                "; ".join(f"{cat}: {', '.join(names)}" for cat, names in item.elements.items()),
            )])
    return out.getvalue()


def schedule_pdf(*, production, board, days: list[ReportDay], full: bool) -> bytes:
    html = render_to_string("scheduling/report_print.html", {
        "production": production, "board": board, "days": days, "full": full})
    return html_to_pdf(html=html)
