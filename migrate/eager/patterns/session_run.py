"""Pattern: the Session disappears and each `sess.run(fetches, feed_dict)` becomes a call
of a run function that returns the same structure Session.run returned.

    sess = tf.Session()                                  ->  (removed)
    print(sess.run(loss, feed_dict={x: d, y: t}))        ->  print(compute_loss(d, t).numpy())
    _, l = sess.run([train, loss], {x: d, y: t})         ->  l = train_step(d, t).numpy()
    print(sess.run([train, loss], {x: d})[1])            ->  print(train_step(d).numpy())
    sess.run([loss, acc], {x: d})                        ->  compute_loss_and_acc(d)
    both = sess.run([w, w])                              ->  both = [w.numpy(), w.numpy()]
    sess.close()                                         ->  (removed)
    config = tf.ConfigProto(...)  (only a Session's)     ->  (removed)

Fetches are named graph values, variables, or expressions of them written inside the
call (INLINE). Feeds must be a literal dict whose keys are placeholders; feed values are
passed in the order written (by keyword when that is not the parameters' order).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from migrate.eager import names as N
from migrate.eager.model import Element, FeedSource, Kind, Site, SiteKind, Structure
from migrate.eager.pattern import Pattern
from migrate.eager import assign_record
from migrate.eager import structures
from migrate.tables import graph_api as G

if TYPE_CHECKING:  # annotations only: the stage imports the patterns, never the reverse
    from migrate.eager.analysis import Analysis
    from migrate.eager.translate import Translator

RUN_PARAMETERS = G.SESSION_RUN_PARAMETERS
FETCHABLE = (Kind.VARIABLE, Kind.TENSOR, Kind.ASSIGN, Kind.TRAIN, Kind.GROUP, Kind.INIT, Kind.SUMMARY)
INLINE_READS = (Kind.VARIABLE, Kind.TENSOR, Kind.PLACEHOLDER, Kind.GRADIENTS, Kind.ASSIGN)


# ---------------------------------------------------------------------------- analysis
def session_assignment(a: Analysis, small: cst.Assign, target, item, path: str, env: dict) -> bool:
    """`sess = tf.Session()`: removed, `sess` becomes a session name."""
    if not isinstance(target, cst.Name):
        a.problem(small, "a Session stored in something other than a name")
        return True
    a.session_names.add(target.value)
    a.accounted.add(target)
    a.is_session_script = True
    env[target.value] = a.make_gstmt(item, Kind.SESSION, [target.value], small.value, env)
    item.drop = True
    a.notes.append((a.line(small), "eager-session",
                    f"tf.{path}() removed: eager TensorFlow runs ops at once, no session needed"))
    return True


def session_config(a: Analysis, small: cst.Assign, target, item, path: str | None) -> bool:
    """`config = tf.ConfigProto(...)` read only as the `config=` of Sessions: removed with them."""
    if path != "ConfigProto" or not isinstance(target, cst.Name):
        return False
    assignments = a.global_scope.assignments[target.value]
    uses = [access.node for assignment in assignments for access in assignment.references]
    given = _session_configs(a)
    if len(assignments) != 1 or not uses or any(node not in given for node in uses):
        return False
    a.accounted.add(target)
    item.drop = True
    a.notes.append((a.line(small), "eager-session", f"`{target.value} = tf.ConfigProto(...)` removed with the "
                                                    "Session it configured"))
    return True


def _session_configs(a: Analysis) -> set:
    """The names given as `config=` to a Session anywhere in the module."""
    found = set()

    class Sessions(cst.CSTVisitor):
        def visit_Call(self, call):
            if a.call_path(call) in N.SESSION:
                found.update(arg.value for arg in call.args if arg.keyword is not None
                             and arg.keyword.value == "config" and isinstance(arg.value, cst.Name))
            return True

    a.module.visit(Sessions())
    return found


def site_kind(a: Analysis, call: cst.Call, env: dict) -> SiteKind | None:
    """The kind of site `call` is (sess.run, sess.close, .eval(), .run()), or None."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in ("run", "close") \
            and isinstance(func.value, cst.Name) and func.value.value in a.session_names:
        return SiteKind.RUN if func.attr.value == "run" else SiteKind.CLOSE
    return a.ask("site_kind", a, call, env)  # patterns/interactive.py


