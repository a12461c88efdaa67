"""Stable pseudonyms for employees: a keyed hash (HMAC-SHA256) of the employee id.

The same id gives the same pseudonym on every page and every day, so a locatiehoofd can follow
a distribution over time; without the key nobody can compute the pseudonym of a known id.
The key never lives in the repository: it comes from STURING_PSEUDONYM_KEY or a key file, and
only the local demo mode generates one in its data directory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from dashboard.access.settings import AccessSettings
from pipelines.settings import PROJECT_ROOT

PSEUDONYM_PREFIX = "MW-"
PSEUDONYM_HEX_DIGITS = 10  # 40 bits: no collision to speak of among a few thousand staff
MINIMUM_KEY_LENGTH = 32
DEMO_KEY_FILE_NAME = "pseudonym.key"


class PseudonymKeyError(Exception):
    """No usable pseudonym key; the message says what a deployment must configure."""


def pseudonym(employee_id: str, key: bytes) -> str:
    """The pseudonym of one employee id, e.g. 'MW-3F9A0C12BE'."""
    digest = hmac.new(key, employee_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return PSEUDONYM_PREFIX + digest[:PSEUDONYM_HEX_DIGITS].upper()


def pseudonymise_columns(frame: pl.DataFrame, columns: Iterable[str], key: bytes) -> pl.DataFrame:
    """`frame` with each of `columns` (employee ids) replaced by their pseudonyms; nulls stay."""
    replaced = []
    for column in columns:
        ids = frame.get_column(column).drop_nulls().cast(pl.String).unique().to_list()
        mapping = {employee_id: pseudonym(employee_id, key) for employee_id in ids}
        replaced.append(
            pl.col(column)
            .cast(pl.String)
            .replace_strict(mapping, default=None, return_dtype=pl.String)
            .alias(column)
        )
    return frame.with_columns(replaced) if replaced else frame


def _checked(key: bytes, source: str) -> bytes:
    if len(key) < MINIMUM_KEY_LENGTH:
        raise PseudonymKeyError(
            f"{source}: pseudonimiseringssleutel te kort ({len(key)} tekens, minimaal "
            f"{MINIMUM_KEY_LENGTH})"
        )
    return key


def _inside_repository(path: Path) -> bool:
    resolved = path.resolve()
    return resolved == PROJECT_ROOT or PROJECT_ROOT in resolved.parents


def generate_demo_key(data_dir: Path) -> bytes:
    """The local demo's key in `data_dir` (git-ignored), created on first use, owner-only."""
    path = data_dir / DEMO_KEY_FILE_NAME
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two sessions starting at once must not each write a different key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_hex(32))
    return _checked(path.read_text(encoding="utf-8").strip().encode("utf-8"), str(path))


def load_pseudonym_key(settings: AccessSettings, local_mode: bool, data_dir: Path) -> bytes:
    """The key from the environment or a key file; in local demo mode a generated one."""
    if settings.pseudonym_key is not None:
        return _checked(
            settings.pseudonym_key.get_secret_value().encode("utf-8"), "STURING_PSEUDONYM_KEY"
        )
    if settings.pseudonym_key_file is not None:
        path = settings.pseudonym_key_file
        if not local_mode and _inside_repository(path):
            raise PseudonymKeyError(
                f"{path}: het sleutelbestand staat in de repository; zet het daarbuiten"
            )
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            raise PseudonymKeyError(f"{path}: sleutelbestand niet leesbaar") from None
        return _checked(text.encode("utf-8"), str(path))
    if local_mode:
        return generate_demo_key(data_dir)
    raise PseudonymKeyError(
        "geen pseudonimiseringssleutel: zet STURING_PSEUDONYM_KEY of STURING_PSEUDONYM_KEY_FILE"
    )
