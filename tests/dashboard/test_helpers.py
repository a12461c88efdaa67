"""The dashboard's pure helpers: URL filters, fairness measures, Dutch number format."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.data import Filters, Where
from dashboard.fairness import coefficient_of_variation, gini, max_over_median
from dashboard.filters import filters_from_params, params_from_filters, year_before
from dashboard.formatting import complexity_rank, month_label, number, percent, plain
from dashboard.i18n import LABELS


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, Filters(start=date(2024, 1, 1), end=date(2024, 12, 31))),
        (
            {"van": "2024-03-01", "tot": "2024-03-31", "team": "T1,T2", "route": "AA"},
            Filters(date(2024, 3, 1), date(2024, 3, 31), teams=("T1", "T2"), routes=("AA",)),
        ),
        # reversed dates are swapped, a bad date falls back to the default
        ({"van": "2024-05-01", "tot": "2024-04-01"}, Filters(date(2024, 4, 1), date(2024, 5, 1))),
        ({"van": "gisteren"}, Filters(start=date(2024, 1, 1), end=date(2024, 12, 31))),
        (
            {"locatie": "ZW", "product": "asiel,nareis"},
            Filters(
                date(2024, 1, 1),
                date(2024, 12, 31),
                locations=("ZW",),
                case_types=("asiel", "nareis"),
            ),
        ),
    ],
)
def test_filters_from_url(params: dict[str, str], expected: Filters) -> None:
    assert filters_from_params(params, default_end=date(2024, 12, 31)) == expected


def test_filters_round_trip_through_the_url() -> None:
    chosen = Filters(date(2024, 2, 1), date(2024, 2, 29), locations=("ZW",), teams=("ZW-AA1",))
    params = params_from_filters(chosen)
    assert params == {"van": "2024-02-01", "tot": "2024-02-29", "locatie": "ZW", "team": "ZW-AA1"}
    assert filters_from_params(params, default_end=None) == chosen


@pytest.mark.parametrize(
    ("end", "start"),
    [
        (date(2024, 12, 31), date(2024, 1, 1)),
        (date(2024, 2, 29), date(2023, 3, 1)),
        (date(2025, 6, 15), date(2024, 7, 1)),
        (date(2026, 10, 30), date(2025, 11, 1)),
    ],
)
def test_default_period_is_the_twelve_calendar_months_up_to_the_data(
    end: date, start: date
) -> None:
    assert year_before(end) == start


def test_no_data_means_no_period() -> None:
    assert filters_from_params({}, default_end=None) == Filters()


@pytest.mark.parametrize(
    ("values", "cv", "max_median", "gini_value"),
    [
        ([2.0, 2.0, 2.0, 2.0], 0.0, 1.0, 0.0),
        ([1.0, 2.0, 3.0, 4.0], (1.25**0.5) / 2.5, 4 / 2.5, 0.25),  # pstdev sqrt(1.25), mean 2.5
        ([0.0, 0.0, 0.0, 4.0], (3**0.5), None, 0.75),  # median 0: ratio undefined
        ([5.0], None, 1.0, None),
    ],
)
def test_fairness_measures(values, cv, max_median, gini_value) -> None:
    assert coefficient_of_variation(values) == (None if cv is None else pytest.approx(cv))
    assert max_over_median(values) == (None if max_median is None else pytest.approx(max_median))
    assert gini(values) == (None if gini_value is None else pytest.approx(gini_value))


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234567.891, 1, "nl", "1.234.567,9"),
        (1234567.891, 1, "en", "1,234,567.9"),
        (0, 0, "nl", "0"),
        (None, 0, "nl", "–"),
        (float("nan"), 2, "nl", "–"),
    ],
)
def test_dutch_number_format(value, decimals, lang, expected) -> None:
    assert number(value, decimals, lang) == expected


def test_percent_sign_and_missing_value() -> None:
    assert percent(70.555, 1) == "70,6%"
    assert percent(None) == "–"


def test_every_label_has_both_languages() -> None:
    assert all(len(pair) == 2 and all(pair) for pair in LABELS.values())


def test_scope_becomes_parameters_not_sql_text() -> None:
    where = Where().within("c.team_id", ["T2", "T1"]).within("c.route", None)
    assert where.sql == "list_contains($scope_0::varchar[], c.team_id)"
    assert where.params == {"scope_0": ["T1", "T2"]}


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (date(2026, 3, 31), "nl", "mrt 2026"),
        ("2025-10", "nl", "okt 2025"),
        ("2025-05", "en", "May 2025"),
    ],
)
def test_month_labels(value, lang, expected) -> None:
    assert month_label(value, lang) == expected


def test_complexity_classes_sort_from_low_to_high_then_others_then_unknown() -> None:
    labels = ["hoog", "(onbekend)", "zeer hoog", "laag", "Midden", "extra"]
    assert sorted(labels, key=complexity_rank) == [
        "laag",
        "Midden",
        "hoog",
        "extra",
        "zeer hoog",
        "(onbekend)",
    ]


def _table_script() -> None:
    import polars as pl
    import streamlit as st

    from dashboard import components
    from dashboard.i18n import t

    frame = pl.DataFrame(
        {
            "name": ["a", "b"],
            "load_id": [1234, 7],
            "cases": [1601, 98],
            "hours": [2246.4, 1.6],
            "share": [89.24, float("nan")],
        }
    )
    components.table(
        frame,
        "Tabel",
        {
            "name": "col_team",
            "load_id": "col_load_id",
            "cases": "cases",
            "hours": "hours",
            "share": "col_share_pct",
        },
        key="t",
        formats={t("hours"): st.column_config.NumberColumn(format="%.0f")},
    )


@pytest.mark.parametrize(("lang", "whole"), [("nl", "%'.,d"), ("en", "%,d")])
def test_tables_group_whole_numbers_by_the_page_language(lang: str, whole: str) -> None:
    """1.601 on a Dutch page, 1,601 on an English one, whatever the browser's locale;
    decimals in the reader's locale."""
    import json

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_table_script)
    at.query_params["taal"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [table] = at.dataframe
    shown = table.value
    formats = {
        name: config.get("type_config", {}).get("format")
        for name, config in json.loads(table.proto.columns).items()
    }
    load, cases, hours, share = (
        LABELS[key][0 if lang == "nl" else 1]
        for key in ("col_load_id", "cases", "hours", "col_share_pct")
    )
    assert formats[cases] == whole
    assert formats[load] == "%d"  # an identifier: load 1234, not 1.234
    assert formats[hours] == whole  # rounded to whole hours: grouped as whole numbers
    assert formats[share] == "localized"
    assert shown[hours].tolist() == [2246, 2]
    assert shown[share].tolist()[0] == 89.2  # decimals rounded to one place


def test_plain_text_keeps_markdown_characters_as_typed() -> None:
    assert plain("m_de_boer@ind.nl") == r"m\_de\_boer@ind\.nl"
    assert plain("**vet** [link](x)") == r"\*\*vet\*\* \[link\]\(x\)"
