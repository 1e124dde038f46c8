"""Regenerate the tables derived from the installed TensorFlow: migrate/tables/v1_names.py
(names), migrate/tables/signatures.py (parameters that the rewriters read by position),
migrate/tables/fetch_results.py (what Session.run returned for an op's value:
generate_fetches.py) and migrate/tables/delegates.py (tf.compat.v1 functions a TF 2
function of another name passes its arguments to: generate_delegates.py).

    python -m migrate.tables.generate          # rewrites both files
    python -m migrate.tables.generate --check  # exits 1 when a committed file differs

Compat (migrate_source) and --to eager both read these files; nothing else in migrate
derives a TensorFlow fact.

What is derived here (nothing is copied from tf_upgrade_v2):

* KNOWN / MODULES: every public dotted name of ``tf.compat.v1`` and of TF 2's ``tf``
  (relative to ``tensorflow``), walked through the API module tree.  The engine uses it
  to tell a real name from a typo (``tf.session``) and for the case correction.
* V1_ONLY: names that exist in ``tf.compat.v1`` but not in TF 2's ``tf``, mapped to the
  TF 2 endpoint of the *same object* when there is one (``log`` -> ``math.log``), else to
  ``compat.v1.NAME``.  A whole module missing from TF 2 (``app``, ``logging``) is one
  row; modules that TF 2 hands to Keras (``losses``, ``metrics``, ``initializers``)
  count as missing, since TF 2's ``tf.losses`` is Keras's.
* SIGNATURES / KEYWORD_RENAMES: for functions present in both APIs whose parameters
  differ, the two parameter lists, and the keyword renames (``reduction_indices`` ->
  ``axis``...).  A rename ``old -> new`` is kept when ``old`` is a v1 parameter that v2
  lost, ``new`` is a v2 parameter, and the v1 source confirms it
  (``deprecated_argument_lookup("new", new, "old", old)``) or the pair is in the
  vocabulary ``hand.KEYWORD_VOCABULARY``.
* DEFAULTS_DIFFER: functions and classes both APIs have whose shared parameters have
  other defaults (``random_normal_initializer``: stddev 1.0 in TF 1, 0.05 in TF 2).  Each
  must be decided by hand: kept as TF 1 (``hand.SEMANTIC_V1``) or shown equivalent
  (``hand.EQUIVALENT_DEFAULTS``); a test fails on a name neither table decides.
* LEGACY_LAYERS / LEGACY_RNN_CELL: what ``tf.compat.v1.layers`` / ``nn.rnn_cell`` held,
  now only served by the ``tf_keras`` package (Keras 3 raises on them).

In signatures.py:

* SEED_POSITION: random ops (``random.*``, ``random_*``, ``image.random_*``,
  ``truncated_normal``, ``multinomial``, ``nn.dropout``) whose ``seed`` parameter
  defaults to None, and the 0-based position of that parameter.  Where a name exists in
  both APIs the position is the same (the generator checks it).
* INITIALIZER_SEED_POSITION: initializers (``*_initializer`` and ``initializers.*`` of
  ``tf.compat.v1``, ``compat.v1.`` kept; TF 2's ``*_initializer`` classes) that take a
  ``seed``, and its 0-based position in the constructor (or function).
* TF1_OPTIMIZER_PARAMETERS: the positional parameters of each
  ``tf.compat.v1.train.*Optimizer`` constructor.
* KERAS_OPTIMIZER_DEFAULTS: the defaults of the Keras optimizers that
  ``migrate/tables/optimizers.py`` maps TF1 optimizers to.
* POSITIONAL_PARAMETERS: the positional parameters of the callables in
  ``READ_BY_POSITION`` (a class's constructor, ``self`` left out), which --to eager and
  verify read by position.

In graph_names.py (how each is found: migrate/tables/generate_graph.py):

* NEEDS_GRAPH: every tf.compat.v1 name that TensorFlow shows to behave otherwise under
  eager execution (it refuses eager, reads a graph collection, is a Session, uses the
  default graph or session, is documented so, or is a TF 1 layer) -> that reason.
* PRIVATE_GRAPH_PATHS: the same functions and classes by their private path
  (``python.framework.ops.get_default_graph``) -> public name.
* GRAPH_METHODS: methods that need a graph on any receiver (``Tensor.eval``,
  ``Operation.run``, ``TestCase.session``...) -> (class, keyword parameters).
"""
from __future__ import annotations

