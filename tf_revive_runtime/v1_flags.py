"""``tf.app.flags`` / ``tf.flags`` for TF 2, with TF 1.x's semantics over absl's flags.

What a TF 1.x script relied on, and absl alone no longer gives:

* **Parsing on first access.** TF 1.x's ``FLAGS`` parsed ``sys.argv`` the first time a
  flag was read (TF 1.5-1.15 wrapped absl's FLAGS in ``_FlagValuesWrapper`` for this;
  TF 0.x-1.4's own argparse flags did the same). A script reading ``FLAGS.x`` at import
  time, or in a function called before ``tf.app.run()``, gets the command line's value
  here instead of absl's ``UnparsedFlagAccessError``. Arguments this parse does not know
  stay in ``sys.argv`` for ``tf.app.run`` (which passes them on to ``main``) or argparse,
  as TF 0.x-1.4's ``parse_known_args`` left them.
* **Defaults kept as given.** TF 0.x-1.4 handed a default to argparse, which converts
  only string defaults: ``DEFINE_string('gpu', 0, ...)`` gave ``FLAGS.gpu == 0`` and
  ``DEFINE_integer('n', 1e3, ...)`` ``1000.0``. absl refuses both
  (``IllegalFlagValueError``); here such a default is kept as the script wrote it, and a
  value on the command line is parsed by the flag's type as usual.
* **TF 1's keyword names** ``flag_name``, ``default_value``, ``docstring``.
* **TF 0.x-1.4's dictionary**: ``FLAGS.__flags`` and ``FLAGS.__dict__['__flags']`` map each
  flag the script defined to its value (parsing first), ``FLAGS._parse_flags()`` parses.
* **A DEFINE_* of a name absl already defines** (absl.logging's ``log_dir``, ``v``...)
  replaces that definition instead of raising ``DuplicateFlagError``.

Everything else is ``absl.flags`` itself (what ``tf.compat.v1.flags`` re-exports).

Why not absl.flags directly: absl already defines ``log_dir``, ``v``... that TF 1.x scripts
define again (DuplicateFlagError), and TF 1.x flag semantics differ from absl's (above).
"""
from __future__ import annotations

import functools
import inspect
import sys

from absl import flags as _absl_flags

_absl_flags.disclaim_key_flags()  # flags defined through this module belong to the caller

_RENAMED_ARGUMENTS = {"flag_name": "name", "default_value": "default", "docstring": "help"}
# DEFINE_* whose default TF 1.x kept as given when absl's parser refuses it
_LENIENT_DEFINES = ("DEFINE_string", "DEFINE_integer", "DEFINE_float", "DEFINE_boolean", "DEFINE_bool")
_DEFINES = _LENIENT_DEFINES + ("DEFINE_enum", "DEFINE_list", "DEFINE_multi_string", "DEFINE_multi_integer",
                               "DEFINE_multi_float", "DEFINE_spaceseplist")
# flags that absl itself, or TensorFlow, defines: not in TF 0.x-1.4's FLAGS.__flags
_LIBRARY_MODULES = ("absl.", "tensorflow.")


def _parse_known(flag_values) -> list:
    """Parse sys.argv's known flags into ``flag_values``; the arguments left over."""
    return flag_values(sys.argv if sys.argv else [""], known_only=True)


def _script_values(flag_values) -> dict:
    """{name: value} of the flags the program defined (TF 0.x-1.4's ``__flags``)."""
    if not flag_values.is_parsed():
        _parse_known(flag_values)
    values = {}
    for module, flag_list in flag_values.flags_by_module_dict().items():
        if not module.startswith(_LIBRARY_MODULES):
            for flag in flag_list:
                values[flag.name] = flag.value
    return values


class _FlagValuesWrapper:
    """absl's FlagValues that parses sys.argv (known flags only) when a flag is first read."""

    __slots__ = ("_wrapped",)

    def __init__(self, flag_values):
        object.__setattr__(self, "_wrapped", flag_values)

    def __getattribute__(self, name):
        wrapped = object.__getattribute__(self, "_wrapped")
        if name == "__dict__":  # TF 0.x-1.4: FLAGS.__dict__['__flags'], ['__parsed']
            return _LegacyDict(wrapped)
        if name == "__flags":
            return _script_values(wrapped)
        if name == "_parse_flags":
            return functools.partial(_parse_known, wrapped)
        if name in ("_wrapped", "__class__"):
            return object.__getattribute__(self, name)
        return wrapped.__getattribute__(name)

    def __getattr__(self, name):
        wrapped = object.__getattribute__(self, "_wrapped")
        if not wrapped.is_parsed():
            _parse_known(wrapped)
        return wrapped.__getattr__(name)

    def __setattr__(self, name, value):
        return object.__getattribute__(self, "_wrapped").__setattr__(name, value)

    def __delattr__(self, name):
        return object.__getattribute__(self, "_wrapped").__delattr__(name)

    def __dir__(self):
        return object.__getattribute__(self, "_wrapped").__dir__()

    def __contains__(self, name):
        return name in object.__getattribute__(self, "_wrapped")

    def __getitem__(self, name):
        return object.__getattribute__(self, "_wrapped")[name]

    def __setitem__(self, name, flag):
        object.__getattribute__(self, "_wrapped")[name] = flag

    def __len__(self):
        return len(object.__getattribute__(self, "_wrapped"))

    def __iter__(self):
        return iter(object.__getattribute__(self, "_wrapped"))

    def __str__(self):
        return str(object.__getattribute__(self, "_wrapped"))

    def __call__(self, *args, **kwargs):
        return object.__getattribute__(self, "_wrapped")(*args, **kwargs)


class _LegacyDict(dict):
    """``FLAGS.__dict__`` as TF 0.x-1.4 scripts read it."""

    def __init__(self, flag_values):
        super().__init__()
        self._flag_values = flag_values

    def __missing__(self, key):
        if key == "__flags":
            return _script_values(self._flag_values)
        if key == "__parsed":
            return self._flag_values.is_parsed()
        raise KeyError(key)


def _unwrapped(flag_values):
    if isinstance(flag_values, _FlagValuesWrapper):
        return object.__getattribute__(flag_values, "_wrapped")
    return flag_values


FLAGS = _FlagValuesWrapper(_absl_flags.FLAGS)


def _tf1_define(define, lenient: bool):
    signature = inspect.signature(define)

    @functools.wraps(define)
    def wrapper(*args, **kwargs):
        for old, new in _RENAMED_ARGUMENTS.items():
            if old in kwargs:
                kwargs[new] = kwargs.pop(old)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = bound.arguments
        flag_values = arguments["flag_values"] = _unwrapped(arguments["flag_values"])
        name, default = arguments["name"], arguments["default"]
        if name in flag_values:
            delattr(flag_values, name)
        if not lenient or isinstance(default, str) or default is None:
            return define(*bound.args, **bound.kwargs)
        try:
            return define(*bound.args, **bound.kwargs)
        except _absl_flags.IllegalFlagValueError:
            if name in flag_values:
                delattr(flag_values, name)
        # argparse (TF 0.x-1.4) kept a non-string default as given
        arguments["default"] = None
        holder = define(*bound.args, **bound.kwargs)
        flag = flag_values[name]
        flag.default = flag.value = default
        flag.default_as_str = repr(str(default))
        return holder

    return wrapper


for _name in _DEFINES:
    globals()[_name] = _tf1_define(getattr(_absl_flags, _name), _name in _LENIENT_DEFINES)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_absl_flags, name)