def find_sites(a: Analysis, node, item, env) -> None:
    """Record every site below `node` (the statement of `item`)."""
    statements = set()

    class Statements(cst.CSTVisitor):
        def visit_Expr(self, expr):
            statements.add(expr.value)

    class Calls(cst.CSTVisitor):
        def visit_FunctionDef(self, fn):
            return fn not in a.skip_defs

        def visit_Call(self, call):
            kind = site_kind(a, call, env)
            if kind in (SiteKind.RUN, SiteKind.CLOSE):
                a.accounted.add(call.func.value)
            if kind is not None:
                site(a, call, item, kind, env, call in statements)
            return True

    node.visit(Statements())
    node.visit(Calls())


def contains_site(a: Analysis, node, env) -> bool:
    found = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, call):
            if site_kind(a, call, env) is not None:
                found.append(call)
            return True

    node.visit(Calls())
    return bool(found)


def site(a: Analysis, call: cst.Call, item, kind: SiteKind, env: dict, statement: bool) -> None:
    s = Site(call, item, kind, statement=statement, line=a.line(call), column=a.col(call))
    a.sites.append(s)
    if kind == SiteKind.CLOSE:
        if not statement:
            a.problem(call, "session.close() used as a value")
        a.edits.removed_calls.add(call)
        return
    if kind == SiteKind.RUN:
        args = a.args_by_name(call, RUN_PARAMETERS)
        fetches, feed = args.get("fetches"), args.get("feed_dict")
        for bad in ("options", "run_metadata"):
            if bad in args and not a.ask("traced_run", a, args[bad], bad):
                a.problem(call, f"Session.run({bad}=...) is not translated")
    else:
        fetches, feed = a.ask("site_fetches", a, s)
    fetches, fetch_env = a.ask("resolve_fetches", a, fetches, env)  # patterns/fetch_structure.py
    elems = _fetched(a, s, fetches)
    if elems is None:
        return
    for e in elems:
        el = element(a, e, fetch_env)
        if el is None:
            return
        s.elements.append(el)
    if a.ask("removes_site", a, s, statement):  # patterns/initializers.py
        return
    if feed is not None:
        _feeds(a, s, feed, env)


def _fetched(a: Analysis, s: Site, fetches) -> list | None:
    """The fetched expressions, with s.structure set; None on a problem."""
    if fetches is None:
        a.problem(s.call, "Session.run without fetches")
        return None
    if isinstance(fetches, cst.Dict) and s.kind == SiteKind.RUN:
        return a.ask("dict_fetches", a, s, fetches)
    if not (isinstance(fetches, (cst.List, cst.Tuple)) and s.kind == SiteKind.RUN):
        return [fetches]
    s.structure = Structure.LIST if isinstance(fetches, cst.List) else Structure.TUPLE
    elems = []
    for el in fetches.elements:
        if isinstance(el, cst.StarredElement):
            a.problem(el, "a starred fetch")
            return None
        elems.append(el.value)
    return elems


def _feeds(a: Analysis, s: Site, feed, env) -> None:
    if not isinstance(feed, cst.Dict):
        s.feed_source = FeedSource(feed, [])  # resolved once the block is read
        return
    for el in feed.elements:
        if not isinstance(el, cst.DictElement) or not isinstance(el.key, cst.Name) \
                or el.key.value not in env or env[el.key.value].kind != Kind.PLACEHOLDER:
            a.problem(el, "a feed_dict key that is not a placeholder name")
            return
        a.accounted.add(el.key)
        s.feeds.append((env[el.key.value], el.value))


def element(a: Analysis, e, env) -> Element | None:
    """What one fetched expression is."""
    if isinstance(e, cst.Name) and e.value in env:
        return _named_element(a, e, env[e.value])
    asked = a.ask("fetch_element", a, e, env)  # a variable's initializer, an initializer
    if asked is not None:
        return asked
    if a.ask("builds_structure", e, env):
        a.problem(e, "a fetch list or dict built by an expression (not written in the call or bound to a literal)")
        return None
    if not a.is_graph_expr(e, env):
        a.problem(e, f"a fetch the translation cannot see as a graph tensor{_unseen(e, env)}")
        return None
    a.check_nested(e, None)
    if isinstance(e, cst.Call) and isinstance(e.func, cst.Attribute) and e.func.attr.value == "minimize":
        a.problem(e, "an inline minimize() fetched by Session.run")
        return None
    assigned = None
    if assign_record.is_assign_method(e) or a.call_path(e) in assign_record.ASSIGNS:  # run, giving the new value
        info = assign_record.analyse_assign(a, e, env, function=a.call_path(e) in assign_record.ASSIGNS)
        if info is None:
            return None
        assigned = info.var
    deps = []
    for n in _names_outside_runs(a, e, env):
        if n.value in env:
            a.accounted.add(n)
            if env[n.value] not in deps:
                deps.append(env[n.value])
    for d in deps:
        if d.kind not in INLINE_READS:
            a.problem(e, f"an inline fetch that uses a {d.kind}")
            return None
    return Element(Kind.INLINE, None, None, expr=e, deps=deps, effect=bool(a.ask("runs_for_effect", a, e, env)),
                   assigns=assigned)


