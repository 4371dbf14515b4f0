"""``python -m helpers.i18n [extract|check]``: the translation catalogues' own commands.

``extract`` writes the messages of the code to ``helpers/i18n/locale/lgdata.pot``;
``check`` (the default) lists every message the Welsh catalogue lacks, has not
translated or translates with the wrong placeholders, and exits 1 if there is
any. ``make catalogues`` runs both, with ``pybabel update`` and ``pybabel
compile`` between them.
"""

from __future__ import annotations

import sys

from helpers.i18n import LOCALE_DIR, check_catalogues, write_template


def main(argv: list[str] | None = None) -> int:
    """Run the command and return its exit status."""
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "check"
    if command == "extract":
        path = write_template()
        print(f"wrote {path.relative_to(LOCALE_DIR.parent.parent.parent)}")
        return 0
    if command == "check":
        problems = check_catalogues()
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) in the translation catalogues", file=sys.stderr)
            return 1
        print("the translation catalogues are complete")
        return 0
    print(f"unknown command {command!r}; expected extract or check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
