"""Write the TensorFlow names of a piece of stage-1 code the way eager TF 2 code does.

The code comes from migrate_source, so its names are already TF 2 names or tf.compat.v1
ones. `NameRewriter` writes every TensorFlow chain on the module's primary alias
(`from tensorflow import x` names become `tf.x`), and applies the few rewrites that are
right in eager code only (migrate/tables/hand.py EAGER_V2_NAMES and V1_CASTS,
tf.compat.v1.assign(ref, v) -> ref.assign(v), keep_prob -> rate for dropout, the label
gradient stop of TF 1's softmax cross entropy), and calls a TF 2 function of another name
delegates to are written as that function (migrate/tables/delegates.py:
tf.compat.v1.nn.softmax_cross_entropy_with_logits_v2(..., dim=1) ->
tf.nn.softmax_cross_entropy_with_logits(..., axis=1)). What has no TF 2 twin stays
tf.compat.v1.<path>, which runs eagerly too. Names it cannot write (unknown to
migrate, or without a TF 2 object: names.lacks_tf2_object) are left as written and
collected in `unwritable`, with their first node (the translator refuses such code, with
the reason refused.name_problem gives).
"""
from __future__ import annotations

import libcst as cst

from migrate.eager import names as N
from migrate.node_helpers import attr_chain
from migrate.tables.delegates import DELEGATES
from migrate.tables.hand import ASSIGN_METHODS, DIVISIONS, EAGER_V2_NAMES, V1_CASTS
from migrate.tables.initializer_draws import INITIALIZER_DRAWS
from migrate.tables.layers import KERAS_GLOROT_UNIFORM
from migrate.tables.mean_losses import LABELS_GRADIENT_STOPPED, MEAN_LOSSES
from migrate.tables.variable_scopes import DEFAULT_FLOAT_INITIALIZER
from migrate.tables.v1_names import KEYWORD_RENAMES, SIGNATURES

# tf.compat.v1.nn.dropout's parameters, in positional order: keep_prob is TF 2's 1 - rate
DROPOUT_V1_PARAMETERS = SIGNATURES["nn.dropout"][0]


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


def writable(written: str) -> bool:
    """True when eager code can write the name as tf.<path> (see eager_spelling)."""
    return N.is_known(written) and not N.lacks_tf2_object(written)


def eager_spelling(written: str) -> str:
    """How eager code writes a name written `written` in stage-1 code."""
    if written.startswith(N.V1):
        return EAGER_V2_NAMES.get(written[len(N.V1):], written)
    return N.canonical(written)  # a public name reached through a private module: tf.<name>


