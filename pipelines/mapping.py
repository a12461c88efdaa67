"""Mapping files: how the columns of a source export become the canonical columns.

Sources with XES standard names (`case:concept:name`, `concept:name`, `time:timestamp`, ...)
or with the canonical names themselves need no mapping file. Any other export gets a small
YAML file, documented in `docs/mappings.md` and in `mappings/`:

    columns:                      # canonical name: source column
      case_id: Zaaknummer
      activity: Processtap
      event_at: Tijdstip
    null_values: ["", "EMPTY"]    # cell values that mean "no value"
    timezone: Europe/Amsterdam    # for timestamps without an offset
    closing_activities: [Besluit] # decision = the case's last event of these activities
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipelines.errors import SourceError
from pipelines.schema import (
    CASE_ATTRIBUTE_COLUMNS,
    DISPLAY_TIMEZONE,
    EVENT_COLUMNS,
    REQUIRED_EVENT_COLUMNS,
    XES_STANDARD_NAMES,
)

# Every canonical column a mapping may fill, in the order the upload page lists them.
MAPPABLE_COLUMNS: tuple[str, ...] = (*EVENT_COLUMNS, *CASE_ATTRIBUTE_COLUMNS)
CASE_ATTRIBUTE_PREFIX = "case:"


class Mapping(BaseModel):
    """The contents of a mapping file (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str | None = Field(default=None, description="What export this file maps.")
    columns: dict[str, str] = Field(
        default_factory=dict, description="Canonical column name -> source column name."
    )
    null_values: list[str] = Field(
        default_factory=lambda: [""], description="Cell values read as 'no value'."
    )
    timezone: str = Field(
        default=DISPLAY_TIMEZONE, description="Time zone of timestamps that carry no offset."
    )
    timestamp_format: str | None = Field(
        default=None,
        description="strftime format tried before the ISO 8601 forms, e.g. '%d-%m-%Y %H:%M'.",
    )
    closing_activities: list[str] = Field(
        default_factory=list,
        description="Decision = the case's last event of these activities (none: still open).",
    )
    receipt_activities: list[str] = Field(
        default_factory=list,
        description="Receipt = the case's first event of these activities, where the source "
        "has no receipt attribute.",
    )
    case_attributes: list[str] = Field(
        default_factory=list,
        description="Source columns that describe the case as a whole (besides case:* ones).",
    )
    sheet: str | None = Field(default=None, description="Excel: the sheet to read.")
    separator: str = Field(
        default=",", min_length=1, max_length=1, description="CSV: the field separator."
    )

    @field_validator("columns")
    @classmethod
    def _known_canonical_names(cls, columns: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(columns) - set(MAPPABLE_COLUMNS))
        if unknown:
            raise ValueError(
                f"unknown canonical column(s) {', '.join(unknown)}; "
                f"known: {', '.join(MAPPABLE_COLUMNS)}"
            )
        return columns

    @field_validator("timezone")
    @classmethod
    def _existing_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone '{name}'") from error
        return name


DEFAULT_MAPPING = Mapping()


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; SourceError naming the file and the first problem."""
    path = Path(path)
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SourceError(path, f"cannot read the mapping file: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise SourceError(path, f"not valid YAML: {str(error).splitlines()[0]}") from error
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise SourceError(path, "a mapping file must be a YAML mapping of keys to values")
    try:
        return Mapping.model_validate(content)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise SourceError(path, f"bad mapping: {where}: {first['msg']}") from error


def as_mapping(value: Mapping | dict | Path | str | None) -> Mapping:
    """A Mapping from a mapping, its contents as a dict, a mapping file, or None (default)."""
    if value is None:
        return DEFAULT_MAPPING
    if isinstance(value, Mapping):
        return value
    if isinstance(value, dict):
        try:
            return Mapping.model_validate(value)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "mapping"
            raise SourceError("mapping", f"bad mapping: {where}: {first['msg']}") from error
    return load_mapping(value)


@dataclass(frozen=True)
class ResolvedMapping:
    """Which source column fills which canonical column, for one concrete source."""

    columns: dict[str, str]  # canonical -> source column
    case_attribute_sources: tuple[str, ...] = field(default=())  # go to attributes (JSON)

    def source_for(self, canonical: str) -> str | None:
        return self.columns.get(canonical)


def resolve_mapping(
    source_columns: list[str], mapping: Mapping, path: Path | str
) -> ResolvedMapping:
    """Match a source's columns to canonical columns; SourceError for a missing required one."""
    present = set(source_columns)
    for canonical, source in mapping.columns.items():
        if source not in present:
            raise SourceError(
                path,
                f"missing column '{source}' (the mapping's source for {canonical})",
            )
    resolved = dict(mapping.columns)
    for canonical in MAPPABLE_COLUMNS:
        if canonical in resolved:
            continue
        candidates = [canonical, *_xes_names_for(canonical)]
        found = next((name for name in candidates if name in present), None)
        if found is not None:
            resolved[canonical] = found
    for canonical in REQUIRED_EVENT_COLUMNS:
        if canonical not in resolved:
            expected = " or ".join(f"'{name}'" for name in [*_xes_names_for(canonical), canonical])
            raise SourceError(
                path,
                f"missing required column {expected} for {canonical} "
                f"(or name its source column in a mapping file){_delimiter_hint(present)}",
            )
    used = set(resolved.values())
    extra = [name for name in mapping.case_attributes if name not in used]
    missing_extra = [name for name in extra if name not in present]
    if missing_extra:
        raise SourceError(path, f"missing column '{missing_extra[0]}' (a mapped case attribute)")
    prefixed = [
        name
        for name in source_columns
        if name.startswith(CASE_ATTRIBUTE_PREFIX) and name not in used and name not in extra
    ]
    return ResolvedMapping(resolved, tuple(extra + prefixed))


def describe_mapping(
    source_columns: list[str], mapping: Mapping | None = None
) -> dict[str, str | None]:
    """For each canonical column, the source column that would fill it (None: stays empty).

    Raises nothing for missing required columns, so the upload page can show the gaps.
    """
    mapping = mapping or DEFAULT_MAPPING
    present = set(source_columns)
    described: dict[str, str | None] = {}
    for canonical in MAPPABLE_COLUMNS:
        explicit = mapping.columns.get(canonical)
        if explicit is not None:
            described[canonical] = explicit if explicit in present else None
            continue
        candidates = [canonical, *_xes_names_for(canonical)]
        described[canonical] = next((name for name in candidates if name in present), None)
    return described


def _xes_names_for(canonical: str) -> list[str]:
    return [xes for xes, target in XES_STANDARD_NAMES.items() if target == canonical]


def _delimiter_hint(present) -> str:
    """A hint when the file read as one column whose name holds another delimiter."""
    names = list(present)
    if len(names) != 1:
        return ""
    for mark, label in ((";", "';'"), ("\t", "a tab"), (",", "','"), ("|", "'|'")):
        if mark in names[0]:
            return f"; hint: the file has one column containing {label}: is {label} its delimiter?"
    return ""