def _names_outside_runs(a: Analysis, e, env) -> list:
    """The names `e` reads, less those of a Session.run written inside it
    (`tf.argmax(sess.run(pred, {x: d}), 1)`): that run is a site of its own, whose value
    (an array) the fetch reads."""
    inner = []

    class Runs(cst.CSTVisitor):
        def visit_Call(self, call):
            if call is not e and site_kind(a, call, env) == SiteKind.RUN:
                inner.append(call)
                return False
            return True

    e.visit(Runs())
    hidden = {id(n) for call in inner for n in a.names_in(call)}
    return [n for n in a.names_in(e) if id(n) not in hidden]


def _unseen(e, env) -> str:
    """Why a fetch is no graph value the translation knows: `: ...`, or "" when it cannot say."""
    code = cst.Module([]).code_for_node(e)
    base = e
    while isinstance(base, (cst.Attribute, cst.Subscript)):
        base = base.value
    if isinstance(e, cst.Attribute) and isinstance(base, cst.Name) and base.value not in env:
        return (f": `{code}` is an attribute of `{base.value}`, and graph values kept in an object's "
                "attributes (a class that builds the graph) are not followed")
    if isinstance(e, cst.Subscript) and isinstance(base, cst.Name):
        return f": `{code}` is an item of a container, which the translation does not follow into graph values"
    if isinstance(e, cst.Name):
        return (f": `{code}` is not a graph value bound at the top level (bound inside a def, a class or a loop, "
                "or returned by a call the translation does not read)")
    if isinstance(e, cst.Call):
        return f": `{code}` is the result of a Python call the translation does not read"
    return ""


def _named_element(a: Analysis, e: cst.Name, g) -> Element | None:
    a.accounted.add(e)
    # a structure (also a list or dict of variables): sess.run returns one of numpy values
    if isinstance(g.value, (cst.List, cst.Tuple, cst.Dict, cst.ListComp, cst.DictComp)):
        a.problem(e, f"a fetch list or dict built in a variable (`{e.value}`)")
        return None
    if g.kind in FETCHABLE:
        return Element(g.kind, g, e.value, deps=[g])
    if g.kind == Kind.GRADIENTS:  # one gradient, or the whole list (patterns/gradients.py `value_code`)
        return Element(Kind.TENSOR, g, e.value, deps=[g])
    a.problem(e, f"fetching a {g.kind} (`{e.value}`)")
    return None


# ---------------------------------------------------------------------------- the call
def describe(t: Translator, site: Site) -> str:
    return "Session.run" if site.kind == SiteKind.RUN else t.ask("site_description", site.kind)


def replacement(t: Translator, site: Site, updated: cst.Call) -> str:
    """The code that replaces a site: a call returning what Session.run returned."""
    fn = site.function
    if fn.variables_only:
        fetched = _updated_fetches(site, updated)
        return _structure(site, [value(t, e, e.name or _receiver(t, e.expr, written))
                                 for e, written in zip(fn.elements, fetched)])
    once = t.once_runs.get(id(site.call))
    if once is not None:  # the run's statements are written before the site (run_once.py)
        return value(t, fn.elements[0], once.value)
    call = call_text(t, site, updated)
    if site.statement:  # the values are not used: run the function, convert nothing
        return call
    if site.pick is not None:  # one of the values of a wider run's function (merged_runs.py)
        return value(t, fn.elements[site.pick], f"{call}[{site.pick}]")
    if site.structure == Structure.SINGLE:
        return call if fn.elements[0].effect_only else value(t, fn.elements[0], call)
    n_ret, count = len(fn.returns), len(fn.elements)
    each = _each_value(t, fn)
    if n_ret == 0:  # only train ops: run the step, give back the structure of Nones Session.run returned
        return f"[{call}, {_structure(site, ['None'] * count)}][1]"
    if n_ret == count and (n_ret > 1 or site.structure == Structure.DICT):
        return structures.all_values(site, call, unpack_target(site) is not None, each)
    if n_ret == 1 and site.structure != Structure.DICT:
        parts = ["None"] * count
        parts[fn.returns[0]] = value(t, fn.elements[fn.returns[0]], call)
        return _structure(site, parts)
    if _unpacked_values(site, dropped={"_"} | _consumed(t, site)) is not None:
        # `_, l, a = sess.run([train, loss, acc])`: unpacked_assignment
        return call
    text = structures.mixed(site, call, fn.returns, count, each)
    if text is None:
        t.a.problem(site.call, "a list fetch whose tensors used as a value are not next to each other (train ops "
                               "between them)")
        return call
    return text