class NameRewriter(cst.CSTTransformer):
    def __init__(self, resolver: N.Resolver, is_placeholder=lambda name: False, from_names=frozenset(),
                 replacements=None, operands_kind=lambda operands: None):
        super().__init__()
        self.operands_kind = operands_kind  # "float" / "integer" / None for a call's operands (eager/dtypes.py)
        self.replacements = replacements or {}  # id(node) -> code written instead (patterns/static_shapes.py)
        self.from_names = from_names  # Name nodes bound by `from tensorflow import name`
        self.r = resolver
        self.tf = resolver.primary
        self.is_placeholder = is_placeholder
        self.unwritable: dict[str, cst.CSTNode] = {}  # written path -> its first node
        self._chains: set = set()

    def on_leave(self, original_node, updated_node):
        code = self.replacements.get(id(original_node))
        if code is not None:
            return cst.parse_expression(code)
        return super().on_leave(original_node, updated_node)

    def tf_path(self, path: str) -> cst.BaseExpression:
        return attr_chain(f"{self.tf}.{path}")

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
        return self._name(original_node, updated_node)

    def leave_Name(self, original_node, updated_node):
        if original_node not in self.from_names:
            return updated_node
        return self._name(original_node, updated_node)

    def _name(self, original_node, updated_node):
        written = self.r.written(original_node)
        if written is None:
            return updated_node
        if not writable(written):
            self.unwritable.setdefault(written, original_node)
            return updated_node
        return self.tf_path(eager_spelling(written))

    # -- calls
    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call):
        if isinstance(original_node.func, cst.Call):
            return self._initializer_draw(original_node.func, updated_node) or updated_node
        written = self.r.written(original_node.func)
        if written is None or not writable(written):
            return updated_node  # _name recorded it as unwritable
        args = list(updated_node.args)
        if any(a.star for a in args):
            return updated_node
        positional = [a for a in args if a.keyword is None]
        keywords = [a for a in args if a.keyword is not None]
        v1 = written[len(N.V1):] if written.startswith(N.V1) else None
        if v1 in V1_CASTS and len(positional) == 1:
            return cst.Call(func=self.tf_path("cast"),
                            args=_with_commas(_clean_args([positional[0], cst.Arg(self.tf_path(V1_CASTS[v1]))]
                                                          + keywords)))
        if v1 == "nn.dropout":
            return self._dropout(updated_node, positional, keywords)
        if v1 in DIVISIONS and len(positional) == 2 and not keywords:
            operands = [a.value for a in original_node.args]
            division = DIVISIONS[v1].get(self.operands_kind(operands))
            if division is not None:
                return node_with(updated_node, self.tf_path(division), positional)
        if v1 in ASSIGN_METHODS and len(positional) == 2 and not keywords:
            return cst.Call(func=cst.Attribute(value=positional[0].value, attr=cst.Name(v1)),
                            args=_clean_args([positional[1]]))
        if written == "nn.softmax_cross_entropy_with_logits" and not positional:
            return self._softmax_xent(updated_node, keywords)
        if v1 in MEAN_LOSSES:
            mean = self._mean_loss(v1, positional, keywords)
            if mean is not None:
                return mean
        if v1 in DELEGATES:
            args = delegate_arguments(DELEGATES[v1], positional, keywords)
            if args is not None:
                return node_with(updated_node, self.tf_path(DELEGATES[v1][0]), args)
        return updated_node

    def _dropout(self, node, positional, keywords):
        kws = {a.keyword.value: a for a in keywords}
        keep_at = DROPOUT_V1_PARAMETERS.index("keep_prob")
        if "rate" in kws or len(positional) > keep_at + 1:
            return node.with_changes(func=self.tf_path("compat.v1.nn.dropout"))
        keep = positional[keep_at].value if len(positional) == keep_at + 1 else (
            kws.pop("keep_prob").value if "keep_prob" in kws else None)
        if keep is None:
            return node.with_changes(func=self.tf_path("compat.v1.nn.dropout"))
        keep_code = cst.Module([]).code_for_node(keep)
        rate = cst.parse_expression(f"1 - {keep_code}" if isinstance(keep, (cst.Name, cst.Attribute, cst.Float,
                                                                             cst.Integer, cst.Call, cst.Subscript))
                                    else f"1 - ({keep_code})")
        args = [positional[0], kw("rate", rate)] + list(kws.values())
        return node.with_changes(func=self.tf_path("nn.dropout"), args=_with_commas(_clean_args(args)))

    def _mean_loss(self, v1: str, positional, keywords) -> cst.Call | None:
        """A tf.losses call with its two arguments only, as the mean of the TF 2 op (tables/mean_losses.py)."""
        parameters, op, op_keywords = MEAN_LOSSES[v1]
        if len(positional) > 2:
            return None
        values = {name: a.value for name, a in zip(parameters, positional)}
        for a in keywords:
            if a.keyword.value not in parameters or a.keyword.value in values:
                return None
            values[a.keyword.value] = a.value
        if len(values) != 2:
            return None
        labels = values[parameters[0]]
        if v1 in LABELS_GRADIENT_STOPPED and not (isinstance(labels, cst.Name) and self.is_placeholder(labels.value)):
            return None
        per_example = cst.Call(func=self.tf_path(op), args=_with_commas(
            [kw(key, values[name]) for key, name in zip(op_keywords, parameters)]))
        return cst.Call(func=self.tf_path("reduce_mean"), args=[cst.Arg(per_example)])

    def _initializer_draw(self, initializer: cst.Call, node: cst.Call) -> cst.Call | None:
        written = self.r.written(initializer.func) or ""
        return initializer_draw(node, written, self.tf)

    def _softmax_xent(self, node, keywords):
        # Stage 1 wrapped the labels in stop_gradient (TF 1.x never back-propagated into
        # them: fixers/xent_label_gradient.py). A fed placeholder becomes a function argument,
        # which has no gradient anyway, so there the wrapper is taken off again.
        renames = KEYWORD_RENAMES["nn.softmax_cross_entropy_with_logits"]  # dim -> axis
        new = []
        for a in keywords:
            name = a.keyword.value
            if name in renames:
                a = a.with_changes(keyword=cst.Name(renames[name]))
            inner = _stopped_name(a.value) if name == "labels" else None
            if inner is not None and self.is_placeholder(inner.value):
                a = a.with_changes(value=inner)
            new.append(a)
        return node.with_changes(func=self.tf_path("nn.softmax_cross_entropy_with_logits"),
                                 args=_with_commas(_clean_args(new)))


