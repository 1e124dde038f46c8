"""Pattern: feed dicts built away from the call (a variable, a helper, a comprehension).

    feed = {x: X, y: Y}                          ->  feed = {"x": X, "y": Y}
    sess.run(train, feed_dict=feed)              ->  train_step(**feed)
    sess.run(loss, feed_dict=feed)               ->  compute_loss(feed["x"])   (a run that reads fewer)

    def fill_feed_dict(start):                   ->  def fill_feeds(start):
        return {x: X[start:], y: Y[start:]}              return {"x": X[start:], "y": Y[start:]}
    feed_dict = fill_feed_dict(0)                ->  feeds = fill_feeds(0)
    {ph: v for ph, v in zip([x, y], batch)}      ->  {ph: v for ph, v in zip(["x", "y"], batch)}
    feed = {x: X}                                ->  feed = {"x": X}
    feed[keep_prob] = 0.5                        ->  feed["keep_prob"] = 0.5
    feed.update({y: Y})                          ->  feed.update({"y": Y})

The dict is still built where and when the script built it (its values are evaluated
then, as before); its keys, the placeholders, become the names of the run function's
arguments, and the call passes it as keyword arguments. A source is a dict whose keys
are placeholder names, a `{k: v for k, v in zip([placeholders], values)}` or
`dict(zip([placeholders], values))`, a name every binding of which is a source, or a
call of a function every `return` of which gives a source (`{}` too, and a copy,
`dict(name)` or `name.copy()`, of a source name); `name[placeholder] =
value` and `name.update({placeholder: value})` add a key the name's dict may have. A name (or a helper's
result) used for anything but feeding is refused: what else it does with the
placeholder keys is not modelled. Names that say `feed_dict` are renamed `feeds`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager.code import fresh
from migrate.eager.model import Kind
from migrate.eager.pattern import Pattern

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

RENAMED = ("feed_dict", "feeds")


def key_nodes(node, env) -> list | None:
    """The placeholder Name nodes that are the keys of a feed-dict-shaped literal, or None."""
    def placeholder(n):
        return isinstance(n, cst.Name) and n.value in env and env[n.value].kind == Kind.PLACEHOLDER

    if isinstance(node, cst.Dict):
        keys = [el.key for el in node.elements if isinstance(el, cst.DictElement)]
        if keys and len(keys) == len(node.elements) and all(placeholder(k) for k in keys):
            return keys
        return None
    zipped = None
    if isinstance(node, cst.DictComp) and isinstance(node.key, cst.Name) and isinstance(node.value, cst.Name) \
            and node.for_in.inner_for_in is None and not node.for_in.ifs \
            and isinstance(node.for_in.target, cst.Tuple) and len(node.for_in.target.elements) == 2 \
            and [getattr(e.value, "value", None) for e in node.for_in.target.elements] == [node.key.value,
                                                                                              node.value.value]:
        zipped = node.for_in.iter
    elif isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict" \
            and len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star:
        zipped = node.args[0].value
    if isinstance(zipped, cst.Call) and isinstance(zipped.func, cst.Name) and zipped.func.value == "zip" \
            and len(zipped.args) == 2 and not any(a.star or a.keyword for a in zipped.args) \
            and isinstance(zipped.args[0].value, (cst.List, cst.Tuple)):
        keys = [el.value for el in zipped.args[0].value.elements]
        if keys and all(not isinstance(el, cst.StarredElement) for el in zipped.args[0].value.elements) \
                and all(placeholder(k) for k in keys):
            return keys
    return None


def is_feed_literal(a: Analysis, node, env) -> bool:
    """A value that is a feed dict built away from the call: Python, not graph building."""
    return key_nodes(node, env) is not None


class _Literals(cst.CSTVisitor):
    """Every feed-dict-shaped literal of an item, and every `name = value` binding."""

    def __init__(self, a: Analysis, env, literals, values, defs, item_keys):
        super().__init__()
        self.a, self.env, self.literals, self.values, self.defs = a, env, literals, values, defs
        self.item_keys = item_keys

    def visit_FunctionDef(self, node):
        self.defs[node.name] = node
        return node not in self.a.skip_defs

    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.values[node.targets[0].target] = node.value
        elif len(node.targets) == 1:
            found = _item_key(node.targets[0].target, self.env)
            if found is not None and self._the_block_name(found[1]):
                self.item_keys.append(found)

    def visit_Call(self, node):
        """`feed.update({y: Y})`: the literal's keys are keys `feed` may have."""
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "update" and isinstance(func.value, cst.Name) \
                and len(node.args) == 1 and node.args[0].keyword is None and not node.args[0].star \
                and isinstance(node.args[0].value, cst.Dict):
            keys = key_nodes(node.args[0].value, self.env)
            if keys is not None and all(self._the_block_name(k) for k in keys):
                self.item_keys.extend((func.value, k, self.env[k.value]) for k in keys)

    def on_visit(self, node):
        if isinstance(node, cst.Dict) and not node.elements:  # `feed = {}`, filled by `feed[x] = ...`
            self.literals[node] = []
        elif isinstance(node, (cst.Dict, cst.DictComp, cst.Call)):
            keys = key_nodes(node, self.env)
            if keys is not None and all(self._the_block_name(k) for k in keys):
                self.literals[node] = [(k, self.env[k.value]) for k in keys]
        return super().on_visit(node)

    def _the_block_name(self, key: cst.Name) -> bool:
        """The key reads the block's own binding (the placeholder), not a helper's parameter."""
        scope = self.a.scopes.get(key)
        return scope is not None and all(asg.scope is self.a.global_scope for asg in scope[key.value])


