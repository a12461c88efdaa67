"""The streaming XES reader: exact frames for hand-written logs, agreement with PM4Py's own
reader on BPIC 2012, one-line errors for bad input, and bounded memory on a large file."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.errors import SourceError
from pipelines.readers import xes
from pipelines.readers.xes import iter_xes_batches

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BPIC_2012 = PROJECT_ROOT / "data" / "real" / "bpic2012.xes.gz"

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- written by hand for the reader's tests -->
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<global scope="event">
\t\t<string key="concept:name" value="UNKNOWN"/>
\t</global>
\t<classifier name="Activity classifier" keys="concept:name"/>
\t<int key="meta:traces" value="2">
\t\t<int key="meta:nested" value="1"/>
\t</int>
"""

# Every oddity the exact path must handle: entities, a numeric reference, single quotes,
# `value` before `key`, a nested attribute, a list, an event without org:resource.
ODD_LOG = (
    HEADER
    + """\t<trace>
\t\t<string key="concept:name" value="case-1"/>
\t\t<date key="REG_DATE" value="2024-03-30T10:00:00.000+01:00"/>
\t\t<event>
\t\t\t<string key="concept:name" value="Intake &amp; check &lt;A&gt;"/>
\t\t\t<date key="time:timestamp" value="2024-03-31T09:00:00.000+02:00"/>
\t\t\t<string key="org:resource" value="emp&#45;1"/>
\t\t\t<string key="lifecycle:transition" value="complete"/>
\t\t</event>
\t\t<event>
\t\t\t<string value="beschikking" key="concept:name"/>
\t\t\t<date key='time:timestamp' value='2024-04-02T10:30:00+02:00'/>
\t\t\t<string key="note" value="zegt &quot;ja&quot;">
\t\t\t\t<string key="nested" value="skipped"/>
\t\t\t</string>
\t\t\t<list key="tags"><values><string key="tag" value="skipped too"/></values></list>
\t\t</event>
\t\t<event>
\t\t\t<string key="concept:name" value="regel1&#10;regel2"/>
\t\t\t<date key="time:timestamp" value="2024-04-03T11:00:00Z"/>
\t\t\t<string key="org:resource" value="emp-1"/>
\t\t</event>
\t</trace>
\t<trace>
\t\t<string key="concept:name" value="case-2"/>
\t\t<event>
\t\t\t<string key="concept:name" value="ontvangst"/>
\t\t\t<date key="time:timestamp" value="2024-04-01T08:00:00Z"/>
\t\t\t<string key="org:resource" value="emp-2"/>
\t\t</event>
\t</trace>
</log>
"""
)

# The same events written the way XES tools write them, which the fast path accepts.
CANONICAL_LOG = (
    HEADER
    + """\t<trace>
\t\t<string key="concept:name" value="case-1"/>
\t\t<date key="REG_DATE" value="2024-03-30T10:00:00.000+01:00"/>
\t\t<event>
\t\t\t<string key="concept:name" value="Intake &amp; check &lt;A&gt;"/>
\t\t\t<date key="time:timestamp" value="2024-03-31T09:00:00.000+02:00"/>
\t\t\t<string key="org:resource" value="emp&#45;1"/>
\t\t\t<string key="lifecycle:transition" value="complete"/>
\t\t</event>
\t\t<event>
\t\t\t<string key="concept:name" value="beschikking"/>
\t\t\t<date key="time:timestamp" value="2024-04-02T10:30:00+02:00"/>
\t\t\t<string key="note" value="zegt &quot;ja&quot;"/>
\t\t</event>
\t\t<event>
\t\t\t<string key="concept:name" value="regel1&#10;regel2"/>
\t\t\t<date key="time:timestamp" value="2024-04-03T11:00:00Z"/>
\t\t\t<string key="org:resource" value="emp-1"/>
\t\t</event>
\t</trace>
\t<trace>
\t\t<string key="concept:name" value="case-2"/>
\t\t<event>
\t\t\t<string key="concept:name" value="ontvangst"/>
\t\t\t<date key="time:timestamp" value="2024-04-01T08:00:00Z"/>
\t\t\t<string key="org:resource" value="emp-2"/>
\t\t</event>
\t</trace>
</log>
"""
)