def delegate_arguments(row, positional, keywords) -> list | None:
    """The arguments of a tf.compat.v1 call written as the TF 2 function of a DELEGATES
    row: positional arguments stay where both parameter lists agree, the others go by
    keyword, keywords are renamed; None when one has no TF 2 parameter (or two become
    the same one)."""
    _, v1_positional, v2_positional, same = row
    out, given = [], set()
    by_place = True
    for i, arg in enumerate(positional):
        if i >= len(v1_positional) or v1_positional[i] not in same:
            return None
        new = same[v1_positional[i]]
        if new in given:
            return None
        by_place = by_place and i < len(v2_positional) and v2_positional[i] == new
        out.append(arg if by_place else arg.with_changes(keyword=cst.Name(new), equal=kw(new, arg.value).equal))
        given.add(new)
    for arg in keywords:
        new = same.get(arg.keyword.value)
        if new is None or new in given:
            return None
        out.append(arg.with_changes(keyword=cst.Name(new)))
        given.add(new)
    return out


def initializer_draw(node: cst.Call, written: str, tf: str) -> cst.Call | None:
    """`tf.compat.v1.random_normal_initializer(stddev=0.8, seed=1)([2, 8])` ->
    `tf.random.normal([2, 8], stddev=0.8, seed=1)` (tables/initializer_draws.py): `node` is
    the call of an initializer on a shape (and dtype=), `written` the initializer's written
    path. Only a seeded initializer: an unseeded draw is paired by `migrate verify` through
    the initializer's name (verification/plan.py). None when not such a call."""
    row = INITIALIZER_DRAWS.get(written[len(N.V1):]) if written.startswith(N.V1) else None
    made = node.func
    if row is None or not isinstance(made, cst.Call) or not node.args or node.args[0].keyword is not None:
        return None
    op, parameters, op_parameters = row
    args, extra = list(made.args), list(node.args[1:])
    if any(a.keyword is None or a.keyword.value != "dtype" for a in extra):
        return None
    if any(a.star for a in args) or len([a for a in args if a.keyword is None]) > len(parameters):
        return None
    named = [(a.keyword.value if a.keyword else parameters[i], a) for i, a in enumerate(args)] + [
        ("dtype", a) for a in extra]
    names = [name for name, _ in named]
    if "seed" not in names or len(names) != len(set(names)):
        return None
    out = [node.args[0]]
    for i, (name, arg) in enumerate(named):
        if name not in op_parameters:
            return None
        keep = arg.keyword is None and op_parameters[i] == name
        out.append(arg if keep else kw(name, arg.value).with_changes(comma=arg.comma))
    return node_with(node, attr_chain(f"{tf}.{op}"), out)


def default_glorot_draw(tf: str, keras: str, shape: str, global_seed: bool) -> str:
    """TF 1's default draw of a float variable (get_variable's, an RNN cell's kernel) on
    `shape`, as TF 2 code: `tf.keras.initializers.GlorotUniform()([4, 2])`, the same
    distribution, which `migrate verify` gives the compat side's seeded numbers
    (verification/plan.py); under a global seed TF 1's initializer, which honours it (Keras
    seeds its draw from Python's random module: tables/layers.py)."""
    if global_seed:
        return f"{tf}.{DEFAULT_FLOAT_INITIALIZER}()({shape})"
    return f"{keras}.{KERAS_GLOROT_UNIFORM}()({shape})"


def node_with(node: cst.Call, func: cst.BaseExpression, args: list) -> cst.Call:
    return node.with_changes(func=func, args=_with_commas(_clean_args(args)))


def _stopped_name(value: cst.BaseExpression) -> cst.Name | None:
    """``x`` of ``<tf>.stop_gradient(x)`` when x is a plain name."""
    if (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute)
            and value.func.attr.value == "stop_gradient" and len(value.args) == 1
            and isinstance(value.args[0].value, cst.Name)):
        return value.args[0].value
    return None
