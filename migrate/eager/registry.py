"""The eager patterns, in the one order every phase asks them in (pattern.py).

Order matters only where two patterns could both claim a statement; each such pair is
named in a comment. `python -m migrate.eager.registry` prints the documented map (the
pattern table of docs/eager.md, checked by tests/migrate/eager/test_registry.py).
"""
from __future__ import annotations

import sys

from migrate.eager.patterns import (appended_variables, apply_gradients, checkpoints, comments, constants, control,
                                     feed_sources, fetch_structure, fetch_values, fetched_updates, global_step,
                                     gradients, graph_classes, graph_loops, group, initializers, inline_variables,
                                     interactive, layers, minimize, placeholders, python_value_fetches, rnn_cells,
                                     rnn_model_defs, run_blocks, schedules, scopes, segments, session_blocks,
                                     session_parameters, session_run, shared_forward, shared_random, static_shapes,
                                     summaries, tensor_reads, test_case, tf1_islands, variable_collections,
                                     variable_containers, variable_loads, variable_loops, variables)
from migrate.eager.patterns import graph_files, run_traces

PATTERNS = (
    segments.PATTERN,  # flattens the block: every other pattern reads its items (the first to answer flatten)
    graph_classes.PATTERN,  # before the read, rewrites the source: a graph class read as a module-level program
    session_run.PATTERN,
    session_parameters.PATTERN,  # after session_run: reads the session names it found
    interactive.PATTERN,
    feed_sources.PATTERN,  # links the feeds before summaries and checkpoints read the sites
    fetch_structure.PATTERN,
    fetch_values.PATTERN,  # claims no statement: it answers what a fetched value is (runs_for_effect, value_code)
    static_shapes.PATTERN,  # before appended_variables: records the shapes a statement reads
    appended_variables.PATTERN,
    summaries.PATTERN,
    graph_files.PATTERN,  # after summaries: its graph_place finds the traced training step
    run_traces.PATTERN,  # after summaries: its link checks the add_run_metadata calls summaries asked it about
    checkpoints.PATTERN,
    schedules.PATTERN,
    global_step.PATTERN,  # before variables: a global step is a variable written its own way
    apply_gradients.PATTERN,  # before minimize: its train op is a TRAIN statement of its own
    layers.PATTERN,  # before placeholders..group: a layer call is a tensor of its own
    rnn_model_defs.PATTERN,  # before rnn_cells: its link reads the cells of model defs, rnn_cells' refuses the rest
    rnn_cells.PATTERN,  # like layers: a cell and its dynamic_rnn are tensors of their own
    placeholders.PATTERN,
    scopes.PATTERN,  # before variables: get_variable's variables are written by scopes
    variables.PATTERN,
    variable_containers.PATTERN,
    inline_variables.PATTERN,
    variable_collections.PATTERN,  # before minimize: a var_list may be a collection it lists
    minimize.PATTERN,
    initializers.PATTERN,
    gradients.PATTERN,
    group.PATTERN,
    tf1_islands.PATTERN,  # before constants: an island may be a constant
    constants.PATTERN,
    tensor_reads.PATTERN,  # after static_shapes (a placeholder's shape is its), reads constants' kinds at check time
    control.PATTERN,
    test_case.PATTERN,
    run_blocks.PATTERN,  # before session_blocks: a block whose Session runs the module's graph is not its own program
    session_blocks.PATTERN,  # before the loop patterns: a loop with a Session program of its own
    variable_loops.PATTERN,
    graph_loops.PATTERN,
    shared_random.PATTERN,
    fetched_updates.PATTERN,  # claims no statement: it plans how a run reads what it updates
    python_value_fetches.PATTERN,  # after shared_random: its reason comes second in a function's head
    shared_forward.PATTERN,  # after shared_random, before summaries' plan
    comments.PATTERN,  # claims no statement: it judges the author's comments once the block is written
    variable_loads.PATTERN,  # claims no statement: rewrites variable.load(value, sess) in Python code
)


def first(hook: str, *args):
    """The first answer other than None to `hook(*args)` in registry order (None if none)."""
    for pattern in PATTERNS:
        answer = getattr(pattern, hook)(*args)
        if answer is not None:
            return answer
    return None


def gathered(hook: str, *args) -> list:
    """Every answer other than None to `hook(*args)`, in registry order."""
    return [answer for pattern in PATTERNS for answer in [getattr(pattern, hook)(*args)] if answer is not None]


def claimed(hook: str, *args) -> bool:
    """Does a pattern claim the statement (`hook(*args)` true)? The first one that does owns it."""
    return any(getattr(pattern, hook)(*args) for pattern in PATTERNS)


def each(hook: str, *args) -> None:
    """Call `hook(*args)` on every pattern, in registry order."""
    for pattern in PATTERNS:
        getattr(pattern, hook)(*args)


def documented_map() -> str:
    """The pattern map of docs/eager.md: a Markdown table, one row per pattern in registry order."""
    rows = ["| order | pattern | what it translates |", "|---:|---|---|"]
    rows += [f"| {i} | `patterns/{p.name}.py` | {p.summary} |" for i, p in enumerate(PATTERNS, 1)]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(documented_map() + "\n")