def indexed(site: Site, index: cst.BaseExpression, replaced: cst.BaseExpression):
    """`sess.run([train, loss])[1]`, whose call became `[None, train_step().numpy()]`: the
    one element, when the index is a literal and every other element is None or a value
    read (`b.numpy()`: nothing else runs); None to keep the subscript."""
    if site.structure not in (Structure.LIST, Structure.TUPLE) or not isinstance(index, cst.Integer):
        return None
    if not isinstance(replaced, (cst.List, cst.Tuple)):
        return None
    elements = replaced.elements
    i = int(index.value, 0)
    if i >= len(elements) or any(not isinstance(e, cst.Element) for e in elements):
        return None
    others = [e.value for j, e in enumerate(elements) if j != i]
    if not all(isinstance(v, cst.Name) and v.value == "None" or _value_read(v) for v in others):
        return None
    return elements[i].value


def _value_read(node) -> bool:
    """`W.numpy()`: a variable's (or a constant tensor's) value read, which does nothing else."""
    return isinstance(node, cst.Call) and not node.args and isinstance(node.func, cst.Attribute) \
        and node.func.attr.value == "numpy" and isinstance(node.func.value, cst.Name)


def value(t: Translator, element: Element, code: str) -> str:
    """What Session.run gave for `element`, whose tensors `code` computes: `code.numpy()`
    for one tensor, a pattern's answer for a structure of them (patterns/fetch_values.py)."""
    return t.ask("value_code", t, element, code) or f"{code}.numpy()"


def _each_value(t: Translator, fn):
    """The conversion of each returned element of an iterated result (`t` -> its value):
    the structure's where one of fn's returned elements is a structure (right for a tensor too)."""
    structured = [fn.elements[i] for i in fn.returns if t.ask("value_code", t, fn.elements[i], "t")]
    return (lambda name: value(t, structured[0], name)) if structured else (lambda name: f"{name}.numpy()")


def call_text(t: Translator, site: Site, updated: cst.Call) -> str:
    """`name(args)` for a site; remembered for the unpacking form (`_, c = ...`)."""
    fn = site.function
    params = [ph.name for ph in fn.params]
    fed, order = {}, []
    feed_dict = _updated_feed(site, updated)
    step = t.ask("step_arguments", t, site) or []  # patterns/summaries.py
    if site.feed_source is not None:
        args = t.ask("feed_arguments", t, site, cst.Module([]).code_for_node(feed_dict), fn.params)
        args = ", ".join([a for a in [args] if a] + [f"{fn.step_param}={s}" for s in step])
        text = f"{fn.name}({args})"
        t.call_texts[id(site.call)] = text
        return text
    if feed_dict is not None:
        for (ph, _), el in zip(site.feeds, feed_dict.elements):
            fed[ph.name] = cst.Module([]).code_for_node(el.value)
            order.append(ph.name)
    used_order = [n for n in order if n in params]
    defaulted = {ph.name for ph in fn.params if getattr(ph.info, "default", None) is not None}
    if used_order == params[:len(used_order)] and set(params[len(used_order):]) <= defaulted:
        args = ", ".join([fed[n] for n in used_order] + step)
    else:
        args = ", ".join([f"{n}={fed[n]}" for n in used_order] + [f"{fn.step_param}={s}" for s in step])
    text = f"{fn.name}({args})"
    t.call_texts[id(site.call)] = text
    return text


def _consumed(t: Translator, site: Site) -> set:
    """The names bound to the site's result that the run writes itself (patterns/summaries.py)."""
    return t.ask("consumed_names", t, site) or set()


def _structure(site: Site, parts: list[str]) -> str:
    return structures.literal(site, parts)


def unpack_target(site: Site):
    """The assignment `a, b = sess.run([x, y])` of a site (None when the result is used otherwise)."""
    found = []

    class Assigns(cst.CSTVisitor):
        def visit_Assign(self, asg):
            if asg.value is site.call and len(asg.targets) == 1 and isinstance(asg.targets[0].target,
                                                                                (cst.Tuple, cst.List)):
                found.append(asg)
            return True

    site.item.node.visit(Assigns())
    return found[0] if found else None