import argparse
import functools
import inspect
import os
import pprint
import sys
import types
from pathlib import Path

from migrate.tables.api_reading import (
    KERAS_IN_V2,
    is_module,
    parameters,
    source_renames,
    v2_has,
)

OUTPUT = Path(__file__).with_name("v1_names.py")
SIGNATURES_OUTPUT = Path(__file__).with_name("signatures.py")
GRAPH_OUTPUT = Path(__file__).with_name("graph_names.py")

# modules whose children are not walked (huge, identical in both, or not TensorFlow's)
OPAQUE = {"raw_ops", "keras", "test.mock"}
# callables whose arguments --to eager and verify read by position: paths relative to
# tensorflow, a method as Class.method
READ_BY_POSITION = (
    "compat.v1.get_variable", "compat.v1.variable_scope", "compat.v1.placeholder", "compat.v1.placeholder_with_default",
    "compat.v1.Variable",
    "compat.v1.Session.run", "Tensor.eval", "Operation.run", "compat.v1.train.Optimizer.minimize",
    "compat.v1.train.Optimizer.compute_gradients", "compat.v1.train.Optimizer.apply_gradients",
)

def _walk(module, prefix, out, seen):
    """out[name] = object (or the module) for every public name below module."""
    from tensorflow.python.util import lazy_loader

    for name in sorted(dir(module)):
        if name.startswith("_") or (not prefix and name == "compat"):
            continue
        full = prefix + name
        try:
            obj = getattr(module, name)
        except Exception:  # a lazy loader that refuses (Keras 3)
            out[full] = None
            continue
        out[full] = obj
        if full in OPAQUE or isinstance(obj, lazy_loader.LazyLoader):
            continue
        if isinstance(obj, types.ModuleType):
            if not _in_api_tree(obj):
                continue
            if id(obj) in seen:  # walk each module once; aliases are listed only
                seen[id(obj)].append(full)
                continue
            seen[id(obj)] = [full]
            _walk(obj, full + ".", out, seen)


def _in_api_tree(module):
    """True for the generated API modules (tensorflow/_api/...), not package internals."""
    path = (getattr(module, "__file__", None) or "").replace(os.sep, "/")
    return "/tensorflow/_api/" in path


def _aliases(walked, seen):
    """Fill in children of modules that were reached twice under different names."""
    extra = {}
    for names in seen.values():
        first, *others = names
        if not others:
            continue
        children = {k[len(first) + 1:]: v for k, v in walked.items() if k.startswith(first + ".")}
        for other in others:
            for rest, v in children.items():
                extra[other + "." + rest] = v
    walked.update(extra)


def build():
    """Return the text of v1_names.py for the installed TensorFlow."""
    v1, v2 = _walk_both()
    import tensorflow as tf

    known, modules = _known_names(v1, v2)
    lines = [
        *_v1_names_header(tf.__version__),
        *_v1_only_lines(_v1_only(v1, v2)),
        *_known_lines(known, modules),
        *_signature_lines(*_signatures_and_renames(v1, v2)),
        "# name -> {parameter: (v1 default, v2 default)} where both have the parameter with other defaults",
        "DEFAULTS_DIFFER = " + pprint.pformat(dict(sorted(_defaults_differ(v1, v2).items())), width=100),
        "",
        *_legacy_layer_lines(*_legacy_layer_names()),
    ]
    return "\n".join(lines) + "\n"