EXPECTED_COLUMNS = [
    "event_number",
    "case:concept:name",
    "case:REG_DATE",
    "concept:name",
    "time:timestamp",
    "org:resource",
    "lifecycle:transition",
    "note",
]

EXPECTED = pl.DataFrame(
    {
        "event_number": [1, 2, 3, 4],
        "case:concept:name": ["case-1", "case-1", "case-1", "case-2"],
        "case:REG_DATE": ["2024-03-30T10:00:00.000+01:00"] * 3 + [None],
        "concept:name": ["Intake & check <A>", "beschikking", "regel1\nregel2", "ontvangst"],
        "time:timestamp": [
            "2024-03-31T09:00:00.000+02:00",
            "2024-04-02T10:30:00+02:00",
            "2024-04-03T11:00:00Z",
            "2024-04-01T08:00:00Z",
        ],
        "org:resource": ["emp-1", None, "emp-1", "emp-2"],
        "lifecycle:transition": ["complete", None, None, None],
        "note": [None, 'zegt "ja"', None, None],
    },
    schema={name: pl.Int64 if name == "event_number" else pl.String for name in EXPECTED_COLUMNS},
)


def read_all(path: Path, batch_rows: int = 500_000) -> pl.DataFrame:
    return pl.concat(list(iter_xes_batches(path, batch_rows=batch_rows)), how="diagonal")


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def write(path: Path, text: str, compress: bool = False) -> Path:
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize(
    "log",
    [ODD_LOG, CANONICAL_LOG, CANONICAL_LOG.replace("\n", "\r\n")],
    ids=["exact-path", "fast-path", "fast-path-crlf"],
)
@pytest.mark.parametrize("compress", [False, True], ids=["xes", "xes.gz"])
def test_hand_written_log_gives_the_exact_frame_in_batches_that_split_a_trace(
    tmp_path: Path, log: str, compress: bool
) -> None:
    # A misleading name: gzip must be recognised by its magic bytes.
    path = write(tmp_path / "log.xes", log, compress=compress)
    batches = list(iter_xes_batches(path, batch_rows=2))
    assert [batch.height for batch in batches] == [2, 2]
    assert all(
        dtype == pl.String for b in batches for n, dtype in b.schema.items() if n != "event_number"
    )
    combined = pl.concat(batches, how="diagonal").select(EXPECTED_COLUMNS)
    assert_frame_equal(combined, EXPECTED)


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_canonical_log_really_takes_the_fast_path(line_end: str) -> None:
    body = CANONICAL_LOG.replace("\n", line_end).encode()
    piece = body[body.index(b"<trace>") : body.rindex(b"</trace>") + len(b"</trace>")]
    assert xes._parse_canonical_piece(piece, first_event_number=1) is not None
    odd = ODD_LOG.encode()
    odd_piece = odd[odd.index(b"<trace>") : odd.rindex(b"</trace>") + len(b"</trace>")]
    assert xes._parse_canonical_piece(odd_piece, first_event_number=1) is None


def test_fast_and_exact_paths_agree_on_the_real_log(tmp_path: Path) -> None:
    text = gzip.decompress(BPIC_2012.read_bytes())
    # The first 3,000 traces, and the same with a comment that sends every piece to expat.
    cut = 0
    for _ in range(3000):
        cut = text.index(b"</trace>", cut) + len(b"</trace>")
    head, footer = text[:cut], b"\n</log>\n"
    fast = write(tmp_path / "fast.xes", (head + footer).decode())
    first_trace = head.index(b"<trace>") + len(b"<trace>")
    with_comment = head[:first_trace] + b"<!-- a comment -->" + head[first_trace:]
    exact = write(tmp_path / "exact.xes", (with_comment + footer).decode())
    fast_frame = read_all(fast)
    assert fast_frame.height > 50_000
    assert_frame_equal(read_all(exact), fast_frame, check_column_order=False)


