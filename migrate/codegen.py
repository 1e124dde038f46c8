"""A libcst module's code, as ``Module.code`` prints it, at about half the cost.

libcst prints a tree by asking every node for its tokens through a ``CodegenState``. The
plain state's ``record_syntactic_position`` (called for most nodes, a hook for the
position metadata) is a generator-based context manager that does nothing: building and
running one per node is about 40 % of printing a module. :func:`module_code` prints with
a state whose hook returns one reusable empty context instead; every token is the same,
so the text is byte for byte ``module.code`` (``tests/migrate/test_codegen.py`` compares
them over every fixture). Where libcst's printing state is not what this module expects
(another libcst version), ``module.code`` is used as it is.
"""
from __future__ import annotations

import contextlib

__all__ = ["module_code"]

try:
    from libcst._nodes.internal import CodegenState as _State
except ImportError:  # pragma: no cover - another libcst layout
    _State = None

_NOTHING = contextlib.nullcontext()


if _State is not None and hasattr(_State, "record_syntactic_position"):
    class _Printing(_State):
        __slots__ = ()

        def record_syntactic_position(self, node, *, start_node=None, end_node=None):
            return _NOTHING
else:  # pragma: no cover
    _Printing = None


def module_code(module) -> str:
    """``module.code``: the source text of a libcst ``Module``."""
    if _Printing is None:  # pragma: no cover
        return module.code
    state = _Printing(default_indent=module.default_indent,
                      default_newline=module.default_newline)
    module._codegen(state)
    return "".join(state.tokens)
