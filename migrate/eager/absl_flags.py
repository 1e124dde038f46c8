"""Stage 2's last pass: `tf.app.flags` / `tf.flags` / `tf.app.run` -> `absl.flags` / `absl.app`.

Stage 1 turns the flags module into `tf_revive_runtime.v1_flags` (a script may re-define a
flag absl already defines) and `tf.app.run()` into `tf.compat.v1.app.run()`. An eager
translation must not depend on migrate at run time, so this pass writes what a person
porting by hand writes. It reads the translated code, not the analysis, so stages.py
runs it after the translator rather than the registry:

    from tf_revive_runtime import v1_flags   ->  from absl import flags
    flags = v1_flags                     ->  (removed)
    v1_flags.DEFINE_float(...)           ->  flags.DEFINE_float(...)
    tf.compat.v1.app.run()               ->  app.run(main)        (+ from absl import app)
    tf.compat.v1.app.run(main=train)     ->  app.run(train)

It refuses (the file keeps its compat form, the reason names the line) when the script
defines a flag absl already defines (`log_dir`, `v`, ... : absl would raise
DuplicateFlagError, ABSL_PREDEFINED below, checked against absl by the tests), or calls
`tf.app.run()` without a `main` to give it. stages.py does not call it for a script that
needs TF 1's flag semantics (tf1_flag_uses.py: flags read before the app runs...), which
keeps v1_flags. Differences that remain: TF 1.x's run passed unknown command-line flags on
to main, absl's stops on them.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate.runtime import RUNTIME_PACKAGE
from migrate.node_helpers import dotted

__all__ = ["ABSL_PREDEFINED", "problems", "rewrite", "stage1_line"]

# Flags absl.app and absl.logging define on import (tests/migrate/eager/test_absl_flags.py
# compares this with absl's FLAGS).
ABSL_PREDEFINED = frozenset({
    "alsologtostderr", "log_dir", "logger_levels", "logtostderr", "only_check_args", "pdb", "pdb_post_mortem",
    "profile_file", "run_with_pdb", "run_with_profiling", "showprefixforinfo", "stderrthreshold",
    "use_cprofile_for_profiling", "v", "verbosity",
})

SHIM_MODULE = RUNTIME_PACKAGE
SHIM_NAME = "v1_flags"
FLAGS_CHAINS = ("tf.app.flags", "tf.flags", "tf.compat.v1.flags", "tf.compat.v1.app.flags", SHIM_NAME)
RUN_CHAINS = ("tf.app.run", "tf.compat.v1.app.run")


def _module_binds(module: cst.Module) -> set:
    names = set()
    for stmt in module.body:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            names.add(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    for t in small.targets:
                        if isinstance(t.target, cst.Name):
                            names.add(t.target.value)
                elif isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.asname.name if alias.asname else alias.name
                        if isinstance(bound, cst.Name):
                            names.add(bound.value)
    return names


def _run_main(call: cst.Call):
    """The main function's expression of a tf.app.run(...) call, or None when it has none."""
    for i, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == "main" or arg.keyword is None and i == 0:
            return arg.value
    return None


def problems(source: str) -> list:
    """[(line, column, reason)] that keep the file in compat form (read on the original)."""
    if "DEFINE" not in source and "app" not in source:  # neither a flag definition nor an app.run
        return []
    wrapper = MetadataWrapper(cst.parse_module(source))
    pos = wrapper.resolve(PositionProvider)
    binds = _module_binds(wrapper.module)
    found = []

    class Find(cst.CSTVisitor):
        def visit_Call(self, call):
            name = dotted(call.func)
            if name is None:
                return
            head, _, attr = name.rpartition(".")
            if attr.startswith("DEFINE") and (head in FLAGS_CHAINS or head == "flags") and call.args:
                value = call.args[0].value
                if isinstance(value, cst.SimpleString) and value.evaluated_value in ABSL_PREDEFINED:
                    where = pos[call].start
                    found.append((where.line, where.column,
                                  f"flags.{attr}({value.value}, ...): absl already defines --{value.evaluated_value}, "
                                  "so absl.flags would raise DuplicateFlagError"))
            if name in RUN_CHAINS and _run_main(call) is None and "main" not in binds:
                where = pos[call].start
                found.append((where.line, where.column, "tf.app.run() without a module-level main() to run"))

    wrapper.module.visit(Find())
    return found