def test_fast_path_resumes_after_a_piece_expat_had_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = gzip.decompress(BPIC_2012.read_bytes())
    cut = 0
    for _ in range(2000):
        cut = text.index(b"</trace>", cut) + len(b"</trace>")
    head, footer = text[:cut], b"\n</log>\n"
    first_trace = head.index(b"<trace>") + len(b"<trace>")
    # A comment in the first trace and another in a later one: two pieces for expat.
    second = head.index(b"<trace>", len(head) // 2) + len(b"<trace>")
    commented = (
        head[:first_trace]
        + b"<!-- one -->"
        + head[first_trace:second]
        + b"<!-- two </trace> -->"
        + head[second:]
    )
    plain = write(tmp_path / "plain.xes", (head + footer).decode())
    odd = write(tmp_path / "odd.xes", (commented + footer).decode())
    monkeypatch.setattr(xes, "READ_CHUNK_BYTES", 512 * 1024)
    outcomes: list[bool] = []
    fast_parse = xes._parse_canonical_piece

    def spy(piece: bytes, first_event_number: int):
        parsed = fast_parse(piece, first_event_number)
        outcomes.append(parsed is not None)
        return parsed

    monkeypatch.setattr(xes, "_parse_canonical_piece", spy)
    assert_frame_equal(read_all(odd), read_all(plain), check_column_order=False)
    odd_outcomes = outcomes[: len(outcomes) // 2]
    # Only the two pieces with a comment went to expat; the fast path came back after each.
    assert odd_outcomes.count(False) == 2
    assert odd_outcomes[0] is False and odd_outcomes[-1] is True
    assert len(odd_outcomes) > 10


@pytest.mark.slow
def test_bpic_2012_matches_pm4py_iterparse_row_for_row() -> None:
    import pm4py

    ours = read_all(BPIC_2012)
    assert ours.height == 262_200
    assert ours["case:concept:name"].n_unique() == 13_087
    assert ours["event_number"].to_list() == list(range(1, 262_201))
    theirs = pl.from_pandas(
        pm4py.read_xes(str(BPIC_2012), variant="iterparse", show_progress_bar=False)
    )
    keys = ["case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition"]
    # PM4Py parses timestamps; ours are the raw text, compared here as the same instants.
    ours_events = ours.select(
        *keys[:2],
        pl.col("time:timestamp")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z")
        .dt.convert_time_zone("UTC"),
        keys[3],
        "org:resource",
    )
    theirs_events = theirs.select(
        *keys[:2],
        pl.col("time:timestamp").cast(pl.Datetime("us", "UTC")),
        keys[3],
        "org:resource",
    )
    order = [*keys, "org:resource"]
    assert_frame_equal(
        ours_events.sort(order, nulls_last=True), theirs_events.sort(order, nulls_last=True)
    )


def _truncated_gzip(path: Path) -> Path:
    data = BPIC_2012.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


BAD_INPUTS = {
    "truncated gzip": (_truncated_gzip, "truncated gzip stream"),
    "unclosed tag at the end": (
        lambda path: write(path, HEADER + "\t<trace>\n\t\t<event>\n"),
        "malformed XML at line 14",
    ),
    "mismatched tag": (
        lambda path: write(
            path,
            HEADER
            + '\t<trace>\n\t\t<event>\n\t\t\t<string key="a" value="b"/>\n\t</trace>\n</log>\n',
        ),
        "malformed XML at line 15, column 3: mismatched tag",
    ),
    "tag without its closing bracket": (
        lambda path: write(
            path,
            HEADER + '\t<trace>\n\t\t<event>\n\t\t\t<string key="a" value="b"\n\t\t</event>\n'
            "\t</trace>\n</log>\n",
        ),
        "malformed XML at line 15, column 2: not well-formed",
    ),
    "invalid UTF-8 in a value": (
        lambda path: write_bytes(
            path,
            (HEADER + '\t<trace>\n\t\t<event>\n\t\t\t<string key="a" value="').encode()
            + b"caf\xe9"
            + b'"/>\n\t\t</event>\n\t</trace>\n</log>\n',
        ),
        "malformed XML at line 14",
    ),
    "empty file": (lambda path: write(path, ""), "empty file"),
    "empty gzip": (lambda path: write(path, "", compress=True), "empty file"),
    "XML that is not an XES log": (
        lambda path: write(path, '<?xml version="1.0"?>\n<rows><row a="1"/></rows>\n'),
        "not an XES log: the root element is <rows>",
    ),
    "plain text": (
        lambda path: write(path, "case,activity\n1,intake\n"),
        "malformed XML at line 1",
    ),
}


@pytest.mark.parametrize("make, problem", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_raises_a_one_line_source_error(tmp_path: Path, make, problem: str) -> None:
    path = make(tmp_path / "bad.xes.gz")
    with pytest.raises(SourceError) as raised:
        read_all(path)
    assert raised.value.path == path
    assert problem in raised.value.problem
    assert "\n" not in str(raised.value)


def test_malformed_xml_deep_in_a_large_file_is_found_with_its_line(tmp_path: Path) -> None:
    text = gzip.decompress(BPIC_2012.read_bytes())
    # Break one closing tag about two thirds in, beyond the first pieces the fast path took.
    position = text.index(b"</event>", len(text) * 2 // 3)
    broken = text[:position] + b"</evnt>" + text[position + len(b"</event>") :]
    line = broken[:position].count(b"\n") + 1
    path = tmp_path / "broken.xes.gz"
    path.write_bytes(gzip.compress(broken, compresslevel=1))
    with pytest.raises(SourceError, match=f"malformed XML at line {line}, .*mismatched tag"):
        read_all(path)


# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss would include the pytest process's own
# memory, which the child inherits at fork, before exec.
_MEMORY_CHILD = """
import json, re, sys
from pathlib import Path
from pipelines.readers.xes import iter_xes_batches
events = 0
for batch in iter_xes_batches(Path(sys.argv[1]), batch_rows=200_000):
    events += batch.height
status = Path("/proc/self/status").read_text()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024
print(json.dumps({"events": events, "peak_rss_bytes": peak}))
"""


@pytest.mark.slow
def test_a_large_file_streams_with_bounded_memory(tmp_path: Path) -> None:
    text = gzip.decompress(BPIC_2012.read_bytes())
    first, last = text.index(b"<trace>"), text.rindex(b"</trace>") + len(b"</trace>")
    header, traces = text[:first], text[first:last]
    repeats = 3  # 3 x 74 MB = 222 MB of XML, about three times the memory bound below
    path = tmp_path / "large.xes"
    with path.open("wb") as out:
        out.write(header)
        for _ in range(repeats):
            out.write(traces)
            out.write(b"\n\t")
        out.write(b"\n</log>\n")
    assert path.stat().st_size > 200_000_000
    completed = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    measured = json.loads(completed.stdout)
    assert measured["events"] == repeats * 262_200
    peak_mib = measured["peak_rss_bytes"] / 1024**2
    assert peak_mib < 600, f"peak RSS {peak_mib:.0f} MiB"


def test_a_declared_latin_1_encoding_is_honoured(tmp_path: Path) -> None:
    log = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<log>\n\t<trace>\n'
        b'\t\t<string key="concept:name" value="zaak-\xe9"/>\n'
        b'\t\t<event>\n\t\t\t<string key="concept:name" value="caf\xe9"/>\n\t\t</event>\n'
        b"\t</trace>\n</log>\n"
    )
    path = tmp_path / "latin1.xes"
    path.write_bytes(log)
    assert read_all(path).to_dicts() == [
        {"event_number": 1, "case:concept:name": "zaak-é", "concept:name": "café"}
    ]


def test_source_error_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read the file"):
        read_all(tmp_path / "absent.xes")


def test_a_log_without_events_yields_nothing(tmp_path: Path) -> None:
    assert list(iter_xes_batches(write(tmp_path / "none.xes", HEADER + "</log>\n"))) == []


def test_hand_written_text(tmp_path: Path) -> None:
    log = textwrap.dedent(
        """\
        <log>
          <trace><string key="concept:name" value="c"/>
            <event><string key="concept:name" value="a"/></event>
            <event/>
          </trace>
        </log>
        """
    )
    frame = read_all(write(tmp_path / "small.xes", log))
    expected = pl.DataFrame(
        {"event_number": [1, 2], "case:concept:name": ["c", "c"], "concept:name": ["a", None]},
        schema={
            "event_number": pl.Int64,
            "case:concept:name": pl.String,
            "concept:name": pl.String,
        },
    )
    assert_frame_equal(frame, expected)
