"""The observation hooks of `migrate verify`'s child process. They watch the program that
runs; they never change its text:

- `Watcher`: a `sys.settrace` tracer limited to the frames of the file under test. At
  every line event (and when a frame returns) it looks at the watched names and records
  each new binding (an `is` change: the previous object is kept alive, so an id is never
  reused) with how many lines had been printed then, which orders it among the prints.
- `RandomSeeds`: TensorFlow's random functions wrapped so that a call without an op seed
  gets the one the plan gives its line (`tf_stack.extract_stack` maps lines of
  autograph-generated code back to the file, so calls traced inside a `tf.function`
  are found too). A call with its own seed is left alone. A Generator made in a
  nondeterministic state at such a line starts in the state of the graph op it stands for.
- `PrintedValues`: `print` wrapped so that the numeric arguments of a print called
  from the file are recorded at full precision (`print(sess.run(w))` and
  `print("loss", l)` as well as their text).
- `LineCounter`: stdout that counts the lines printed so far.
- `deterministic()`: oneDNN is switched off by TF_ENABLE_ONEDNN_OPTS=0 in the environment
  (read when TensorFlow loads); this turns grappler's rewrites off for tf.functions and
  for every Session, including one given its own ConfigProto.
"""
from __future__ import annotations

import inspect
import io
import sys

__all__ = ["Watcher", "PrintedValues", "RandomSeeds", "LineCounter", "deterministic", "encode"]

MISSING = object()
SEED_STRIDE = 1000  # op seeds of a line's later calls: seed + 1000, + 2000, ...


def encode(value, depth=0):
    """A JSON-able form of a fetched value; None for symbolic graph objects."""
    import numpy as np

    if depth > 20:
        return {"repr": "..."}
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return {"list" if isinstance(value, list) else "tuple": [encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v, depth + 1) for k, v in value.items()}}
    if isinstance(value, (bytes, str)):
        return {"bytes": value.decode("latin-1") if isinstance(value, bytes) else value}
    if hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        try:
            value = value.numpy()
        except Exception:
            return {"repr": type(value).__name__}
    try:
        arr = np.asarray(value)
    except Exception:
        return {"repr": type(value).__name__}
    if arr.dtype.kind in "biufc":
        return {"dtype": str(arr.dtype), "shape": list(arr.shape),
                "data": arr.astype(np.float64).ravel().tolist() if arr.dtype.kind != "c" else
                arr.ravel().real.tolist()}
    if arr.dtype.kind in "SU":
        return {"strings": [x.decode("latin-1") if isinstance(x, bytes) else str(x) for x in arr.ravel().tolist()]}
    return {"repr": type(value).__name__}


def _dimension_value(value):
    """A TensorShape Dimension (what the compat form's `t.shape[i]` gives) as its int,
    as eager TF 2 gives it: the same printed text, a number to compare."""
    kind = type(value)
    if kind.__name__ == "Dimension" and (kind.__module__ or "").startswith("tensorflow"):
        return value.value
    return value


def _is_graph_object(value) -> bool:
    """A symbolic tf.Tensor, Operation or Variable: compat binds names to those while building."""
    module = type(value).__module__ or ""
    if not module.startswith(("tensorflow", "keras", "tf_keras")):
        return False
    try:
        import tensorflow as tf

        return not (isinstance(value, tf.Tensor) and hasattr(value, "_numpy")
                    and not isinstance(value, tf.Variable))
    except Exception:  # pragma: no cover
        return True


def _is_tensorflow_object(value) -> bool:
    """A tf.Tensor or tf.Variable, graph or eager (print shows the object, not a number), or
    a TensorShape with an unknown dimension (`?` in TF 1's graph mode, `None` in TF 2)."""
    module = type(value).__module__ or ""
    if not module.startswith("tensorflow"):
        return False
    import tensorflow as tf

    if isinstance(value, tf.TensorShape):
        return value.rank is None or not value.is_fully_defined()
    return isinstance(value, (tf.Tensor, tf.Variable))


class LineCounter(io.StringIO):
    """stdout for a script: keeps the text and the number of lines printed so far."""

    lines = 0

    def write(self, text):
        self.lines += text.count("\n")
        return super().write(text)


