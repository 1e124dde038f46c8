"""--to eager as the second stage over migrate's compat output.

    source --(tf.compat.v1 spelled as TF 1)--> migrate_source (stage 1) --> Translator (stage 2)

Stage 1 does every rename, argument-order fix and warning; the eager translator only
turns Session machinery into eager code. When stage 2 cannot translate safely, the
result is migrate_source's output for the file as given, plus one eager-fallback
warning per reason. Findings always point at lines of the file as given.
"""
from __future__ import annotations

import difflib

import libcst as cst

from migrate.eager import absl_flags, registry, tf1_flag_uses
from migrate.engine import Outcome, migrate_source
from migrate.findings import CHANGE, Finding, WARNING

FALLBACK_RULE = "eager-fallback"
# stage-1 findings about graph mode, which the eager translation leaves behind
GRAPH_MODE_RULES = frozenset({"graph-mode"})
# stage-1 findings about a line stage 1 inserted (rule -> the call on that line): left out
# when the eager translation dropped the line (patterns/segments.py, tables/hand.py RUNTIME_DEFAULTS)
INSERTED_LINE_RULES = {"device-pins": "set_soft_device_placement("}


def translate_source(source: str) -> Outcome:
    """Rewrite a Session script as eager TF 2. Pure. Raises libcst.ParserSyntaxError on invalid syntax."""
    from migrate.eager.translate import Translator, Untranslatable

    if "tensorflow" not in source:
        return Outcome(source, [], False)
    as_tf1 = compat_v1_as_tf1(source)
    stage1 = migrate_source(as_tf1)
    lines = LineMap(as_tf1, stage1.code)
    graph_class = registry.first("dissolve_source", stage1.code)  # patterns/graph_classes.py
    refusal = graph_class.refusal if graph_class is not None else None
    read_as = graph_class if graph_class is not None and refusal is None else None
    translator = Translator(read_as.flat if read_as else stage1.code, class_program=read_as is not None)
    try:
        code = translator.translate()
        if read_as is not None:
            lines = ClassLines(lines, read_as)
            if code is not None:
                code, refusal = registry.first("restore_source", code, read_as)
                if refusal is not None:
                    raise Untranslatable([(refusal[0], 0, refusal[1])])
    except Untranslatable as exc:
        problems = exc.problems
        if read_as is not None:
            lines = lines if isinstance(lines, ClassLines) else ClassLines(lines, read_as)
        elif refusal is not None:  # the class's own reason first
            problems = [(refusal[0], 0, refusal[1])] + list(problems)
        return fallback(source, problems, lines, stage1 if as_tf1 == source else None)
    except RecursionError:
        return fallback(source, [(0, 0, "the file is too deeply nested to analyse")], lines)
    except Exception as exc:  # a construct the analysis did not foresee: never guess
        return fallback(source, [(0, 0, f"the eager translator does not understand this file "
                                        f"({type(exc).__name__}: {exc})")], lines)
    if code is None:  # no Session code: stage 1's output is the answer
        return stage1 if as_tf1 == source else migrate_source(source)
    kept_v1_flags = tf1_flag_uses.find(stage1.code)  # TF 1's flags kept: absl's refusals do not apply
    absl_changes = []
    if not kept_v1_flags:
        refusals = absl_flags.problems(stage1.code)
        if refusals:
            return fallback(source, refusals, lines, stage1 if as_tf1 == source else None)
        code, absl_changes = absl_flags.rewrite(code)
    findings = [f for f in stage1.findings if f.rule not in GRAPH_MODE_RULES
                and INSERTED_LINE_RULES.get(f.rule, "") in code]
    for line, reason in kept_v1_flags:
        findings += lines.finding(line, 0, "eager-absl", f"keeps tf_revive_runtime.v1_flags and "
                                  f"tf.compat.v1.app.run (TF 1's flag semantics), not absl's: {reason}", CHANGE)
    for line, message in absl_changes:
        findings += lines.finding(absl_flags.stage1_line(stage1.code, line), 0, "eager-absl", message, CHANGE)
    seen = set()
    for line, rule, message in translator.a.notes + translator.changes:
        if (line, rule, message) not in seen:
            seen.add((line, rule, message))
            findings += lines.finding(line, 0, rule, message, CHANGE)
    for line, column, rule, message in translator.warnings:
        findings += lines.finding(line, column, rule, message, WARNING)
    findings.sort(key=lambda f: (f.line, f.column))
    return Outcome(code, findings, code != source)