def _v2_module(v2, name) -> bool:
    return name in v2 and is_module(v2[name]) and v2_has(v2, name)


def _endpoints(v2) -> dict:
    """id(object) -> its TF 2 names, shortest first, for TensorFlow's functions and classes."""
    endpoints = {}
    for name, obj in v2.items():
        if not v2_has(v2, name) or is_module(obj) or not callable(obj):
            continue
        if not (getattr(obj, "__module__", "") or "").startswith("tensorflow"):
            continue
        endpoints.setdefault(id(obj), []).append(name)
    for names in endpoints.values():
        names.sort(key=lambda n: (n.count("."), len(n), n))
    return endpoints


def _v1_only(v1, v2) -> dict:
    """V1_ONLY: each tf.compat.v1 name TF 2's tf lacks -> its TF 2 endpoint or compat.v1 name."""
    endpoints = _endpoints(v2)
    v1_only = {}
    for name in sorted(v1):
        if v2_has(v2, name) or name.split(".")[0] == "keras":
            continue
        parent = name.rpartition(".")[0]
        obj = v1[name]
        target = None
        if obj is not None and not is_module(obj) and id(obj) in endpoints:
            target = endpoints[id(obj)][0]
        if parent and not _v2_module(v2, parent):
            # inside a module TF 2 lacks: only the rows that move somewhere better
            if target is not None:
                v1_only[name] = target
            continue
        v1_only[name] = target or "compat.v1." + name
    _drop_redundant_rows(v1_only)
    return v1_only


def _drop_redundant_rows(v1_only) -> None:
    """Remove the rows under a module row that say the same as the module row."""
    for name in list(v1_only):
        parts = name.split(".")
        for i in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:i])
            if head in v1_only:
                if v1_only[name] == v1_only[head] + "." + ".".join(parts[i:]):
                    del v1_only[name]
                break


def _known_names(v1, v2) -> tuple[set, set]:
    """(KNOWN, MODULES): the public names of both APIs, raw_ops and keras not expanded."""
    known = set()
    modules = set()
    for table in (v1, v2):
        for name, obj in table.items():
            if name.startswith("raw_ops.") or name.startswith("keras."):
                continue
            known.add(name)
            if obj is not None and is_module(obj):
                modules.add(name)
    return known, modules


def _signatures_and_renames(v1, v2) -> tuple[dict, dict, dict]:
    """(SIGNATURES, KEYWORD_RENAMES, rename origins) of the functions both APIs have
    whose parameters differ."""
    from migrate.tables import hand

    vocabulary = set(hand.KEYWORD_VOCABULARY)
    signatures, renames, rename_origin = {}, {}, {}
    for name in sorted(set(v1) & set(v2)):
        a, b = v1[name], v2[name]
        if a is None or b is None or a is b or is_module(a) or is_module(b):
            continue
        if not v2_has(v2, name) or not callable(a) or not callable(b):
            continue
        pa, pb = parameters(a), parameters(b)
        if pa is None or pb is None or pa == pb:
            continue
        if pa[2] or pa[3] or pb[2] or pb[3] or not pa[1] or not pb[1]:
            continue  # *args/**kwargs: nothing certain to say
        if "_sentinel" in pa[1]:
            continue  # keyword-only in v1: hand table (TF 0.x positional calls)
        signatures[name] = (pa[0], pa[1], pb[0], pb[1])
        lost = [p for p in pa[1] if p not in pb[1]]
        confirmed = source_renames(a)
        for old in lost:
            found = [new for new in pb[1] if (old, new) in confirmed or (old, new) in vocabulary]
            if len(found) == 1:
                new = found[0]
                renames.setdefault(name, {})[old] = new
                rename_origin[(name, old)] = "source" if (old, new) in confirmed else "vocabulary"
    return signatures, renames, rename_origin


