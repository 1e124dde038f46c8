"""The interface of an eager pattern: one module under patterns/ defines one `Pattern`
subclass and registers one instance (`PATTERN`) in registry.py, whose order is the only
place where priority is decided.

Every hook has a no-op default (a hook whose body is its docstring answers None: no opinion),
so a pattern overrides only the phases it takes part in.
The phases, each a loop over the registry in its order:

  read (analysis.py)       claim_* hooks: the first pattern that claims a statement owns
                           it; refine_value / graph_kind / tensor_* read a graph value;
                           link runs once the whole block has been read; outside_run
                           answers for a graph name Python code reads (checks.py)
  plan (translate.py)      check_runs, then function_name and plan
  read (segments.py)       enter_block, block_statement, flattened_item: the blocks the
                           flattener dissolves (a variable scope, control dependencies)
  query (any phase)        writes, is_tape, is_update, tape_targets, trained_variables, read_before_update,
                           the site queries (site_kind ... feed_arguments) and the rest of the
                           queries section: questions one pattern's work asks of another's
                           (a.ask, t.ask: the first non-None answer; t.ask_all: every answer),
                           answered by the pattern that owns the statement; no pattern
                           imports another
  write (functions.py,     statement_code, kept_statement, opening_lines, function_lines, update_lines,
         emit.py)          absorbs_function, module_functions, functions_placed,
                           statements_before, replace_statement, rewrite_class, finish,
                           author_comment, opening_comments

`a` is the block's Analysis (analysis.py), `t` its Translator (translate.py); a pattern
keeps its own state with `a.state(self)` (a fresh `State()` per block), never as new
attributes of shared objects.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the annotations only: the stage imports the patterns, never the reverse
    import libcst as cst

    from migrate.eager.analysis import Analysis
    from migrate.eager.functions import FunctionBody
    from migrate.eager.model import Element, GStmt, Item, RunFunction
    from migrate.eager.translate import Translator

    Env = dict  # graph name -> the GStmt bound to it, where a statement stands
    Expr = cst.BaseExpression
    Small = cst.BaseSmallStatement

NOT_MINE = object()  # kept_statement: the statement belongs to another pattern
CLAIMED = object()  # graph_kind: the pattern took the statement (and reported why it cannot translate)
PYTHON_VALUE = object()  # refine_value: the assigned value is Python, not graph
# the warning for a print whose text changes (a graph tensor's repr, a shape's `?`); migrate verify reads it
PRINTED_REPR_RULE = "eager-printed-repr"


class Pattern:
    name = ""  # the module's name under patterns/
    summary = ""  # what it translates, one line of the documented map

    class State:
        """A pattern's own state for one block (override with a dataclass)."""

    # ------------------------------------------------------------------ source
    def dissolve_source(self, source: str):
        """Before the read (stages.py): a record whose `flat` is `source` read as a module-level
        program (its `refusal`, (line, reason), where it cannot be), or None."""

    def restore_source(self, code: str, record):
        """The translation of the record's flat program, folded back: (code, None) or (None, (line, reason))."""

    # ------------------------------------------------------------------ read
    def flatten(self, a: Analysis) -> bool:
        """Fill a.items from the block's statements; True when done (the first pattern that can)."""
        return False

    def enter_block(self, a: Analysis, stmt: cst.With, contexts: dict):
        """A `with` statement the flattener meets (segments.py): where it is a block this pattern dissolves
        (tf.variable_scope, tf.control_dependencies), (self.name, the context of the statements inside it);
        `contexts`: pattern name -> the context around it. None: not this pattern's."""

    def block_statement(self, a: Analysis, stmt, contexts: dict):
        """A statement the flattener meets that changes this pattern's context for the rest of
        its block (`scope.reuse_variables()`): (self.name, the new context); it is dropped from
        the items. None: not this pattern's."""

    def flattened_item(self, a: Analysis, item: Item, contexts: dict) -> None:
        """The flattener made `item` inside the blocks of `contexts` (pattern name -> context)."""

    def claim_import(self, a: Analysis, small: Small, item: Item) -> bool:
        return False

    def claim_expression(self, a: Analysis, small: Small, item: Item, path: str | None, env: Env) -> bool:
        return False

    def claim_assignment(self, a: Analysis, small: Small, target, item: Item, path: str | None, env: Env) -> bool:
        return False

    def refine_value(self, a: Analysis, small: Small, target, value: Expr, path: str | None, item: Item, env: Env):
        """None (no change), PYTHON_VALUE, or (value, path, subscript) read in its place."""

    def claim_graph_assignment(self, a: Analysis, small: Small, names: list[str], value: Expr,
                               path: str | None, item: Item, env: Env) -> bool:
        return False

    def observe_graph_value(self, a: Analysis, path: str | None, value: Expr) -> None:
        """A graph value no pattern claimed, before its kind is decided."""

    def graph_kind(self, a: Analysis, value: Expr, path: str | None, subscript, names: list[str], env: Env):
        """(Kind, record) of a graph value this pattern reads, CLAIMED, or None."""

    def tensor_statement(self, a: Analysis, item: Item, names: list[str], value: Expr, env: Env):
        """(value, a statement of its own) for a tensor this pattern splits, or None."""

    def nested_parts(self, a: Analysis, value: Expr, record, env: Env):
        """The parts of `value` to check for graph constructs inside expressions, or None (all of it)."""

    def tensor_record(self, a: Analysis, value: Expr, item: Item):
        """The record of a plain tensor this pattern takes over, or None."""

    def check_tensor(self, a: Analysis, value: Expr) -> None:
        """A plain tensor no pattern took over."""

    def new_statement(self, a: Analysis, g: GStmt, item: Item, env: Env) -> None:
        """A graph statement `g` was just recorded."""

    def python_value(self, a: Analysis, node: cst.CSTNode):
        """True where `node` calls TensorFlow yet is a Python value in both forms; None: no opinion."""

    def read_python(self, a: Analysis, node, item: Item, env: Env) -> None:
        """Python code (a statement or a compound statement) that may run the graph."""

    def site_kind(self, a: Analysis, call: cst.Call, env: Env):
        """The SiteKind of a call this pattern reads as running the graph (`t.eval()`,
        `op.run()`), or None."""

    def site_fetches(self, a: Analysis, site):
        """(the fetches, the feed_dict node or None) of a site of this pattern's kinds, or None."""

    def resolve_fetches(self, a: Analysis, fetches: Expr, env: Env):
        """(the fetched expression, the graph names it is read in) where `fetches` stands for
        another expression (a name bound to a literal list of graph values), or None."""

    def dict_fetches(self, a: Analysis, site, fetches):
        """The values of a dict of fetches (the site's structure and keys set), or None (a
        problem reported, or not this pattern's)."""

    def builds_structure(self, expr: Expr, env: Env):
        """True where a fetched expression builds a list, tuple or dict (`[W] + [b]`); None: no opinion."""

    def removes_site(self, a: Analysis, site, statement: bool):
        """True where the site is removed (a run of initializers only); None: no opinion."""

    def runs_graph(self, a: Analysis, value: Expr, env: Env):
        """True where `value` is Python computed by running the graph (`sess.run(t)`); None: no opinion."""

    def fetch_element(self, a: Analysis, expr: Expr, env: Env):
        """The Element of an expression fetched by Session.run that this pattern reads (a
        variable's `initializer`), or None."""

    def runs_for_effect(self, a: Analysis, expr: Expr, env: Env):
        """True where an expression fetched by Session.run is an Operation (its value was
        None); None: no opinion."""

    def traced_run(self, a: Analysis, node, keyword: str):
        """True where `node`, given to Session.run as `keyword` (options, run_metadata) or a
        writer's method call (`keyword` its name: add_run_metadata), is a run trace the
        pattern translates (it checks the whole trace at link); None: no opinion."""

    def feeds_graph(self, a: Analysis, value: Expr, env: Env):
        """True where `value` is a Python dict feeding the graph; None: no opinion."""

    def outside_run(self, a: Analysis, node: cst.Name, item: Item, env: Env):
        """A graph name read by Python code outside Session.run (checks.check_accesses):
        True where the translation keeps the read as written, a str saying why it cannot,
        None: no opinion (the file falls back: used outside Session.run)."""

    def read_kept(self, a: Analysis, node: cst.Name, item: Item, env: Env) -> None:
        """A variable, optimizer, writer or saver read by Python code outside Session.run
        (checks.check_accesses), kept as written: say what changes, if anything."""

    def reads_name(self, a: Analysis, node):
        """True where this pattern translates the TensorFlow name `node` at its place (a call's
        function it read, which another pattern would refuse); None: no opinion."""

    def rnn_cell(self, a: Analysis, call: cst.Call, path: str, names: list):
        """The record of an RNN cell made by `call` (tf.nn.rnn_cell.LSTMCell(...)), or None
        (not one, or a problem reported)."""

    def claim_compound(self, a: Analysis, item: Item, env: Env) -> bool:
        return False

    def link(self, a: Analysis) -> None:
        """Runs once the whole block has been read, in registry order."""

    # ------------------------------------------------------------------ plan
    def check_runs(self, t: Translator) -> None:
        """The sites are grouped into run functions."""

    def reserve_names(self, t: Translator) -> None:
        """Before the run functions are named: take the names this pattern writes (t.forbidden, t.reserved_names)."""

    def translate_blocks(self, t: Translator) -> None:
        """The defs are translated: translate the blocks this pattern holds (t.translate_block)."""

    def function_name(self, t: Translator, fn: RunFunction):
        return None

    def evaluated_at_site(self, t: Translator, fn: RunFunction):
        """True where fn's fetches are evaluated where each run stands (no function); None: no opinion."""

    def plan_function(self, t: Translator, fn: RunFunction) -> None:
        """fn's body, parameters and placement are planned: check or change how it is written."""

    def plan(self, t: Translator) -> None:
        """The run functions are planned and named."""

    # ------------------------------------------------------------------ queries
    def writes(self, t: Translator, g: GStmt):
        """The variable statements `g` writes when it runs, or None (not this pattern's)."""

    def is_tape(self, g: GStmt):
        """Is `g` differentiated in a GradientTape? None: not this pattern's."""

    def is_update(self, g: GStmt):
        """Does `g` update state when it runs? None: not this pattern's."""

    def optimizer_class(self, g: GStmt):
        """The tf.compat.v1.train class of the optimizer `g` makes, or None."""

    def graph_step_place(self, t: Translator, after: int, functions_before: dict):
        """(Item index, position in functions_before, fn) of the traced training step whose
        graph stands for the session's graph, its def after Item `after`; None: no opinion."""

    def optimizer_name(self, t: Translator, train: GStmt):
        """The name of the eager optimizer the training statement `train` steps with; None: no opinion."""

    def keeps_tf1_optimizer(self, t: Translator):
        """Does the translation keep a tf.compat.v1.train optimizer class (whose minimize updates tf.Variables only,
        so Keras objects must come from tf_keras)? None: not this pattern's."""

    def tape_targets(self, t: Translator, g: GStmt):
        """The statements the differentiated value of `g` is computed from, or None."""

    def trained_variables(self, t: Translator, g: GStmt):
        """The code of the variables a loss reading `g` trains beyond the tf.Variables it sees
        (`rnn.trainable_variables`), or None. They exist once `g`'s statement has run
        (minimize.py builds an optimizer on them when it comes after that statement)."""

    def scope_named_variables(self, g: GStmt):
        """True where `g` holds variables named by a variable scope (tf.layers, tf.get_variable),
        whose checkpoint names the translation does not write out; None: no opinion."""

    def loss_variables(self, t: Translator, deps: list):
        """The code of the variables beyond the tf.Variables it sees that a loss reading the
        statements `deps` trains, held by this pattern's statements (`[h1.trainable_variables]`),
        or None; every pattern's answers, in registry order (t.ask_all)."""

    def schedule_rate(self, g: GStmt):
        """The learning rate an optimizer is given for `g` where `g` is a decayed rate (a
        callable reading the step: `lambda: schedule(step)`), or None."""

    def name_literal(self, a: Analysis, node):
        """The string a Python read `node` holds where this pattern knows it (a variable scope
        object's `scope.name`: "outer/inner"), or None."""

    def fed_placeholders(self, site):
        """The placeholders every feed the site may be given feeds, where its feed is not a
        literal dict (site.feed_source), or None."""

    def after_updates(self, t: Translator, fn: RunFunction):
        """ids of fn's statements that must follow one of its updates (a control dependency
        orders them after it), or None."""

    def watched(self, g: GStmt):
        """The sources of `g`'s gradient that the tape must watch, or None."""

    def read_before_update(self, t: Translator, fn: RunFunction, e):
        """True where the fetched element `e`, read in the run that updates it, is written
        read where the graph read it (functions.check_races lets it pass); None: no opinion."""

    def runs_module_graph(self, a: Analysis, node):
        """True where the def or block `node` opens a Session on the module's graph and builds none
        of its own (read with the module, not translated on its own); None: no opinion."""

    def inline_optimizer(self, a: Analysis, call: Expr, env: Env):
        """The analysed optimizer a `tf.train.XOptimizer(...)` call makes (False where it has no
        translation: the problem is recorded), or None where `call` makes no optimizer."""

    def variable_list(self, a: Analysis, node, env):
        """The variable statements a var_list expression holds (a graph collection, a name bound to
        one), or None."""

    def variable_scope(self, a: Analysis, item: Item):
        """The variable scope (scope_record.Scope) the item's statement is in, or None."""

    def graph_variable_name(self, a: Analysis, g: GStmt):
        """The name graph mode gave the variable `g` makes ("head/W"), where known; None: no opinion."""

    def value_code(self, t: Translator, element: Element, code: str):
        """The code of the value Session.run gave for a fetched element whose tensors `code`
        is (`code.numpy()` where no pattern answers), or None."""

    def site_description(self, kind):
        """How a site of this SiteKind is named in messages (`.eval()`), or None."""

    def consumed_names(self, t: Translator, site):
        """The names bound to the site's result that the run writes itself (a summary's), or None."""

    def step_arguments(self, t: Translator, site):
        """The code of the step arguments the site's call passes (a summary's step), or None."""

    def feed_arguments(self, t: Translator, site, feed_code: str, params: list):
        """The arguments of the site's call where its feed_dict is built away from it (`**feed`), or None."""

    def shim_imports(self, t: Translator):
        """The Item indexes of stage 1's shim imports this pattern drops, or None."""

    def translates_name(self, path):
        """True where this pattern translates the TensorFlow name `path` itself; None: no opinion."""

    # ------------------------------------------------------------------ write
    def statement_code(self, t: Translator, g: GStmt):
        """The code of a graph statement inside a run function, or None."""

    def in_function_body(self, t: Translator, g: GStmt, fn: RunFunction):
        """False where a statement of fn's body is computed elsewhere; None: no opinion."""

    def body_statement(self, t: Translator, fn: RunFunction, g: GStmt):
        """(key, line) written in place of `g` in fn's body (once per key), or None."""

    def gradient_lines(self, t: Translator, body: FunctionBody, g: GStmt):
        """The lines after the tape of `g` (True when written, False on a problem), or None."""

    def opening_lines(self, t: Translator, body: FunctionBody, fn: RunFunction) -> None:
        """Lines at the top of fn's body, before its tape and tensors."""

    def returned_value(self, t: Translator, fn: RunFunction, e):
        """The expression fn returns for its fetched element `e`, or None (the default)."""

    def function_lines(self, t: Translator, body: FunctionBody, fn: RunFunction) -> None:
        """Lines of fn's body after its tensors, before its updates."""

    def update_lines(self, t: Translator, body: FunctionBody, g: GStmt) -> bool:
        """Write the update `g` into the body; False when not this pattern's."""
        return False

    def input_specs(self, t: Translator, fn: RunFunction):
        """Extra input specs of fn's tf.function (after the placeholders'), or None."""

    def absorbs_function(self, t: Translator, fn: RunFunction, code: str):
        """True when the pattern writes fn itself (its calls then use fn.name as the pattern
        set it, and `code` is not written), or None."""

    def module_functions(self, t: Translator):
        """[(Item index, code)] of functions defined before that item, ahead of the run functions, or None."""

    def functions_placed(self, t: Translator, functions_before: dict) -> None:
        """The run functions' code is placed ({Item index: [code]}, in order): a pattern may add
        a statement after a function's code; every pattern's, in registry order."""

    def function_head(self, t: Translator, fn: RunFunction):
        """Comment lines opening a run function written as plain Python (why it is not a
        tf.function), or None; every pattern's, in registry order."""

    def cell_lines(self, t: Translator, record, namer):
        """The lines that make the Keras cell of an RNN cell's record (its kernel comment, the
        kernel's draw, the cell and its build), or None."""

    def kept_statement(self, t: Translator, g: GStmt, node: cst.CSTNode):
        """What stays at g's place in the block (a statement, a list, None), or NOT_MINE."""
        return NOT_MINE

    def statements_before(self, t: Translator, item: Item):
        """Statements written at module level just before the Python item `item` (a def), or None."""

    def replace_statement(self, t: Translator, node: cst.SimpleStatementLine):
        """The statements written instead of a simple statement of kept Python code (a def's
        body line; [] drops it), or None."""

    def rewrite_class(self, t: Translator, original, updated):
        """The class written instead, or None."""

    def finish(self, t: Translator) -> None:
        """The block's code is about to be written."""

    def author_comment(self, t: Translator, text: str):
        """A comment line (`# ...`) of the written block, wherever the translation put it: the
        line written instead ("" drops it; the pattern reports why), or None (no opinion, or
        not the author's). Asked once the block's statements are written (emit.py)."""

    def opening_comments(self, t: Translator, lines: list):
        """The module's opening comment block (its header: each line's text, None for a blank
        line) as it is written: for each line, its index where it stays as it is or its new
        text (the pattern reports why); None when all of it stays."""
