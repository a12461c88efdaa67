"""A print-ready HTML report of one conversation, with the figures as they were that day.

Every piece of text that came from a person or the data goes through `html.escape`: a
`<script>` typed in a reflection prints as text and never runs. The browser's print dialog
makes the PDF (A4, no navigation, page breaks kept out of tables).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from dashboard.pdca.conversations import REFLECTION_FIELDS, SCORE_FIELDS, snapshot_of
from dashboard.pdca.goals import DIRECTION_LABELS

SUBJECT_LABELS = {"medewerker": "Medewerker", "team": "Team", "locatie": "Locatie"}
STATUS_COLOURS = {"groen": "#1a7f37", "oranje": "#b35900", "rood": "#c62828"}

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #111; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 16pt 0 4pt; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eee; }
td.number { text-align: right; white-space: nowrap; }
tr, .reflection { page-break-inside: avoid; break-inside: avoid; }
.meta { color: #444; }
.draft { color: #c62828; font-weight: bold; }
.reflection p { white-space: pre-wrap; margin: 2pt 0 8pt; }
.signatures td { height: 40pt; width: 50%; }
@media print { .no-print { display: none; } }
"""


def _day(iso: str | None) -> str:
    """An ISO date (or instant) as a Dutch reader writes it: 31-12-2026."""
    if not iso:
        return "&ndash;"
    year, month, day = iso[:10].split("-")
    return f"{day}-{month}-{year}"


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))


def _number(value: Any, unit: str = "") -> str:
    if value is None:
        return "&ndash;"
    text = f"{value:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    text = text.removesuffix(",0")
    return f"{text} {_text(unit)}".strip()


def _figures_table(figures: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{_text(f['label'])}</td>"
        f"<td class='number'>{_number(f['value'], f['unit'])}</td></tr>"
        for f in figures.get("figures", {}).values()
    )
    if not rows:
        return "<p>Er waren geen cijfers beschikbaar.</p>"
    return f"<table><tr><th>Cijfer</th><th>Waarde</th></tr>{rows}</table>"


def _goals_table(figures: dict[str, Any]) -> str:
    goals = figures.get("goals", [])
    if not goals:
        return "<p>Er waren geen sturingsdoelen vastgelegd voor deze periode.</p>"
    rows = []
    for goal in goals:
        colour = STATUS_COLOURS.get(goal.get("status") or "", "#444")
        rows.append(
            f"<tr><td>{_text(goal['label'])}</td>"
            f"<td class='number'>{_number(goal['target_value'], goal['unit'])}</td>"
            f"<td>{_text(DIRECTION_LABELS.get(goal['direction'], goal['direction']))}</td>"
            f"<td class='number'>{_number(goal['value'], goal['unit'])}</td>"
            f"<td style='color:{colour}'>{_text(goal.get('status') or 'onbekend')}</td></tr>"
        )
    header = "<tr><th>Doel</th><th>Streefwaarde</th><th>Richting</th><th>Realisatie</th>"
    return f"<table>{header}<th>Status</th></tr>{''.join(rows)}</table>"


def _agreements_table(agreements: list[dict[str, Any]], mask: Callable[[str], str]) -> str:
    if not agreements:
        return "<p>Geen afspraken.</p>"
    rows = "".join(
        f"<tr><td>{_text(mask(a['what'] or ''))}</td><td>{_text(mask(a['owner'] or ''))}</td>"
        f"<td>{_day(a['due_on'])}</td><td>{_text(a['status'])}</td>"
        f"<td>{_text(mask(a.get('note') or ''))}</td></tr>"
        for a in agreements
    )
    header = "<tr><th>Afspraak</th><th>Wie</th><th>Uiterlijk</th><th>Status</th>"
    return f"<table>{header}<th>Opvolging</th></tr>{rows}</table>"


def conversation_report(
    conversation: dict[str, Any],
    subject_name: str | None = None,
    figures: dict[str, Any] | None = None,
    agreements: list[dict[str, Any]] | None = None,
    mask: Callable[[str], str] | None = None,
) -> str:
    """The whole report as one HTML document.

    A finalised conversation prints its own snapshot; a concept prints the `figures` and
    `agreements` passed in (today's) and says it is a concept. `mask` hides, in everything a
    person typed, the names the reader may not see (as on the page).
    """
    mask = mask or (lambda text: text)
    final = conversation["status"] == "definitief"
    if final:
        figures, agreements = snapshot_of(conversation)
    figures = figures or {}
    agreements = agreements or []
    subject_label = SUBJECT_LABELS.get(conversation["subject_type"], conversation["subject_type"])
    who = subject_name or conversation["subject_id"]
    status_line = (
        f"Definitief vastgelegd op {_day(conversation['finalised_at'])} door "
        f"{_text(conversation['finalised_by'])}"
        if final
        else "<span class='draft'>CONCEPT: nog niet definitief vastgelegd</span>"
    )
    reflections = "".join(
        f"<div class='reflection'><h3>{_text(label)}</h3>"
        f"<p>{_text(mask(conversation.get(name) or '')) or '&ndash;'}</p></div>"
        for name, label in REFLECTION_FIELDS.items()
    )
    scores = "".join(
        f"<tr><td>{_text(label)}</td>"
        f"<td class='number'>{_text(conversation.get(name)) or '&ndash;'}</td></tr>"
        for name, label in SCORE_FIELDS.items()
    )
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>Goede gesprek {_text(who)} {_day(conversation["held_on"])}</title>
<style>{PRINT_CSS}</style></head>
<body>
<h1>Verslag goede gesprek</h1>
<p class="meta">{_text(subject_label)}: <strong>{_text(who)}</strong> &middot;
gesprek op {_day(conversation["held_on"])} &middot; leidinggevende
{_text(conversation["manager_id"])}<br>
Cijfers van {_day(conversation["period_start"])} tot {_day(conversation["period_end"])}
&middot; {status_line}</p>
<h2>Resultaten tegenover de doelen</h2>
{_goals_table(figures)}
<h2>Cijfers sinds het vorige gesprek</h2>
{_figures_table(figures)}
<h2>Werkplezier en werkdruk</h2>
<table>{scores}</table>
<h2>Reflecties</h2>
{reflections}
<h2>Afspraken en acties</h2>
{_agreements_table(agreements, mask)}
<h2>Voor gezien</h2>
<table class="signatures"><tr><th>{_text(subject_label)}</th><th>Leidinggevende</th></tr>
<tr><td></td><td></td></tr></table>
</body></html>
"""
