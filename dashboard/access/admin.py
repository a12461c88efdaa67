"""Administration of access and retention, from the command line.

    python -m dashboard.access.admin purge --older-than 730 [--store URL] [--by NAME]
    python -m dashboard.access.admin check [--config PATH]

`purge` deletes conversation records (with their agreements) and audit entries older than
the retention period, in one transaction, and logs the purge in the audit log. `check`
validates the access file and the pseudonym key a deployment configured.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.access.audit import purge_older_than
from dashboard.access.config import AccessConfigError, load_access_config
from dashboard.access.pseudonym import PseudonymKeyError, load_pseudonym_key
from dashboard.access.settings import get_access_settings
from dashboard.pdca.store import StoreError, open_store
from pipelines.settings import get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard.access.admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    purge = commands.add_parser("purge", help="bewaartermijn: oude gesprekken en auditregels")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAGEN")
    purge.add_argument("--store", default=None, help="URL van de PDCA-store (standaard: settings)")
    purge.add_argument("--by", default=None, help="wie de opschoning uitvoert (voor het logboek)")
    check = commands.add_parser("check", help="controleer toegangsbestand en sleutel")
    check.add_argument("--config", type=Path, default=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "purge":
            if args.older_than < 1:
                raise ValueError(f"--older-than moet minstens 1 zijn, niet {args.older_than}")
            store = open_store(args.store)
            result = purge_older_than(store, args.older_than, args.by or getpass.getuser())
            print(f"Opgeschoond: {result.describe()}.")
        else:
            settings = get_access_settings()
            path = args.config or settings.access_config
            config = load_access_config(path)
            load_pseudonym_key(settings, local_mode=False, data_dir=get_settings().data_dir)
            print(
                f"{path}: {len(config.users)} gebruikers, minimale groepsgrootte "
                f"{config.minimum_group_size}; pseudonimiseringssleutel in orde."
            )
    except (AccessConfigError, PseudonymKeyError, StoreError, ValueError) as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