class Watcher:
    def __init__(self, filename: str, assigned, appended, out: LineCounter, events: list):
        self.filename = filename
        self.assigned = tuple(assigned)
        self.appended = tuple(appended)
        self.out = out
        self.events = events
        self.last: dict = {}

    def __enter__(self):
        self.previous = sys.gettrace()
        if self.assigned or self.appended:  # the tracer costs time: only when there is a name to watch
            sys.settrace(self._call)
        return self

    def __exit__(self, *exc):
        sys.settrace(self.previous)
        return False

    def _call(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None
        return self._local

    def _local(self, frame, event, arg):
        if event == "line":
            self._look(frame, self.assigned)
        elif event == "return":
            self._look(frame, self.assigned)
            self._snapshot(frame)
        return self._local

    def _look(self, frame, names):
        if not names:
            return
        f_locals = frame.f_locals
        code = frame.f_code
        for name in names:
            value = f_locals.get(name, MISSING)
            if value is MISSING:
                continue
            key = (code, name)
            if self.last.get(key, MISSING) is value:
                continue
            self.last[key] = value
            self._record(name, value)

    def _snapshot(self, frame):
        f_locals = frame.f_locals
        for name in self.appended:
            value = f_locals.get(name, MISSING)
            if value is not MISSING:
                self._record(name, value)

    def _record(self, name, value):
        value = _dimension_value(value)
        if value is None or _is_graph_object(value):
            return
        encoded = encode(value)
        if encoded is None or "repr" in encoded:
            return
        self.events.append([name, self.out.lines, encoded])


class PrintedValues:
    """builtins.print, recording the numeric arguments of the calls made from FILENAME,
    and which printed lines show a TensorFlow object itself (`print(hello)` of a tensor or
    variable): a graph tensor's repr in the compat form, the value eagerly (`reprs`)."""

    def __init__(self, filename: str, out: LineCounter, events: list, reprs: list | None = None):
        self.filename, self.out, self.events = filename, out, events
        self.reprs = [] if reprs is None else reprs  # [first line, line after] of each such print

    def __enter__(self):
        import builtins

        self.original = builtins.print
        original, hooks = self.original, self

        def print(*args, **kwargs):  # noqa: A001 - stands in for the builtin
            if sys._getframe(1).f_code.co_filename != hooks.filename:
                return original(*args, **kwargs)
            if not any(map(_is_tensorflow_object, args)):
                hooks.record(args)
                return original(*args, **kwargs)
            first = hooks.out.lines  # the object's repr or value: not compared (migrate/verify.py)
            result = original(*args, **kwargs)
            hooks.reprs.append([first, hooks.out.lines])
            return result

        builtins.print = print
        return self

    def __exit__(self, *exc):
        import builtins

        builtins.print = self.original
        return False

    def record(self, args):
        """One event per numeric argument; its channel is the print's shape, the strings
        kept (their numbers as '#', as migrate.printed shapes a line) and the values as '#':
        print('step', #, 'loss', #)."""
        from migrate.printed import shape as line_shape

        shape = "print(" + ", ".join(repr(line_shape(a)) if isinstance(a, str) else "#" for a in args)[:60] + ")"
        for value in map(_dimension_value, args):
            if isinstance(value, (str, bytes, bool)) or value is None or _is_graph_object(value):
                continue
            encoded = encode(value)
            if encoded is not None and ("data" in encoded or "list" in encoded or "tuple" in encoded):
                self.events.append([shape, self.out.lines, encoded])


class RandomSeeds:
    """Wraps every public TensorFlow random function that takes an op seed."""

    MODULES = ("", "random", "nn", "compat.v1", "compat.v1.random", "compat.v1.nn", "compat.v1.initializers")

    def __init__(self, names):
        # `import tensorflow.compat.v1` (as scripts do) makes a module object other than the
        # `tf.compat.v1` attribute and rebinds the attribute: imported once here, the module
        # patched below is the one every later import and attribute access finds
        import tensorflow.compat.v1  # noqa: F401
        import tensorflow as tf
        from tensorflow.python.util import tf_stack

        self.filename = None
        self.plan: dict = {}
        self.used: list = []
        self.calls: dict = {}
        self._stack = tf_stack.extract_stack
        originals = {}
        for path in names:
            for fn in (_lookup(tf, "compat.v1." + path), _lookup(tf, path)):
                if fn is not None and callable(fn):
                    originals[id(fn)] = fn
        wrappers = {key: self._wrap(fn) for key, fn in originals.items()}
        attrs = {path.rpartition(".")[2] for path in names}
        for module_path in self.MODULES:
            module = _lookup(tf, module_path) if module_path else tf
            if module is None:
                continue
            for attr in attrs:
                value = getattr(module, attr, None)
                if value is not None and id(value) in wrappers and value is originals[id(value)]:
                    setattr(module, attr, wrappers[id(value)])
        tf.compat.v1.get_variable = self._wrap_get_variable(tf.compat.v1.get_variable)
        self._layers_wrapped = False
        self._cells_wrapped = False
        self._keras_wrapped: set = set()
        self._generators_wrapped = False

    def start(self, filename: str, plan: dict):
        self.filename = filename
        if plan:
            with open(filename, "rb") as f:
                text = f.read()
            if not self._layers_wrapped and (b"v1_layers" in text or b"slim" in text):  # stage 1's tf.layers / tf.contrib.layers
                self._wrap_layers()
            if b"v1_rnn_cell" in text and not self._cells_wrapped:  # stage 1's tf.nn.rnn_cell
                self._wrap_rnn_cells()
            if b"from_non_deterministic_state" in text:  # the eager form of a shared unseeded op
                self._wrap_generators()
            for keras in ("keras", "tf_keras"):  # the eager translation's Keras layers and initializers
                if keras.encode() + b".layers." in text or keras.encode() + b".initializers." in text:
                    self._wrap_keras_glorot(keras)
        self.plan = {int(line): seeds for line, seeds in plan.items()}
        self.calls = {}
        self.used = []

    def _seed_for_caller(self):
        if not self.plan:
            return None
        line = None
        for frame in self._stack():
            if frame.filename == self.filename:
                line = frame.lineno
        seeds = self.plan.get(line)
        if not seeds:
            return None
        k = self.calls.get(line, 0)
        self.calls[line] = k + 1
        # a line run again (a helper called for each layer) draws with a fresh seed each time,
        # on both sides alike: graph mode makes one op per call, and one seed used twice would
        # restart its stream there but continue it in eager mode
        seed = seeds[k % len(seeds)] + SEED_STRIDE * (k // len(seeds))
        self.used.append((line, seed))
        return seed

    def _wrap(self, fn):
        import tensorflow as tf

        try:
            position = list(inspect.signature(fn).parameters).index("seed")
        except (ValueError, TypeError):
            return fn
        hooks = self

        @tf.autograph.experimental.do_not_convert
        def seeded(*args, **kwargs):
            if len(args) <= position and kwargs.get("seed") is None:
                seed = hooks._seed_for_caller()
                if seed is not None:
                    kwargs["seed"] = seed
            return fn(*args, **kwargs)

        seeded.__name__ = getattr(fn, "__name__", "random_op")
        seeded.__doc__ = fn.__doc__
        seeded.__wrapped__ = fn
        return seeded


    def _wrap_layers(self):
        """tf.layers / tf.contrib.layers functions given no kernel initializer draw
        glorot_uniform inside tf_keras / tf_slim: the plan's seed is given to an explicit one."""
        import importlib

        from tensorflow.python.ops import init_ops

        from migrate.tables.layers import LAYERS, shim_function

        hooks = self
        self._layers_wrapped = True
        for path, row in LAYERS.items():
            if not row.kernel:
                continue
            fn = shim_function(row, path)
            position = row.parameters.index(row.kernel_parameter)

            def layer(*args, _fn=fn, _position=position, _keyword=row.kernel_parameter, **kwargs):
                if len(args) <= _position and _keyword not in kwargs:
                    seed = hooks._seed_for_caller()
                    if seed is not None:
                        kwargs[_keyword] = init_ops.glorot_uniform_initializer(seed=seed)
                return _fn(*args, **kwargs)

            layer.__name__ = fn.__name__
            layer.__doc__ = fn.__doc__
            layer.__wrapped__ = fn
            setattr(importlib.import_module(row.shim), path.rpartition(".")[2], layer)

    def _wrap_rnn_cells(self):
        """tf.nn.rnn_cell cells draw their kernels inside tf_keras with the variable scope's
        initializer (glorot_uniform when none): a cell made without one takes the plan's seeds
        for its line when made, one per kernel, and draws each kernel with its own."""
        from tensorflow.python.ops import init_ops

        from tf_revive_runtime import v1_rnn_cell
        from migrate.tables.rnn_cells import CELLS

        hooks = self
        self._cells_wrapped = True
        for path, row in CELLS.items():
            base = getattr(v1_rnn_cell, path.rpartition(".")[2])
            kernels = {name for name, _gates in row.kernels}

            def __init__(cell, *args, _base=base, _row=row, **kwargs):
                _base.__init__(cell, *args, **kwargs)
                given = {**dict(zip(_row.parameters, args)), **kwargs}
                cell._verify_seeds = [] if given.get("initializer") or given.get("kernel_initializer") else \
                    [s for s in (hooks._seed_for_caller() for _ in _row.kernels) if s is not None]

            def add_weight(cell, name, *args, _base=base, _kernels=kernels, **kwargs):
                import tensorflow as tf

                if name in _kernels and kwargs.get("initializer") is None and len(args) < 3 \
                        and getattr(cell, "_verify_seeds", None) and tf.compat.v1.get_variable_scope().initializer is None:
                    kwargs["initializer"] = init_ops.glorot_uniform_initializer(seed=cell._verify_seeds.pop(0))
                return _base.add_weight(cell, name, *args, **kwargs)

            seeded = type(base.__name__, (base,), {"__init__": __init__, "add_weight": add_weight,
                                                   "__module__": base.__module__, "__doc__": base.__doc__})
            setattr(v1_rnn_cell, base.__name__, seeded)

    def _wrap_keras_glorot(self, keras: str):
        """Keras' GlorotUniform (written, or a layer's default kernel initializer, made in the
        layer's constructor) draws other numbers than TF 1's glorot_uniform_initializer, from
        the same distribution: one made unseeded at a line of the plan takes the line's seed
        and draws TF 1's numbers with it, as the compat side's glorot draw it is paired with."""
        if keras in self._keras_wrapped:
            return
        self._keras_wrapped.add(keras)
        import importlib

        from tensorflow.python.ops import init_ops

        from migrate.tables.layers import KERAS_GLOROT_UNIFORM

        module = importlib.import_module("tf_keras" if keras == "tf_keras" else "tensorflow")
        cls = _lookup(module if keras == "tf_keras" else module.keras, KERAS_GLOROT_UNIFORM)
        hooks, init, call = self, cls.__init__, cls.__call__

        def __init__(initializer, seed=None, *args, **kwargs):
            init(initializer, seed, *args, **kwargs)
            initializer._verify_seed = hooks._seed_for_caller() if seed is None else None

        def __call__(initializer, shape, dtype=None, **kwargs):
            seed = getattr(initializer, "_verify_seed", None)
            if seed is None:
                return call(initializer, shape, dtype=dtype, **kwargs)
            return init_ops.glorot_uniform_initializer(seed=seed)(shape, dtype=dtype or "float32")

        cls.__init__, cls.__call__ = __init__, __call__

    def _wrap_generators(self):
        """`tf.random.Generator.from_non_deterministic_state()` made at a line of the plan
        starts in the philox state of a graph op given the line's op seed (key = graph seed,
        counter = [0, op seed], as get_seed pairs them under the global seed in force): it
        draws the numbers of the compat side's op it is paired with."""
        if self._generators_wrapped:
            return
        self._generators_wrapped = True
        import tensorflow as tf

        generator = tf.random.Generator
        original = generator.from_non_deterministic_state.__func__
        hooks = self

        def from_non_deterministic_state(cls, alg=None):
            seed = hooks._seed_for_caller()
            if seed is None:
                return original(cls, alg)
            return cls.from_state([0, *reversed(tf.compat.v1.random.get_seed(seed))], "philox")

        generator.from_non_deterministic_state = classmethod(from_non_deterministic_state)

    def _wrap_get_variable(self, fn):
        """get_variable without an initializer draws glorot_uniform_initializer() inside
        TensorFlow, out of reach of the wrappers: the plan's seed is given to an explicit one
        (only where the plan has the line, so only for float variables of a scope without
        its own initializer; a reused variable draws nothing)."""
        import tensorflow as tf
        from tensorflow.python.ops import init_ops

        hooks = self

        def get_variable(*args, **kwargs):
            if len(args) <= 3 and kwargs.get("initializer") is None \
                    and tf.compat.v1.get_variable_scope().initializer is None:
                seed = hooks._seed_for_caller()
                if seed is not None:
                    kwargs["initializer"] = init_ops.glorot_uniform_initializer(seed=seed)
            return fn(*args, **kwargs)

        get_variable.__name__ = "get_variable"
        get_variable.__doc__ = fn.__doc__
        get_variable.__wrapped__ = fn
        return get_variable


def _lookup(root, path):
    value = root
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def deterministic():
    """Grappler off for tf.functions and Sessions (oneDNN is off by the environment)."""
    import tensorflow as tf
    from tensorflow.python.client import session

    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    init = session.BaseSession.__init__

    def without_rewrites(self, target="", graph=None, config=None):
        if config is not None:
            copy = type(config)()
            copy.CopyFrom(config)
            copy.graph_options.rewrite_options.disable_meta_optimizer = True
            config = copy
        init(self, target, graph, config)

    session.BaseSession.__init__ = without_rewrites