def _legacy_layer_names() -> tuple[tuple, tuple]:
    """The public members of tf_keras's legacy layers and rnn_cell modules (() without tf_keras)."""
    try:
        import tf_keras.api._v1.keras.__internal__.legacy.layers as legacy_layers
        import tf_keras.api._v1.keras.__internal__.legacy.rnn_cell as legacy_rnn
    except ImportError:
        return (), ()
    layers = tuple(sorted(n for n in dir(legacy_layers) if not n.startswith("_")))
    rnn_cell = tuple(sorted(n for n in dir(legacy_rnn) if not n.startswith("_")))
    return layers, rnn_cell


def _v1_names_header(version: str) -> list[str]:
    return [
        '"""GENERATED by `python -m migrate.tables.generate` from TensorFlow %s -- do not edit.' % version,
        "",
        "Names are relative to the `tensorflow` package. See migrate/tables/generate.py.",
        '"""',
        "",
        "TF_VERSION = %r" % version,
        "",
    ]


def _v1_only_lines(v1_only) -> list[str]:
    return [
        "# names of tf.compat.v1 that TF 2's tf lacks -> where they live in TF 2",
        'V1_ONLY = dict(line.split() for line in """\\',
        *(f"{name} {target}" for name, target in sorted(v1_only.items())),
        '""".splitlines())',
        "",
    ]


def _known_lines(known, modules) -> list[str]:
    # long name lists are one string each: a literal of thousands of strings costs ~40 ms
    # to compile when no bytecode cache is written (PYTHONDONTWRITEBYTECODE)
    parents = {name.rpartition(".")[0] for name in known}
    opaque = {m for m in modules if m not in parents}  # members not walked: not checkable
    return [
        "# every public name of tf.compat.v1 and of TF 2's tf (raw_ops and keras not expanded)",
        _names("KNOWN", known),
        "",
        _names("MODULES", modules),
        "",
        "# modules whose members are not listed above (not TensorFlow's, lazily loaded, or huge)",
        _names("OPAQUE", opaque),
        "",
    ]


def _signature_lines(signatures, renames, rename_origin) -> list[str]:
    origins = {f"{n}:{o}": v for (n, o), v in sorted(rename_origin.items())}
    return [
        "# name -> (v1 positional, v1 all, v2 positional, v2 all), where v1 and v2 differ",
        "SIGNATURES = " + pprint.pformat(dict(sorted(signatures.items())), width=100),
        "",
        "# name -> {v1 keyword: v2 keyword}",
        "KEYWORD_RENAMES = " + pprint.pformat(dict(sorted(renames.items())), width=100),
        "",
        "# where each rename was confirmed: the v1 source (deprecated_argument_lookup) or the vocabulary",
        "RENAME_ORIGIN = " + pprint.pformat(origins, width=100),
        "",
    ]


def _legacy_layer_lines(layers, rnn_cell) -> list[str]:
    return [
        "# members of tf.compat.v1.layers / tf.compat.v1.nn.rnn_cell (served by tf_keras)",
        "LEGACY_LAYERS = " + pprint.pformat(layers, width=100, compact=True),
        "",
        "LEGACY_RNN_CELL = " + pprint.pformat(rnn_cell, width=100, compact=True),
    ]


def _defaults_differ(v1, v2) -> dict:
    """name -> {parameter: (v1 default repr, v2 default repr)} for the callables both APIs
    have (not the same object) whose common parameters default to other values."""
    found = {}
    for name in sorted(set(v1) & set(v2)):
        a, b = v1[name], v2[name]
        if a is None or b is None or a is b or is_module(a) or is_module(b):
            continue
        if not v2_has(v2, name) or not callable(a) or not callable(b):
            continue
        try:
            pa, pb = inspect.signature(a).parameters, inspect.signature(b).parameters
        except (TypeError, ValueError):
            continue
        empty = inspect.Parameter.empty
        differ = {p: (repr(pa[p].default), repr(pb[p].default)) for p in pa
                  if p in pb and empty not in (pa[p].default, pb[p].default)
                  and repr(pa[p].default) != repr(pb[p].default)}
        if differ:
            found[name] = differ
    return found