def _unpacked_values(site: Site, original: cst.Assign | None = None, dropped=frozenset({"_"})) -> list | None:
    """The targets that receive tensors in `_, c = sess.run([train, cost])` (every other
    target is `_`); None when the result is not unpacked that way."""
    if original is None:
        original = unpack_target(site)
    if original is None or site.structure in (Structure.SINGLE, Structure.DICT):
        return None  # `[x] = sess.run(t)` unpacks t's first axis: kept as written
    target = original.targets[0].target if len(original.targets) == 1 else None
    if not isinstance(target, (cst.Tuple, cst.List)) or len(target.elements) != len(site.elements):
        return None
    keep = []
    for i, el in enumerate(target.elements):
        if i in site.function.returns:
            keep.append(el.value)
        elif not (isinstance(el.value, cst.Name) and el.value.value in dropped):
            return None
    return keep


def _updated_feed(site: Site, updated: cst.Call):
    if not site.feeds and site.feed_source is None:
        return None
    names = ["fetches", "feed_dict"] if site.kind == SiteKind.RUN else ["feed_dict"]
    i = 0
    for arg in updated.args:
        if arg.keyword is None:
            if i < len(names) and names[i] == "feed_dict":
                return arg.value
            i += 1
        elif arg.keyword.value == "feed_dict":
            return arg.value
    return None


def unpacked_assignment(t: Translator, site: Site, original: cst.Assign, updated: cst.Assign):
    """`_, c = sess.run([train, cost])` -> `c = train_step(...).numpy()`; None to keep `updated`."""
    target = original.targets[0].target if len(original.targets) == 1 else None
    if site.structure == Structure.SINGLE and isinstance(target, cst.Name) \
            and target.value in _consumed(t, site):  # `summary = sess.run(merged)`
        return cst.Expr(cst.parse_expression(t.call_texts[id(site.call)]))
    dropped = {"_"} | _consumed(t, site)  # a summary is written by the run itself
    keep = _unpacked_values(site, original, dropped)
    call = t.call_texts.get(id(site.call))
    if call is None or keep is None:
        return None
    if not keep:  # `summary, _ = sess.run([merged, train])`: only the effects remain
        return cst.Expr(cst.parse_expression(call)) if dropped != {"_"} else None
    if len(keep) == 1:
        new_target, text = keep[0], value(t, site.function.elements[site.function.returns[0]], call)
    else:
        new_target = cst.Tuple([cst.Element(k) for k in keep], lpar=[], rpar=[])
        text = f"({_each_value(t, site.function)('t')} for t in {call})"
    return updated.with_changes(targets=[cst.AssignTarget(new_target)], value=cst.parse_expression(text))


def is_session(path: str | None) -> bool:
    return path in N.SESSION



def _updated_fetches(site: Site, updated: cst.Call) -> list:
    """Each fetched expression as the rewriter left it in `updated` (a Session.run written
    inside it already replaced), or None where the fetches are not written in the call."""
    none = [None] * len(site.elements)
    args = [arg for arg in updated.args if arg.keyword is None or arg.keyword.value == "fetches"]
    if site.kind != SiteKind.RUN or not args or (args[0].keyword is None and updated.args[0] is not args[0]):
        return none
    fetches = args[0].value
    if site.structure == Structure.SINGLE:
        return [fetches]
    if site.structure in (Structure.LIST, Structure.TUPLE) and isinstance(fetches, (cst.List, cst.Tuple)) \
            and len(fetches.elements) == len(site.elements):
        return [el.value for el in fetches.elements]
    return none


def _receiver(t: Translator, expr, written=None) -> str:
    """An inline fetch's code as the receiver of `.numpy()`: `(w[i] * labels[i]).numpy()`;
    `written`, the fetch as the rewriter left it, where the call holds it."""
    code = t.expr_code(expr) if written is None else cst.Module([]).code_for_node(written)
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)) or expr.lpar:
        return code
    return f"({code})"

class SessionRun(Pattern):
    name = "session_run"
    summary = "sess.run(fetches, feed_dict) -> a call, Session removed"

    def claim_expression(self, a: Analysis, small, item, path, env) -> bool:
        if not is_session(path):
            return False
        item.drop = True
        a.is_session_script = True
        return True

    def claim_assignment(self, a: Analysis, small, target, item, path, env) -> bool:
        if session_config(a, small, target, item, path):
            return True
        return is_session(path) and session_assignment(a, small, target, item, path, env)

    def read_python(self, a: Analysis, node, item, env) -> None:
        find_sites(a, node, item, env)

    def runs_graph(self, a: Analysis, value, env):
        return contains_site(a, value, env) or None


PATTERN = SessionRun()
