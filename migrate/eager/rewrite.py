"""Rewrite the TensorFlow names of a piece of code into their TF 2 spelling.

`NameRewriter` turns every maximal `tf....` chain (after the module's aliases) into the
TF 2 spelling of the same symbol, and calls whose TF 2 twin only renamed arguments into
the TF 2 call (see names.ADAPT). What has no TF 2 twin is written tf.compat.v1.<path>,
which runs eagerly too. Unknown TensorFlow names are collected in `unknown` (the
translator refuses to translate code it cannot name).
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import names as N
from migrate.node_helpers import attr_chain  # noqa: F401 - rewrite.attr_chain for the eager modules


def kw(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name),
                   equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                         whitespace_after=cst.SimpleWhitespace("")))


def _clean_args(args):
    """Arguments with the last one's trailing comma removed (libcst keeps them per Arg)."""
    args = list(args)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return args


def _with_commas(args):
    out = []
    for i, arg in enumerate(args):
        if i < len(args) - 1 and arg.comma is cst.MaybeSentinel.DEFAULT:
            arg = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        out.append(arg)
    return out


class NameRewriter(cst.CSTTransformer):
    def __init__(self, resolver: N.Resolver, is_placeholder=lambda name: False, from_names=frozenset()):
        super().__init__()
        self.from_names = from_names  # Name nodes bound by `from tensorflow import name`
        self.r = resolver
        self.tf = resolver.primary
        self.is_placeholder = is_placeholder
        self.unknown: list[str] = []
        self.notes: list[str] = []
        self._chains: set = set()

    # -- helpers
    def tf_path(self, path: str) -> cst.BaseExpression:
        return attr_chain(f"{self.tf}.{path}")

    def _resolve(self, node):
        path, note = self.r.resolve(node)
        if path is not None and note:
            self.notes.append(note)
        return path

    def visit_Import(self, node):
        return False

    def visit_ImportFrom(self, node):
        return False

    # -- plain references (tf.float32, tf.nn.relu passed as a value)
    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if self.r.is_tf(node):
            self._chains.add(node)
            return False
        return True

    def leave_Attribute(self, original_node, updated_node):
        if original_node not in self._chains:
            return updated_node
        path = self._resolve(original_node)
        if path is None:
            return updated_node
        if not N.is_known(path):
            self.unknown.append(path)
            return updated_node
        return self.tf_path(N.v2_path(path))

    def leave_Name(self, original_node, updated_node):
        if original_node not in self.from_names:
            return updated_node
        path = self._resolve(original_node)
        if path is None or not N.is_known(path):
            if path is not None and "." not in path and any(k.startswith(path + ".") for k in N.V1_TO_V2):
                return self.tf_path(path)  # a module: nn, train, random
            self.unknown.append(path or original_node.value)
            return updated_node
        return self.tf_path(N.v2_path(path))

    # -- calls
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if not self.r.is_tf(original_node.func):
            return updated_node
        path = self._resolve(original_node.func)
        if path is None or not N.is_known(path):
            return updated_node  # leave_Attribute recorded it as unknown
        args = list(updated_node.args)
        positional = [a for a in args if a.keyword is None and not a.star]
        keywords = [a for a in args if a.keyword is not None]
        if any(a.star for a in args):
            return updated_node.with_changes(func=self.tf_path(N.v2_path(path)))

        if path in N.XENT_POSITIONAL and positional:
            # TF 0.x: (logits, targets); TF 1 made them keyword-only.
            names = ["logits", "labels"] + [None] * 8
            new = [kw(names[i], a.value) for i, a in enumerate(positional) if names[i]]
            if len(positional) > 2:
                self.unknown.append(path + " (more than two positional arguments)")
                return updated_node
            args = new + keywords
            positional, keywords = [], args
            self.notes.append(f"tf.{path}(logits, labels) positional (TF 0.x order) written with keywords")

        if path in N.TO_DTYPE and len(positional) == 1:
            return cst.Call(func=self.tf_path("cast"),
                            args=_with_commas(_clean_args([positional[0], cst.Arg(self.tf_path(N.TO_DTYPE[path]))]
                                                          + keywords)))
        if path == "concat" and len(positional) == 2 and isinstance(positional[0].value, cst.Integer) \
                and isinstance(positional[1].value, (cst.List, cst.Tuple)):
            # TF 0.x tf.concat(concat_dim, values)
            return updated_node.with_changes(func=self.tf_path("concat"),
                                             args=_with_commas(_clean_args([positional[1], positional[0]])))
        if path == "nn.dropout":
            return self._dropout(updated_node, positional, keywords)
        if path == "nn.softmax_cross_entropy_with_logits" and not positional:
            return self._softmax_xent(updated_node, keywords)
        if path in N.SEED:
            return updated_node.with_changes(func=self.tf_path("random.set_seed"))
        if path in ("assign", "assign_add", "assign_sub") and len(positional) == 2 and not keywords:
            method = path
            return cst.Call(func=cst.Attribute(value=positional[0].value, attr=cst.Name(method)),
                            args=_clean_args([positional[1]]))
        if path in N.ADAPT:
            target, max_pos, renames = N.ADAPT[path]
            if len(positional) <= max_pos:
                new_kw = []
                for a in keywords:
                    name = a.keyword.value
                    new_kw.append(a.with_changes(keyword=cst.Name(renames.get(name, name))))
                return updated_node.with_changes(func=self.tf_path(target),
                                                 args=_with_commas(_clean_args(positional + new_kw)))
            return updated_node.with_changes(func=self.tf_path(f"compat.v1.{path}"))
        return updated_node.with_changes(func=self.tf_path(N.v2_path(path)),
                                         args=_with_commas(_clean_args(args)))

    def _dropout(self, node, positional, keywords):
        kws = {a.keyword.value: a for a in keywords}
        if "rate" in kws or len(positional) > 2:
            return node.with_changes(func=self.tf_path("compat.v1.nn.dropout"))
        keep = positional[1].value if len(positional) == 2 else (kws.pop("keep_prob").value if "keep_prob" in kws
                                                                  else None)
        if keep is None:
            return node.with_changes(func=self.tf_path("compat.v1.nn.dropout"))
        keep_code = cst.Module([]).code_for_node(keep)
        rate = cst.parse_expression(f"1 - {keep_code}" if isinstance(keep, (cst.Name, cst.Attribute, cst.Float,
                                                                             cst.Integer, cst.Call, cst.Subscript))
                                    else f"1 - ({keep_code})")
        args = [positional[0], kw("rate", rate)] + list(kws.values())
        self.notes.append("tf.nn.dropout(x, keep_prob) is tf.nn.dropout(x, rate=1 - keep_prob)")
        return node.with_changes(func=self.tf_path("nn.dropout"), args=_with_commas(_clean_args(args)))

    def _softmax_xent(self, node, keywords):
        # v1 stops the gradient into labels; v2 does not. Same numbers when labels are fed.
        new = []
        for a in keywords:
            name = a.keyword.value
            if name == "dim":
                a = a.with_changes(keyword=cst.Name("axis"))
            if name == "labels" and not (isinstance(a.value, cst.Name) and self.is_placeholder(a.value.value)):
                a = a.with_changes(value=cst.Call(func=self.tf_path("stop_gradient"), args=[cst.Arg(a.value)]))
            new.append(a)
        return node.with_changes(func=self.tf_path("nn.softmax_cross_entropy_with_logits"),
                                 args=_with_commas(_clean_args(new)))
