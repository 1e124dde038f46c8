"""python -m migrate.eager FILE [-o OUT]: print (or write) the eager TF 2 translation of
a Session script; the findings go to stderr. Exit status 0, or 1 when the file fell
back to the compat form."""
import argparse
import sys

from migrate.eager import FALLBACK_RULE, translate_source


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m migrate.eager", description=__doc__)
    parser.add_argument("file")
    parser.add_argument("-o", "--output", help="write the translation here instead of stdout")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as f:
        source = f.read()
    outcome = translate_source(source)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(outcome.code)
    else:
        sys.stdout.write(outcome.code)
    for finding in outcome.findings:
        print(f"{args.file}:{finding}", file=sys.stderr)
    return 1 if any(f.rule == FALLBACK_RULE for f in outcome.findings) else 0


if __name__ == "__main__":
    sys.exit(main())