def _item_key(target, env) -> tuple | None:
    """(dict Name, key Name, placeholder) of `feed[x] = ...`, x a placeholder; else None."""
    if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name) and len(target.slice) == 1
            and isinstance(target.slice[0].slice, cst.Index)):
        return None
    key = target.slice[0].slice.value
    if isinstance(key, cst.Name) and key.value in env and env[key.value].kind == Kind.PLACEHOLDER:
        return target.value, key, env[key.value]
    return None


class Resolver:
    def __init__(self, a: Analysis):
        self.a = a
        self.literals: dict = {}  # literal node -> [(key Name node, placeholder GStmt)]
        self.values: dict = {}  # target Name node -> assigned value
        self.defs: dict = {}  # def's Name node -> FunctionDef
        self.item_keys: list = []  # (dict Name, key Name, placeholder) of each `feed[x] = value`
        for item in a.items:
            item.node.visit(_Literals(a, a.env_at[item.idx], self.literals, self.values, self.defs, self.item_keys))
        self.keys_used: list = []  # the item keys some site's feed went through
        self.used: list = []  # literals some site's feed resolves to
        self.through: set = set()  # the names and helper calls the resolutions went through
        self.names: dict = {}  # Name node of a binding that is a source -> the scope's Assignment

    def resolve(self, node, depth=0) -> list | None:
        """The key sets `node` may give (one per literal), or None when it is not a source."""
        if depth > 8:
            return None
        if node in self.literals:
            self.used.append(node)
            return [frozenset(g for _, g in self.literals[node])]
        if isinstance(node, cst.Name):
            assignments = self._assignments(node)
            if not assignments:
                return None
            self.through.add(node)
            out = []
            for asg in assignments:
                value = self.values.get(asg.node)
                sets = None if value is None else self.resolve(value, depth + 1)
                if sets is None:
                    return None
                out += sets
                self.names[asg.node] = asg
            added = self._item_keys(assignments)
            return [keys | added for keys in out]
        if _copied(node) is not None:  # dict(feed) / feed.copy(): the same keys
            return self.resolve(_copied(node), depth + 1)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            assignments = self._assignments(node.func)
            if len(assignments) != 1 or not isinstance(list(assignments)[0].node, cst.FunctionDef):
                return None
            fn = list(assignments)[0].node
            if fn in self.a.skip_defs:
                return None
            self.through.add(node.func)
            out = []
            for ret in _returns(fn):
                sets = None if ret.value is None else self.resolve(ret.value, depth + 1)
                if sets is None:
                    return None
                out += sets
            if not out:
                return None
            self.names[fn.name] = list(assignments)[0]
            return out
        return None

    def _item_keys(self, assignments) -> frozenset:
        """The placeholders `feed[x] = value` statements add to a dict bound by `assignments`:
        each may have run before the site, so each is a key the dict may have (a key it
        lacks at a run is a missing argument, or the default of placeholder_with_default,
        as in TF 1)."""
        added = set()
        for found in self.item_keys:
            if self._assignments(found[0]) & assignments:
                self.through.add(found[0])
                self.keys_used.append(found)
                added.add(found[2])
        return frozenset(added)

    def _assignments(self, name: cst.Name):
        scope = self.a.scopes.get(name)
        if scope is None:
            return set()
        return {asg for asg in scope[name.value] if getattr(asg, "node", None) is not None}


