"""The command line every program shares: `python -m legacy.NAME` / `python -m modern.NAME`.

Options are generated from the program's hyperparameter table (twins.programs), so
`--help` always lists exactly what run() accepts, with the defaults it uses.
"""
import argparse
import os

from twins.programs import PROGRAMS


def _parser(name, side):
    program = PROGRAMS[name]
    style = {
        "legacy": "Session-based, tf.compat.v1 with v2 behaviour disabled",
        "modern": "TF 2 eager, GradientTape and tf.function",
    }[side]
    parser = argparse.ArgumentParser(
        prog=f"python -m {side}.{name}",
        description=f"{program.summary}.\n{side} twin: {style}.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for numpy, Python and TensorFlow")
    parser.add_argument("--out", default="out", help="directory the figure is written to")
    parser.add_argument("--no-plot", action="store_true", help="do not write the figure")
    for key, default in program.defaults.items():
        help_text = "directory holding the full data set (empty: look in the usual places, then use the bundled data)" if key == "data_dir" else key.replace("_", " ")
        parser.add_argument(f"--{key.replace('_', '-')}", dest=key, type=type(default), default=default, help=help_text)
    return parser


def main(name, side, run, argv=None):
    """Parse argv, run the program with progress printed, write its figure."""
    parser = _parser(name, side)
    args = vars(parser.parse_args(argv))
    if args.get("data_dir") and not os.path.isdir(args["data_dir"]):
        parser.error(f"--data-dir {args['data_dir']}: no such directory")
    seed, out, no_plot = args.pop("seed"), args.pop("out"), args.pop("no_plot")
    results = run(seed=seed, verbose=True, **args)
    if not no_plot:
        from twins import figures

        path = figures.save(name, results, os.path.join(out, f"{side}_{name}.png"))
        print(f"figure written to {path}")
    return results