def fallback(source, problems, lines: "LineMap", stage1: Outcome | None = None) -> Outcome:
    """Stage 1's output for `source`, with one eager-fallback warning per distinct reason."""
    compat = stage1 if stage1 is not None else migrate_source(source)
    findings = list(compat.findings)
    seen = set()
    for line, column, reason in problems:
        if (line, reason) in seen:
            continue
        seen.add((line, reason))
        message = f"not translated to eager TF 2, the file keeps the tf.compat.v1 graph form: {reason}"
        findings += lines.finding(line, column, FALLBACK_RULE, message, WARNING, keep_inserted=True)
    findings.sort(key=lambda f: (f.line, f.column))
    return Outcome(compat.code, findings, compat.changed)


class LineMap:
    """Lines of stage 1's output -> lines of its input (None for lines stage 1 inserted)."""

    def __init__(self, before: str, after: str):
        self._map: dict[int, int | None] = {}
        old, new = before.splitlines(), after.splitlines()
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            for j in range(j1, j2):
                if tag == "insert":
                    self._map[j + 1] = None
                else:  # equal or replace: the k-th changed line is the k-th original one
                    self._map[j + 1] = min(i1 + (j - j1), i2 - 1) + 1

    def original(self, line: int) -> int | None:
        if line <= 0:
            return line
        return self._map.get(line, line)

    def finding(self, line, column, rule, message, severity, keep_inserted=False) -> list[Finding]:
        """[the Finding at the original line], or [] for a line stage 1 inserted."""
        original = self.original(line)
        if original is None:
            if not keep_inserted:
                return []
            original = self._next_original(line)
        return [Finding(original, column, rule, message, severity)]

    def _next_original(self, line):
        later = [v for k, v in sorted(self._map.items()) if k > line and v is not None]
        return later[0] if later else max([v for v in self._map.values() if v] or [1])


class ClassLines:
    """Lines of a graph class's flat program (patterns/graph_classes.py) -> the file's lines;
    the findings' texts in the class's words (`self.x`, not the flat program's names)."""

    def __init__(self, lines: LineMap, record):
        self.lines = lines
        self.record = record

    def finding(self, line, column, rule, message, severity, keep_inserted=False) -> list[Finding]:
        return self.lines.finding(self.record.original_line(line), column, rule, self.record.message(message),
                                  severity, keep_inserted)


def compat_v1_as_tf1(source: str) -> str:
    """`tensorflow.compat.v1` spelled as TF 1's `tensorflow`, which it is, so that stage 1
    renames its names too (`import tensorflow.compat.v1 as tf` -> `import tensorflow as tf`,
    `tf.compat.v1.placeholder` -> `tf.placeholder`). Lines keep their numbers."""
    if "compat" not in source:
        return source
    return cst.parse_module(source).visit(_AsTF1()).code


class _AsTF1(cst.CSTTransformer):
    def __init__(self):
        super().__init__()
        self.roots: set[str] = set()  # names bound to tensorflow itself

    def visit_Module(self, node):
        from migrate import imports

        info = imports.collect(node)
        self.roots = {local for local, target in info.cheap_map().items() if target == imports.TF}

    def leave_Import(self, original_node, updated_node):
        names = []
        for alias in updated_node.names:
            if _dotted(alias.name) == "tensorflow.compat.v1" and alias.asname is not None:
                alias = alias.with_changes(name=cst.Name("tensorflow"))
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node, updated_node):
        module = _dotted(updated_node.module) if updated_node.module is not None else None
        if updated_node.relative or module is None:
            return updated_node
        if module == "tensorflow.compat.v1" or module.startswith("tensorflow.compat.v1."):
            rest = module[len("tensorflow.compat.v1"):]
            return updated_node.with_changes(module=_attr("tensorflow" + rest))
        if module == "tensorflow.compat" and not isinstance(updated_node.names, cst.ImportStar) \
                and len(updated_node.names) == 1 and updated_node.names[0].name.value == "v1":
            alias = updated_node.names[0]
            local = alias.asname.name if alias.asname is not None else cst.Name("v1")
            return cst.Import(names=[cst.ImportAlias(name=cst.Name("tensorflow"), asname=cst.AsName(local))])
        return updated_node

    def leave_Attribute(self, original_node, updated_node):
        inner = updated_node.value
        if isinstance(inner, cst.Attribute) and inner.attr.value == "v1" and isinstance(inner.value, cst.Attribute) \
                and inner.value.attr.value == "compat" and isinstance(inner.value.value, cst.Name) \
                and inner.value.value.value in self.roots:
            return updated_node.with_changes(value=inner.value.value)
        return updated_node


def _dotted(node) -> str | None:
    from migrate.node_helpers import dotted

    return dotted(node)


def _attr(path: str) -> cst.BaseExpression:
    from migrate.node_helpers import attr_chain

    return attr_chain(path)