def _copied(node) -> cst.Name | None:
    """`feed` of `dict(feed)` or `feed.copy()`, else None."""
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    if isinstance(func, cst.Name) and func.value == "dict" and len(node.args) == 1 \
            and node.args[0].keyword is None and not node.args[0].star and isinstance(node.args[0].value, cst.Name):
        return node.args[0].value
    if isinstance(func, cst.Attribute) and func.attr.value == "copy" and not node.args \
            and isinstance(func.value, cst.Name):
        return func.value
    return None


def _returns(fn: cst.FunctionDef) -> list:
    found = []

    class Returns(cst.CSTVisitor):
        def visit_FunctionDef(self, node):
            return node is fn

        def visit_Lambda(self, node):
            return False

        def visit_ClassDef(self, node):
            return False

        def visit_Return(self, node):
            found.append(node)

    fn.visit(Returns())
    return found


def resolve_sites(a: Analysis) -> None:
    """Resolve each site's feed expression; account the keys of the literals used; refuse
    a source name used for anything but feeding; plan the renames of `feed_dict` names."""
    pending = [s for s in a.sites if s.feed_source is not None]
    if not pending:
        return
    r = Resolver(a)
    for s in pending:
        sets = r.resolve(s.feed_source.expr)
        if sets is None:
            a.problem(s.feed_source.expr, "feed_dict that is not a dict {placeholder: value} (nor a name, a helper "
                                          "or a zip comprehension giving one)")
            continue
        s.feed_source.key_sets = sets
    for literal in r.used:
        for key, _ in r.literals[literal]:
            a.accounted.add(key)
        a.edits.names.update({key: cst.SimpleString(f'"{g.name}"') for key, g in r.literals[literal]})
    for _, key, g in r.keys_used:
        a.accounted.add(key)
        a.edits.names[key] = cst.SimpleString(f'"{g.name}"')
    for node, asg in r.names.items():
        for access in asg.references:
            if access.node not in r.through:
                a.problem(access.node, f"`{asg.name}` (a feed dict) is used for something other than feeding "
                                       "Session.run")
        name = node.value
        if RENAMED[0] in name:
            new = _fresh_name(a, name.replace(*RENAMED))
            a.edits.names[node] = node.with_changes(value=new)
            for access in asg.references:
                a.edits.names[access.node] = access.node.with_changes(value=new)


def _fresh_name(a: Analysis, base: str) -> str:
    taken = {asg.name for scope in set(s for s in a.scopes.values() if s is not None) for asg in scope.assignments}
    return fresh(base, taken)


def fed(site) -> list:
    """The placeholders every literal the site's feed may give feeds."""
    sets = site.feed_source.key_sets
    common = frozenset.intersection(*sets) if sets else frozenset()
    return sorted(common, key=lambda g: g.order())


def arguments(t: Translator, site, feed_code: str, params: list) -> str:
    """The arguments of the run function's call: `**feed`, or `feed["x"], ...` when the
    feed gives more than this run reads."""
    names = {g.name for g in params}
    required = {g.name for g in params if getattr(g.info, "default", None) is None}
    if all(required <= {g.name for g in keys} <= names for keys in site.feed_source.key_sets):
        return f"**{feed_code}" if params else ""
    if isinstance(site.feed_source.expr, cst.Name):
        return ", ".join(f'{feed_code}["{g.name}"]' for g in params)
    t.a.problem(site.call, "a feed_dict built by a call feeds placeholders this run does not read: the eager call "
                           "would receive arguments it does not take")
    return ""


class FeedSources(Pattern):
    name = "feed_sources"
    summary = "feed dicts in variables, helpers, zip comprehensions"

    def link(self, a: Analysis) -> None:
        resolve_sites(a)

    def feeds_graph(self, a: Analysis, value, env):
        return is_feed_literal(a, value, env) or None

    def fed_placeholders(self, site):
        return fed(site) if site.feed_source is not None else None

    def feed_arguments(self, t: Translator, site, feed_code, params):
        return arguments(t, site, feed_code, params) if site.feed_source is not None else None


PATTERN = FeedSources()
