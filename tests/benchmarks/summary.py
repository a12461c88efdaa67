"""From the warehouse benchmark's results to the figures table and the targets, PASS or MISS.

Pure functions of the results dict (`bench_warehouse.run`), so the targets are tested on
hand-written numbers. A target compares the measured figure with its limit as the issue states
it; nothing is rounded in the figure's favour.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

GIB = 1024**3
PAGE_P95_LIMIT_S = 0.5
REFRESH_FLOOR_FACTOR = 5.0
PM4PY_FACTOR = 15.0
LOAD_PEAK_RSS_LIMIT_BYTES = 2 * GIB


@dataclass(frozen=True)
class Row:
    """One line of the figures table: seconds, and the ratio to the scan floor."""

    figure: str
    median_s: float | None
    min_s: float | None
    max_s: float | None
    ratio_to_floor: float | None
    note: str = ""


@dataclass(frozen=True)
class Target:
    """One target: the measured value, the limit it must stay under, and the verdict."""

    target: str
    measured: str
    limit: str
    passed: bool

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "MISS"


def figure_rows(results: dict[str, Any]) -> list[Row]:
    """Every measured figure as a table row, in the order of docs/performance.md."""
    floor = results.get("scan_floor", {}).get("median_s")
    data = results.get("data", {})
    replicas = data.get("parquet_replicas", "?")
    rows: list[Row] = []

    def add(figure: str, timing: dict[str, Any] | None, note: str = "") -> None:
        if not timing or "median_s" not in timing:
            error = (timing or {}).get("error", "not measured")
            rows.append(Row(figure, None, None, None, None, error))
            return
        median = timing["median_s"]
        ratio = median / floor if floor else None
        runs = f"{timing['repeats']} runs" if timing["repeats"] != 1 else "1 run"
        note = f"{runs}; {note}" if note else runs
        rows.append(Row(figure, median, timing["min_s"], timing["max_s"], ratio, note))

    xes = results.get("xes_ingest")
    add("1 XES ingest, end to end (load_files)", xes, _ingest_note(xes))
    add("  of which refresh of derived tables", results.get("xes_refresh"), "measured apart")
    peers = results.get("xes_peers", {})
    add("  rustxes, parse only", peers.get("rustxes"))
    add("  PM4Py read_xes, iterparse", peers.get("pm4py_iterparse"))
    default = peers.get("pm4py_default") or {}
    add("  PM4Py read_xes, default", default, f"backend: {default.get('backend')}")
    ingest = results.get("parquet_ingest")
    add(f"2 Parquet ingest, BPIC x{replicas}", ingest, _ingest_note(ingest))
    refresh = results.get("full_refresh") or {}
    add("3 full refresh of derived tables", refresh, f"{refresh.get('tables', '?')} tables")
    incremental = results.get("incremental", {})
    load = incremental.get("load", {})
    add(
        "  incremental load of one more replica",
        load,
        f"{load.get('events_per_run', 0):,} new events, load + refresh",
    )
    add("  incremental refresh of that load", incremental.get("refresh"))
    for table, timing in results.get("reference_loads", {}).items():
        add(
            f"  load of a new {table} file alone",
            timing,
            f"{timing.get('tables_written', '?')} of {timing.get('tables', '?')} tables rewritten",
        )
    pages = results.get("pages", {"error": "not measured"})
    # Pages measured apart from the rest of the run carry the scan floor measured with them.
    page_floor = results.get("pages_conditions", {}).get("scan_floor_then", {}).get("median_s")
    page_floor = page_floor or floor
    if "error" in pages:
        rows.append(Row("4 dashboard pages", None, None, None, None, str(pages["error"])))
    for page, timing in sorted(p for p in pages.items() if isinstance(p[1], dict)):
        if "error" in timing:
            rows.append(Row(f"4 page {page}", None, None, None, None, timing["error"]))
            continue
        warm = timing.get("warm", {})
        rows.append(
            Row(
                f"4 page {page}, cold (p50)",
                timing["p50_s"],
                timing["min_s"],
                timing["max_s"],
                timing["p50_s"] / page_floor if page_floor else None,
                f"p95 {_ms(timing['p95_s'])} over {timing['visits']} visits; "
                f"warm p50 {_ms(warm.get('p50_s'))}, p95 {_ms(warm.get('p95_s'))}",
            )
        )
    add("5 scan floor", results.get("scan_floor"), "count, max(event_at), sum(hash(case_id))")
    baselines = results.get("baselines", {})
    for name, timing in baselines.get("sql", {}).items():
        add(f"  plain SQL: {name}", timing, f"BPIC x{replicas}")
    pandas = baselines.get("pandas", {})
    for name in ("lead_times", "weekly_employee", "service_times"):
        add(
            f"  pandas: {name}",
            pandas.get(name),
            f"BPIC x{pandas.get('replicas')} in memory (read {pandas.get('read_s', 0):.1f} s, "
            f"peak RSS {_gib(pandas.get('peak_rss_bytes', 0))})",
        )
    return rows


def targets(results: dict[str, Any]) -> list[Target]:
    """The issue's targets, each judged on the figures of this run (unmeasured = MISS)."""
    found: list[Target] = []
    xes = _median(results.get("xes_ingest"))
    peers = results.get("xes_peers", {})
    rustxes = _median(peers.get("rustxes"))
    found.append(_compare("XES end to end < rustxes parse", xes, rustxes, strict=True))
    pm4py = _median(peers.get("pm4py_iterparse"))
    found.append(
        _compare(
            "XES end to end <= PM4Py iterparse / 15",
            xes,
            None if pm4py is None else pm4py / PM4PY_FACTOR,
        )
    )
    floor = _median(results.get("scan_floor"))
    refresh = _median(results.get("full_refresh"))
    found.append(
        _compare(
            "full refresh <= 5x scan floor",
            refresh,
            None if floor is None else REFRESH_FLOOR_FACTOR * floor,
            extra="" if refresh is None or not floor else f" ({refresh / floor:.0f}x)",
        )
    )
    pages = {name: t for name, t in results.get("pages", {}).items() if isinstance(t, dict)}
    if not pages:
        found.append(Target("every page p95 < 500 ms", "not measured", "< 500 ms", False))
    for page, timing in sorted(pages.items()):
        p95 = timing.get("p95_s")
        found.append(
            Target(
                f"page {page} p95 (cold) < 500 ms",
                _ms(p95),
                "< 500 ms",
                p95 is not None and p95 < PAGE_P95_LIMIT_S,
            )
        )
    peak = (results.get("parquet_ingest") or {}).get("peak_rss_bytes")
    found.append(
        Target(
            "Parquet load peak RSS < 2 GiB",
            "not measured" if peak is None else _gib(peak),
            "< 2.00 GiB",
            peak is not None and peak < LOAD_PEAK_RSS_LIMIT_BYTES,
        )
    )
    for name, check in results.get("equality", {}).items():
        compared = check.get("compared", name)
        found.append(
            Target(
                f"product = pandas on BPIC 2012: {compared}",
                check["detail"],
                "same numbers",
                bool(check["equal"]),
            )
        )
    return found