def rewrite(code: str) -> tuple[str, list]:
    """(code with absl flags and app, [(what to find the line by, message)]) for an eager translation."""
    if SHIM_NAME not in code and ".app.run" not in code and "compat.v1.flags" not in code:
        return code, []
    module = cst.parse_module(code)
    binds = _module_binds(module)
    flags_name = "flags" if not ({"flags"} & binds - {"flags"}) else "absl_flags"
    changes = []
    needs = set()

    class Rewrite(cst.CSTTransformer):
        def leave_Attribute(self, original, updated):
            if dotted(original) in FLAGS_CHAINS[:-1]:
                needs.add("flags")
                return cst.Name(flags_name)
            return updated

        def leave_Name(self, original, updated):
            if original.value == SHIM_NAME:
                needs.add("flags")
                return updated.with_changes(value=flags_name)
            return updated

        def leave_Call(self, original, updated):
            if dotted(original.func) in RUN_CHAINS:
                needs.add("app")
                main = _run_main(original) or cst.Name("main")
                args = [cst.Arg(main)] + [a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in updated.args
                                          if a.keyword is not None and a.keyword.value == "argv"]
                if len(args) == 2:
                    args[0] = args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                return cst.Call(func=cst.Attribute(cst.Name("app"), cst.Name("run")), args=args)
            return updated

    module = _drop_shim_statements(module, flags_name, needs)
    new = module.visit(Rewrite())
    if not needs:
        return code, []
    imports = []
    if "app" in needs:
        imports.append(cst.parse_statement("from absl import app\n"))
        changes.append((".app.run(", "tf.app.run() -> absl's app.run(main)"))
    if "flags" in needs:
        alias = "" if flags_name == "flags" else " as absl_flags"
        imports.append(cst.parse_statement(f"from absl import flags{alias}\n"))
        changes.append((SHIM_NAME, "tf.app.flags -> absl.flags"))
    body = list(new.body)
    at = _after_imports(body)
    new = new.with_changes(body=body[:at] + imports + body[at:])
    return new.code, changes


def stage1_line(stage1_code: str, needle: str) -> int:
    """The first line of stage 1's output holding `needle` (where a change is reported)."""
    for number, line in enumerate(stage1_code.splitlines(), 1):
        if needle in line and not line.lstrip().startswith(("#", "from ", "import ")):
            return number
    return 1


def _is_shim_statement(stmt, flags_name) -> bool:
    """`from tf_revive_runtime import v1_flags` or `flags = v1_flags` (or `= tf.app.flags`)."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    small = stmt.body[0]
    if isinstance(small, cst.ImportFrom):
        return dotted(small.module) == SHIM_MODULE and not isinstance(small.names, cst.ImportStar) \
            and [a.name.value for a in small.names] == [SHIM_NAME] and small.names[0].asname is None
    return isinstance(small, cst.Assign) and len(small.targets) == 1 \
        and isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value == flags_name \
        and dotted(small.value) in FLAGS_CHAINS


def _drop_shim_statements(module: cst.Module, flags_name: str, needs: set) -> cst.Module:
    """The module without its top-level shim import and `flags = ...` alias; the blank
    lines and comments above a dropped statement move to the next one."""
    body, carried = [], []
    for stmt in module.body:
        if _is_shim_statement(stmt, flags_name):
            needs.add("flags")
            carried.extend(stmt.leading_lines)
            continue
        if carried:
            stmt = stmt.with_changes(leading_lines=[*carried, *stmt.leading_lines])
            carried = []
        body.append(stmt)
    return module.with_changes(body=body)


def _after_imports(body) -> int:
    """Index after the last top-of-file import (docstring and comments stay above)."""
    at = 0
    for i, stmt in enumerate(body):
        if isinstance(stmt, cst.SimpleStatementLine) and stmt.body and isinstance(
                stmt.body[0], (cst.Import, cst.ImportFrom)):
            at = i + 1
        elif isinstance(stmt, cst.SimpleStatementLine) and i == 0 and isinstance(stmt.body[0], cst.Expr):
            at = 1
        else:
            break
    return at
