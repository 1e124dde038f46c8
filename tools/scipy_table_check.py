"""Check migrate/tables/scipy_removals.py against the installed SciPy and NumPy.

    python -m tools.scipy_table_check

For every row: the replacement exists (module importable, or the attribute found), and
the old name is gone or warns that it goes (DeprecationWarning). Prints one line per
row that does not hold and exits 1 if any; tests/migrate/families/test_scipy_paths.py
runs it where SciPy is installed.
"""
from __future__ import annotations

import importlib
import sys
import warnings

from migrate.tables.scipy_removals import MODULES, ROWS


def resolve(path: str):
    """The object at ``path`` (modules imported as needed); AttributeError/ImportError if none."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for name in parts[end:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


def old_is_gone(path: str) -> bool:
    """True when ``path`` cannot be found, or warns (DeprecationWarning) when it is; a
    deprecated private module warns when one of its names is read."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        try:
            found = resolve(path)
            if path in MODULES:
                public = [name for name in dir(found) if not name.startswith("_")]
                for name in public[:1]:
                    getattr(found, name)
        except (ImportError, AttributeError, DeprecationWarning):
            return True
    return False


def problems() -> list[str]:
    found = []
    for row in ROWS:
        if row.new:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    resolve(row.new)
            except (ImportError, AttributeError) as error:
                found.append(f"{row.old}: its replacement {row.new} is missing ({type(error).__name__}: {error})")
        if not old_is_gone(row.old):
            found.append(f"{row.old}: still present without a DeprecationWarning")
    return found


def main() -> int:
    import numpy
    import scipy

    found = problems()
    for line in found:
        print(line)
    print(f"{len(ROWS) - len(found)} of {len(ROWS)} rows hold on SciPy {scipy.__version__}, "
          f"NumPy {numpy.__version__}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
