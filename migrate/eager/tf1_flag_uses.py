"""What in a script needs TF 1.x's flag semantics, so its eager translation keeps
``tf_revive_runtime.v1_flags`` instead of absl's flags (absl_flags.py):

* a flag read before ``tf.app.run()`` parses the command line: at module level (class
  bodies, decorators and default values included), or in a function that module-level
  code calls (transitively; a class it calls counts with all its methods). TF 1's FLAGS
  parsed ``sys.argv`` on that first read; absl's raise ``UnparsedFlagAccessError``;
* a default absl refuses and TF 1 kept (``DEFINE_string("gpu", 0, ...)``,
  ``DEFINE_integer("n", 1e3, ...)``): absl raises ``IllegalFlagValueError``;
* TF 1's keyword names (``flag_name``, ``default_value``, ``docstring``), TF 0.x's
  ``FLAGS.__flags`` and ``FLAGS._parse_flags()``, which absl does not have.

A module-level ``FLAGS(argv)`` call parses explicitly: reads after it are not early.
Read on stage 1's output (the flags module is ``v1_flags`` or a ``tf...flags`` chain).
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.node_helpers import dotted

__all__ = ["find"]

FLAGS_MODULES = ("v1_flags", "flags", "tf.app.flags", "tf.flags", "tf.compat.v1.flags", "tf.compat.v1.app.flags")
RUN_CALLS = ("tf.app.run", "tf.compat.v1.app.run", "app.run")
# FlagValues methods that read no flag value (no parse needed)
NO_PARSE_NEEDED = frozenset({
    "is_parsed", "mark_as_parsed", "unparse_flags", "flag_values_dict", "set_default", "get_help",
    "flags_by_module_dict", "key_flags_by_module_dict", "find_module_defining_flag", "append_flag_values",
    "remove_flag_values", "register_flag_by_module", "read_flags_from_files", "main_module_help",
    "module_help", "write_help_in_xml_format", "get_flag_value",
})
TF0_ONLY = {"__flags": "TF 0.x's FLAGS.__flags", "_parse_flags": "TF 0.x's FLAGS._parse_flags()"}
OLD_KEYWORDS = ("flag_name", "default_value", "docstring")
# DEFINE_* -> literal default types absl refuses and TF 1 kept
REFUSED_DEFAULTS = {
    "DEFINE_string": (cst.Integer, cst.Float), "DEFINE_integer": (cst.Float,),
}


def find(stage1_code: str) -> list[tuple[int, str]]:
    """[(line, reason)] for the uses that need TF 1's flags; empty when absl's will do."""
    if "FLAGS" not in stage1_code and "DEFINE" not in stage1_code:
        return []
    wrapper = MetadataWrapper(cst.parse_module(stage1_code))
    finder = _Finder(wrapper.resolve(PositionProvider))
    wrapper.module.visit(finder)
    return finder.results()


class _Finder(cst.CSTVisitor):
    def __init__(self, positions):
        self.pos = positions
        self.modules = set(FLAGS_MODULES)  # names of the flags module (`f = v1_flags`, `... as f`)
        self.flags_objects = set()  # names bound to <flags>.FLAGS
        self.defs: dict[str, list] = {}  # top-level def/class name -> its methods' names / calls
        self.calls_in: dict[str, set] = {}  # top-level def or class -> plain names it calls
        self.reads_in: dict[str, list] = {}  # top-level def or class methods -> [(line, reason)]
        self.module_calls: set = set()
        self.early: list = []
        self.other: list = []
        self.owner: str | None = None  # the top-level def/class whose function body we are in
        self.depth = 0  # function bodies entered
        self.parsed = False  # a module-level FLAGS(argv) seen

    def results(self):
        reached, todo = set(), list(self.module_calls)
        while todo:
            name = todo.pop()
            if name in reached or name not in self.calls_in:
                continue
            reached.add(name)
            todo.extend(self.calls_in[name])
        found = list(self.early)
        for name in sorted(reached):
            found += [(line, f"{what} is read in {name}(), which runs before tf.app.run() parses the command "
                             "line (absl's flags would raise UnparsedFlagAccessError)")
                      for line, what in self.reads_in.get(name, [])]
        found += self.other
        return sorted(set(found))

    # where we are
    def visit_FunctionDef(self, node):
        if self.depth == 0 and self.owner is None:
            self.owner = node.name.value
            self.calls_in.setdefault(self.owner, set())
        for decorator in node.decorators:
            decorator.visit(self)
        node.params.visit(self)  # default values run at definition
        self.depth += 1
        node.body.visit(self)
        self.depth -= 1
        if self.depth == 0 and self.owner == node.name.value and not self._in_class:
            self.owner = None
        return False

    _in_class = False

    def visit_ClassDef(self, node):
        if self.depth == 0 and self.owner is None:
            self.owner = node.name.value
            self.calls_in.setdefault(self.owner, set())
            self._in_class = True
            for child in node.body.body:
                child.visit(self)
            self._in_class = False
            self.owner = None
            return False
        return True

    def visit_Lambda(self, node):
        self.depth += 1
        node.body.visit(self)
        self.depth -= 1
        return False

    # what we see
    def _is_flags_module(self, node) -> bool:
        return dotted(node) in self.modules

    def visit_ImportFrom(self, node):
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            if alias.name.value in ("v1_flags", "flags") and alias.asname is not None \
                    and isinstance(alias.asname.name, cst.Name):
                self.modules.add(alias.asname.name.value)

    def visit_Assign(self, node):
        name = dotted(node.value)
        targets = [t.target.value for t in node.targets if isinstance(t.target, cst.Name)]
        if name in self.modules:
            self.modules.update(targets)
        elif name and name.endswith(".FLAGS") and self._is_flags_module(node.value.value):
            self.flags_objects.update(targets)

    def _is_flags_object(self, node) -> bool:
        if isinstance(node, cst.Name):
            return node.value in self.flags_objects
        return isinstance(node, cst.Attribute) and node.attr.value == "FLAGS" and self._is_flags_module(node.value)

    def visit_Attribute(self, node):
        if not self._is_flags_object(node.value):
            return
        attr = node.attr.value
        line = self.pos[node].start.line
        if attr in TF0_ONLY:
            self.other.append((line, f"{TF0_ONLY[attr]} is not in absl's flags"))
            return
        if attr in NO_PARSE_NEEDED:
            return
        what = f"FLAGS.{attr}"
        if self.depth == 0:
            if not self.parsed:
                self.early.append((line, f"{what} is read before tf.app.run() parses the command line "
                                         "(absl's flags would raise UnparsedFlagAccessError)"))
        elif self.owner is not None:
            self.reads_in.setdefault(self.owner, []).append((line, what))

    def visit_Call(self, node):
        name = dotted(node.func)
        if name in RUN_CALLS:
            return False  # its main runs after the parse
        if self.depth == 0 and self._is_flags_object(node.func):
            self.parsed = True
        if isinstance(node.func, cst.Name):
            if self.depth == 0:
                self.module_calls.add(node.func.value)
            if self.owner is not None and self.depth > 0:
                self.calls_in[self.owner].add(node.func.value)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value.startswith("DEFINE") \
                and self._is_flags_module(node.func.value):
            self._check_define(node, node.func.attr.value)

    def _check_define(self, node, define):
        line = self.pos[node].start.line
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in OLD_KEYWORDS:
                self.other.append((line, f"{define}({arg.keyword.value}=...): TF 1's keyword name, "
                                         "absl's flags do not take it"))
        args = [a for a in node.args if a.keyword is None]
        default = next((a.value for a in node.args if a.keyword is not None
                        and a.keyword.value in ("default", "default_value")), args[1].value if len(args) > 1 else None)
        if isinstance(default, cst.UnaryOperation):
            default = default.expression
        if isinstance(default, REFUSED_DEFAULTS.get(define, ())):
            self.other.append((line, f"{define} with the default {cst.Module([]).code_for_node(default)}: TF 1 "
                                     "kept it, absl's flags raise IllegalFlagValueError"))