def _compare(
    label: str, measured: float | None, limit: float | None, strict: bool = False, extra: str = ""
) -> Target:
    sign = "<" if strict else "<="
    if measured is None or limit is None:
        return Target(label, _s(measured) + extra, f"{sign} {_s(limit)}", False)
    passed = measured < limit if strict else measured <= limit
    return Target(label, _s(measured) + extra, f"{sign} {_s(limit)}", passed)


def _median(timing: dict[str, Any] | None) -> float | None:
    return (timing or {}).get("median_s")


def _ingest_note(ingest: dict[str, Any] | None) -> str:
    if not ingest or "events" not in ingest:
        return ""
    return (
        f"{ingest['events']:,} events, {ingest['events_per_s']:,.0f} ev/s, "
        f"peak RSS {_gib(ingest['peak_rss_bytes'])}"
    )


def format_table(results: dict[str, Any]) -> str:
    """The figures and the targets as plain-text tables for stdout."""
    machine = results.get("machine") or results["machine_at_start"]
    busy = results["machine_at_start"]["load_average_1m"], machine["load_average_1m"]
    lines = [
        f"{machine['cpu_model']}, {machine['cores']} cores, {machine['memory_gib']} GiB; "
        f"load average {busy[0]} at start, {busy[1]} at end",
    ]
    if not results.get("complete"):
        lines.append("INCOMPLETE RUN: it was stopped; what it did not reach shows as not measured")
    lines += [
        "",
        f"{'figure':<40} {'median':>9} {'min':>9} {'max':>9} {'x floor':>8}  note",
    ]
    for row in figure_rows(results):
        lines.append(
            f"{row.figure:<40} {_cell(row.median_s)} {_cell(row.min_s)} {_cell(row.max_s)} "
            f"{_ratio(row.ratio_to_floor)}  {row.note}"
        )
    lines += ["", f"{'verdict':<7}  {'target':<52} {'measured':>16}  {'limit':<14}"]
    for target in targets(results):
        lines.append(
            f"{target.verdict:<7}  {target.target:<52} {target.measured:>16}  {target.limit:<14}"
        )
    return "\n".join(lines)


def summary_document(results: dict[str, Any], modules: dict[str, str]) -> dict[str, Any]:
    """What `summary.json` holds: machine, figures, targets, and how each module fared."""
    return {
        "complete": bool(results.get("complete")),
        "machine": results.get("machine") or results["machine_at_start"],
        "load_average_1m_at_start": results["machine_at_start"]["load_average_1m"],
        "data": results.get("data", {}),
        "figures": [asdict(row) for row in figure_rows(results)],
        "targets": [{**asdict(t), "verdict": t.verdict} for t in targets(results)],
        "equality": results.get("equality", {}),
        "modules": modules,
    }


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "not measured"
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def _gib(size_bytes: float) -> str:
    return f"{size_bytes / GIB:.2f} GiB"


def _cell(seconds: float | None) -> str:
    return f"{'-':>9}" if seconds is None else f"{seconds:>8.3f}s"


def _ratio(ratio: float | None) -> str:
    return f"{'-':>8}" if ratio is None else f"{ratio:>7.1f}x"