@functools.cache
def _walk_both():
    """(v1 walked, v2 walked) name -> object tables of the installed TensorFlow (walked once
    per process: every table reads the same two, none changes them)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    import tensorflow._api.v2.compat.v1 as tf_v1

    v1, v2 = {}, {}
    seen1, seen2 = {}, {}
    _walk(tf_v1, "", v1, seen1)
    _walk(tf, "", v2, seen2)
    _aliases(v1, seen1)
    _aliases(v2, seen2)
    return v1, v2


def _is_random_op(name: str) -> bool:
    return name.startswith(("random.", "random_", "image.random_")) or name in (
        "truncated_normal", "multinomial", "nn.dropout")


def _seed_positions(v1, v2) -> dict:
    """name -> position of its `seed` parameter, for the random ops whose seed is optional."""
    positions = {}
    for table in (v1, v2):
        for name, obj in table.items():
            if not _is_random_op(name) or obj is None or is_module(obj) or inspect.isclass(obj):
                continue
            if not callable(obj):
                continue
            try:
                parameters = list(inspect.signature(obj).parameters.values())
            except (TypeError, ValueError):
                continue
            index = next((i for i, p in enumerate(parameters) if p.name == "seed"), None)
            if index is None or parameters[index].default is not None:
                continue  # no seed, or a required one (stateless ops: the seed is an input)
            if any(p.kind is p.VAR_POSITIONAL for p in parameters[:index]):
                continue
            if positions.setdefault(name, index) != index:
                raise RuntimeError(f"{name}: seed at {positions[name]} in tf.compat.v1, {index} in tf")
    return positions


def _optimizer_parameters(v1) -> dict:
    out = {}
    for name, obj in v1.items():
        if name.startswith("train.") and name.endswith("Optimizer") and inspect.isclass(obj):
            params = parameters(obj.__init__)
            if params is not None:
                out[name.split(".", 1)[1]] = params[0]
    return out


def _keras_defaults() -> dict:
    import tensorflow as tf

    from migrate.tables.optimizers import EQUIVALENCE

    out = {}
    for keras_name in sorted({row.keras for row in EQUIVALENCE.values()} | {"RMSprop"}):
        cls = getattr(tf.keras.optimizers, keras_name)
        out[keras_name] = {
            p.name: p.default for p in inspect.signature(cls.__init__).parameters.values()
            if p.default is not p.empty and isinstance(p.default, (bool, int, float, str, type(None)))
        }
    return out


def _positional_parameters() -> dict:
    """path -> positional parameters of each callable READ_BY_POSITION names."""
    import tensorflow as tf

    out = {}
    for path in READ_BY_POSITION:
        obj = tf
        for part in path.split("."):
            obj = getattr(obj, part)
        out[path] = parameters(obj.__init__ if inspect.isclass(obj) else obj)[0]
    return out


def _initializer_seed_positions(v1, v2) -> dict:
    """path -> position of `seed` in an initializer's constructor (or function); tf.compat.v1's
    keep their compat.v1. prefix, TF 2's Keras-served modules are left out."""
    positions = {}
    for prefix, table in (("compat.v1.", v1), ("", v2)):
        for name, obj in table.items():
            if not (name.endswith("_initializer") or name.startswith("initializers.")):
                continue
            if obj is None or is_module(obj) or not callable(obj):
                continue
            if not prefix and name.split(".")[0] in KERAS_IN_V2:
                continue
            try:
                parameters = list(inspect.signature(obj).parameters)
            except (TypeError, ValueError):
                continue
            if "seed" in parameters:
                positions[prefix + name] = parameters.index("seed")
    return positions


