"""``python -m tools.eager_snapshot OUT [--compare OLD]``: the `--to eager` translation
(code and findings) of every Session script the project holds, one file each under OUT:
the fixtures (tests/fixtures/*), seed_data's scripts, and the differential generator's
programs START..START+N-1 (--programs N, default 300; --start, default 0). The eager unit
tests' before/after cases are not included: they assert their own outputs.

A refactoring of the eager stage that must not change what it writes is checked by
taking a snapshot before and after and comparing them (`--compare OLD` prints every file
that differs and exits 1). Needs no TensorFlow: translation is pure.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def sources(programs: int, start: int = 0):
    for path in sorted((REPO / "tests" / "fixtures").rglob("*.py")):
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8")
    for path in sorted((REPO / "seed_data").rglob("*.py")) if (REPO / "seed_data").exists() else []:
        yield str(path.relative_to(REPO)), path.read_text(encoding="utf-8")
    from tests.migrate.session_programs import generate

    for seed in range(start, start + programs):
        yield f"generated/program_{seed}.py", generate(seed)


def render(source: str) -> str:
    from migrate.eager import translate_source

    outcome = translate_source(source)
    findings = "\n".join(f"# {f.line}:{f.column} {f.severity} {f.rule}: {f.message}" for f in outcome.findings)
    return outcome.code + "\n# ---- findings\n" + findings + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.eager_snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--programs", type=int, default=300, help="how many generated programs (default 300)")
    parser.add_argument("--start", type=int, default=0, help="the first generated program's seed (default 0)")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot: list the files that differ")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    names = []
    for name, source in sources(args.programs, args.start):
        flat = name.replace("/", "__")
        (args.out / flat).write_text(render(source), encoding="utf-8")
        names.append(flat)
    print(f"{len(names)} translations written to {args.out}")
    if args.compare is None:
        return 0
    differ = [n for n in names if not (args.compare / n).exists()
              or (args.compare / n).read_bytes() != (args.out / n).read_bytes()]
    for n in differ:
        print("differs:", n)
    print(f"{len(names) - len(differ)} of {len(names)} identical to {args.compare}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