def build_signatures() -> str:
    """Return the text of signatures.py for the installed TensorFlow."""
    import tensorflow as tf

    v1, v2 = _walk_both()
    out = [
        '"""GENERATED by `python -m migrate.tables.generate` from TensorFlow %s -- do not edit.' % tf.__version__,
        "",
        "Parameters the rewriters read by position. See migrate/tables/generate.py.",
        '"""',
        "",
        "# random op (relative to tensorflow, tf.compat.v1 or tf) -> 0-based position of `seed`",
        "SEED_POSITION = " + pprint.pformat(dict(sorted(_seed_positions(v1, v2).items())), width=100),
        "",
        "# initializer (compat.v1. prefix kept for tf.compat.v1's) -> 0-based position of `seed`",
        "INITIALIZER_SEED_POSITION = " + pprint.pformat(dict(sorted(_initializer_seed_positions(v1, v2).items())),
                                                        width=100),
        "",
        "# tf.compat.v1.train.<class> -> its constructor's positional parameters",
        "TF1_OPTIMIZER_PARAMETERS = " + pprint.pformat(dict(sorted(_optimizer_parameters(v1).items())), width=100),
        "",
        "# tf.keras.optimizers.<class> -> {parameter: default}",
        "KERAS_OPTIMIZER_DEFAULTS = " + pprint.pformat(_keras_defaults(), width=100),
        "",
        "# callable (relative to tensorflow; Class.method for a method) -> its positional parameters",
        "POSITIONAL_PARAMETERS = " + pprint.pformat(dict(sorted(_positional_parameters().items())), width=100),
    ]
    return "\n".join(out) + "\n"


def build_graph_names() -> str:
    """Return the text of graph_names.py for the installed TensorFlow."""
    import tensorflow as tf

    from migrate.tables import generate_graph

    v1, _ = _walk_both()
    needed = generate_graph.needs_graph(v1, *_legacy_layer_names())
    out = [
        '"""GENERATED by `python -m migrate.tables.generate` from TensorFlow %s -- do not edit.' % tf.__version__,
        "",
        "What needs TF 1 graph mode. See migrate/tables/generate_graph.py.",
        '"""',
        "",
        "# tf.compat.v1 name -> why TF 1 code that uses it needs graph mode",
        "NEEDS_GRAPH = " + pprint.pformat(needed, width=100),
        "",
        "# private path (relative to tensorflow) of those functions and classes -> public name",
        "PRIVATE_GRAPH_PATHS = " + pprint.pformat(generate_graph.private_paths(v1, needed), width=100),
        "",
        "# method -> (tf.compat.v1 class, keyword parameters): a call on any receiver needs a graph",
        "GRAPH_METHODS = " + pprint.pformat(generate_graph.graph_methods(v1), width=100),
    ]
    return "\n".join(out) + "\n"


def outputs() -> dict:
    """{path: text} of every generated table."""
    from migrate.tables import generate_delegates, generate_fetches

    return {OUTPUT: build(), SIGNATURES_OUTPUT: build_signatures(), GRAPH_OUTPUT: build_graph_names(),
            generate_fetches.FETCH_OUTPUT: generate_fetches.build(),
            generate_delegates.DELEGATES_OUTPUT: build_delegates()}


def build_delegates() -> str:
    """Return the text of delegates.py for the installed TensorFlow."""
    import tensorflow as tf

    from migrate.tables import generate_delegates

    v1, v2 = _walk_both()
    return generate_delegates.build(v1, v2, _v1_only(v1, v2), tf.__version__)


def _names(variable: str, names) -> str:
    return f'{variable} = frozenset("""\\\n' + "\n".join(sorted(names)) + '\n""".split())'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args(argv)
    status = 0
    for path, text in outputs().items():
        if args.check:
            same = path.exists() and path.read_text() == text
            print(f"{path.name}: up to date" if same else f"{path} differs from the installed TensorFlow")
            status |= 0 if same else 1
        else:
            path.write_text(text)
            print(f"wrote {path} ({len(text)} characters)")
    return status


if __name__ == "__main__":
    sys.exit(main())
