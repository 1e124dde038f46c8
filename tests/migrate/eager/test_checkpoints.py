"""--to eager: tf.train.Saver -> tf.train.Checkpoint / tf.train.CheckpointManager, or
tf.compat.v1.train.Saver(var_list={graph name: variable}) where a restore would match a TF 1
checkpoint by the wrong names (patterns/checkpoints.py), and the proof that checkpoints
cross between the forms: the graph form saves, the eager form restores (and the other way
round), in each of the eager forms."""
import inspect
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from migrate.eager import FALLBACK_RULE, translate_source
from migrate.engine import migrate_source
from migrate.findings import WARNING
from tests import tf_worker
from tests.migrate.eager.helpers import check, falls_back, translate, translated

SCRIPTS = Path(__file__).parents[2] / "fixtures" / "session_scripts"


def test_unnamed_variables_get_the_graph_names_in_creation_order():
    code = translated("""
    def weight(shape):
        return tf.Variable(tf.zeros(shape))

    x = tf.placeholder(tf.float32, [None, 2], name="Variable_1")
    a = tf.Variable(tf.zeros([2, 1]))
    w = weight([2, 1])
    c = tf.Variable(1.0, name="w")
    d = tf.Variable(2.0, name="W")
    e = tf.Variable(3.0, name="variable")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    path = saver.save(sess, "./m.ckpt")
    saver.restore(sess, path)
    print(sess.run(tf.matmul(x, a), {x: [[1.0, 2.0]]}))
    """)
    # the placeholder took "Variable_1"; names are unique case-insensitively
    assert ('saver = tf.compat.v1.train.Saver(\n    var_list={"Variable": a, "Variable_2": w, "w": c, "W_1": d, '
            '"variable_3": e},\n)\n') in code
    assert 'path = saver.save(None, "./m.ckpt")\nsaver.restore(None, path)\n' in code
    assert "# TF 1's Saver: its checkpoints keep the graph's variable names\n" in code


def test_those_are_the_names_graph_mode_gives():
    import tensorflow as tf

    with tf.Graph().as_default():
        tf.compat.v1.placeholder(tf.float32, [None, 2], name="Variable_1")
        made = [tf.compat.v1.Variable(tf.zeros([2, 1])), tf.compat.v1.Variable(tf.zeros([2, 1])),
                tf.compat.v1.Variable(1.0, name="w"), tf.compat.v1.Variable(2.0, name="W"),
                tf.compat.v1.Variable(3.0, name="variable")]
        assert [v.op.name for v in made] == ["Variable", "Variable_2", "w", "W_1", "variable_3"]


NAME_SCOPES = '''
    with tf.name_scope("hidden1"):
        weights = tf.Variable(tf.zeros([2, 1]), name="weights")
        with tf.name_scope("inner"):
            biases = tf.Variable(tf.zeros([1]))
    with tf.name_scope("Hidden1"):
        extra = tf.Variable(0.0, name="weights")
    top = tf.Variable(1.0)
'''


def test_variables_under_name_scopes_get_the_scope_path_made_unique():
    code = translated(NAME_SCOPES + '''
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    saver.restore(sess, "./m.ckpt")
    ''')
    assert ('    var_list={\n        "hidden1/weights": weights,\n        "hidden1/inner/Variable": biases,\n'
            '        "Hidden1_1/weights": extra,\n        "Variable": top,\n    },\n') in code
    import tensorflow as tf

    with tf.Graph().as_default():
        with tf.name_scope("hidden1"):
            names = [tf.compat.v1.Variable(tf.zeros([2, 1]), name="weights").op.name]
            with tf.name_scope("inner"):
                names.append(tf.compat.v1.Variable(tf.zeros([1])).op.name)
        with tf.name_scope("Hidden1"):
            names.append(tf.compat.v1.Variable(0.0, name="weights").op.name)
        names.append(tf.compat.v1.Variable(1.0).op.name)
    assert names == ["hidden1/weights", "hidden1/inner/Variable", "Hidden1_1/weights", "Variable"]


def test_a_var_list_keeps_its_variables_and_a_dict_its_keys():
    code = translated("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    only_b = tf.train.Saver([b], max_to_keep=1)
    renamed = tf.train.Saver(var_list={"model/a": a})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        only_b.save(sess, "./b.ckpt", global_step=3)
        renamed.save(sess=sess, save_path="./a.ckpt")
        only_b.restore(sess, "./b.ckpt-3")
        renamed.restore(sess, "./a.ckpt")
        print(sess.run(a + b))
    """)
    assert 'only_b = tf.compat.v1.train.Saver(var_list={"Variable_1": b}, max_to_keep=1)\n' in code
    assert 'renamed = tf.compat.v1.train.Saver(var_list={"model/a": a})\n' in code
    assert 'only_b.save(None, "./b.ckpt", global_step=3)' in code and 'renamed.save(sess=None, save_path=' in code


def test_a_var_list_kept_in_a_name_or_read_from_a_collection_is_written_out():
    code = translated("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0, name="b")
    steps = tf.Variable(0, trainable=False)
    params = [a, b]
    x = tf.placeholder(tf.float32)
    train = tf.train.AdamOptimizer(0.1).minimize(tf.square(a * x - b), global_step=steps)
    listed = tf.train.Saver(params)
    trained = tf.train.Saver(tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, {x: 1.0})
        listed.save(sess, "./m.ckpt")
        trained.save(sess, "./n.ckpt")
        print(sess.run(a + b))
    """)
    # Adam's slots and the untrainable step are not trainable variables: neither Saver holds them
    assert 'listed = tf.train.Checkpoint(a=a, b=b)\n' in code
    assert 'trained = tf.train.Checkpoint(a=a, b=b)\n' in code


def test_saver_of_global_variables_is_saver_of_every_variable():
    code = translated("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0, name="b")
    everything = tf.train.Saver(tf.global_variables(), max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        everything.save(sess, "./m.ckpt")
        print(sess.run(a + b))
    """)
    assert 'everything = tf.train.Checkpoint(a=a, b=b)\n' in code


@pytest.mark.parametrize("body, reason", [
    ("""
    w = tf.Variable(1.0)
    x = tf.placeholder(tf.float32)
    train = tf.train.AdamOptimizer(0.1).minimize(tf.square(w * x))
    saver = tf.train.Saver(tf.global_variables())
    sess = tf.Session()
    saver.restore(sess, "./other.ckpt")
    sess.run(train, {x: 1.0})
    saver.save(sess, "./m.ckpt")
    """, "after AdamOptimizer created its slot variables and a restore reads a checkpoint this run did not save "
         "before it"),
    ("""
    w = tf.Variable(1.0)
    v = tf.Variable(2.0)
    params = [w]
    params.append(v)
    saver = tf.train.Saver(params)
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "not a literal list or dict of variables"),
    ("""
    w = tf.Variable(1.0)
    v = tf.Variable(2.0)
    params = [w]
    saver = tf.train.Saver(params)
    params = [v]
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "not a literal list or dict of variables"),
    ("""
    w = tf.Variable(1.0)
    v = tf.Variable(2.0)
    params = [w]
    params += [v]
    saver = tf.train.Saver(params)
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "not a literal list or dict of variables"),
    ("""
    w = tf.Variable(1.0)
    v = tf.Variable(2.0)
    params = [w]
    params[0] = v
    saver = tf.train.Saver(params)
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "not a literal list or dict of variables"),
])
def test_collections_and_named_lists_the_translation_cannot_read_fall_back(body, reason):
    falls_back(body, reason)


@pytest.mark.parametrize("body, reason", [
    ("""
    w = tf.Variable(1.0)
    x = tf.placeholder(tf.float32)
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.square(w * x))
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(train, {x: 1.0})
    saver.save(sess, "./ck/m", global_step=1)
    """, "after MomentumOptimizer created its slot variables and the checkpoint needs TF 1's Saver or numbered saves"),
    ("""
    with tf.name_scope("layer" + "1"):
        w = tf.Variable(1.0)
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "under a name scope whose name the translation cannot know"),
    ("""
    name = "w"
    w = tf.Variable(1.0, name=name)
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "named by a computed value"),
    ("""
    w = tf.Variable(1.0)
    saver = tf.train.Saver(defer_build=True)
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    """, "tf.train.Saver(defer_build=...) is not translated"),
    ("""
    w = tf.Variable(1.0)
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.export_meta_graph("./m.meta")
    """, "Saver.export_meta_graph is not translated"),
])
def test_savers_whose_checkpoint_names_are_not_known_fall_back(body, reason):
    falls_back(body, reason)


# ---------------------------------------------------------------------------- across the forms
RESTORE_70 = """
import numpy as np
import tensorflow as tf


def weight_variable(shape, seed):
    initial = tf.truncated_normal(shape, stddev=0.3, seed=seed)
    return tf.Variable(initial)


def bias_variable(shape):
    return tf.Variable(tf.constant(0.1, shape=shape))


x = tf.placeholder(tf.float32, [None, 3])
W1 = weight_variable([3, 8], 1)
b1 = bias_variable([8])
W2 = weight_variable([8, 1], 2)
b2 = bias_variable([1])
output = tf.sigmoid(tf.matmul(tf.nn.relu(tf.matmul(x, W1) + b1), W2) + b2)
global_step = tf.Variable(0, name="global_step", trainable=False)
saver = tf.train.Saver()

sess = tf.Session()
saver.restore(sess, tf.train.latest_checkpoint("./checkpoints"))
print("W1", sess.run(W1).ravel())
print("b2", sess.run(b2), "step", sess.run(global_step))
print("output", sess.run(output, feed_dict={x: [[0.1, 0.2, 0.3], [0.9, -0.8, 0.7]]}).ravel())
"""

RESTORE_71 = """
import tensorflow as tf

w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="W")
saver = tf.train.Saver([w, b])
with tf.Session() as sess:
    saver.restore(sess, "./ridge.ckpt")
    print("w", sess.run(w).ravel(), "b", sess.run(b))
"""

RESTORE_31 = """
import tensorflow as tf

W = tf.Variable(tf.zeros([2, 1]), name="W")
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "./model.ckpt")
    print("W", sess.run(W).ravel())
"""

RESTORE_190 = """
import tensorflow as tf

weights = tf.Variable(tf.zeros([2, 3]), name="weights")
biases = tf.Variable(tf.zeros([3]), name="biases")
step = tf.Variable(0, trainable=False, name="step")
saver = tf.train.Saver(max_to_keep=2)
sess = tf.Session()
saver.restore(sess, tf.train.latest_checkpoint("./classifier"))
print("weights", sess.run(weights).ravel(), "biases", sess.run(biases), "step", sess.run(step))
"""

_RUNNER = """
import contextlib, io, json, os, sys
out = []
for code, cwd in json.load(open(sys.argv[1])):
    os.chdir(cwd)
    if "tensorflow" in sys.modules:  # each script its own graph, as in a process of its own
        sys.modules["tensorflow"].compat.v1.reset_default_graph()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(compile(code, os.path.join(cwd, "script.py"), "exec"), {"__name__": "__main__"})
    out.append(buffer.getvalue())
json.dump(out, open(sys.argv[2], "w"))
"""


def _start(jobs, tmp_path, tag):
    spec, result = tmp_path / f"{tag}.json", tmp_path / f"{tag}.out.json"
    spec.write_text(json.dumps([[code, str(cwd)] for code, cwd in jobs]))
    proc = tf_worker.popen([sys.executable, "-c", _RUNNER, str(spec), str(result)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, result


def _finish(started):
    proc, result = started
    log, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0, log[-3000:]
    return json.loads(result.read_text())


def _eager(source, form):
    outcome = translate_source(textwrap.dedent(source))
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE], outcome.findings
    code = "\n".join(line for line in outcome.code.splitlines() if not line.lstrip().startswith("#"))
    assert "Session" not in code and form in code
    return outcome.code


def _compat(source):
    return migrate_source(textwrap.dedent(source)).code


def _across(tmp_path, scripts, restores, form, tag):
    """Each form runs the scripts (each in a folder of its own), then the restore programs in
    the other form's folders and in its own: (graph's printed lines, eager's)."""
    graph_dirs = [tmp_path / f"{tag}_graph_{i}" for i in range(len(scripts))]
    eager_dirs = [tmp_path / f"{tag}_eager_{i}" for i in range(len(scripts))]
    for d in graph_dirs + eager_dirs:
        os.makedirs(d)
    # 1. each form trains and saves in its own folder
    written = [_start([(_compat(s), d) for s, d in zip(scripts, graph_dirs)], tmp_path, f"{tag}_save_graph"),
               _start([(_eager(s, form), d) for s, d in zip(scripts, eager_dirs)], tmp_path, f"{tag}_save_eager")]
    saved_graph, saved_eager = [_finish(w) for w in written]
    assert saved_graph == saved_eager  # the same training, the same numbers printed
    # 2. each form restores what the other form wrote, then its own
    read = [_start([(_compat(r), d) for r, e, g in zip(restores, eager_dirs, graph_dirs) for d in (e, g)],
                   tmp_path, f"{tag}_restore_graph"),
            _start([(_eager(r, form), d) for r, e, g in zip(restores, eager_dirs, graph_dirs) for d in (g, e)],
                   tmp_path, f"{tag}_restore_eager")]
    return [_finish(r) for r in read]


def test_checkpoints_of_the_compat_saver_cross_between_the_forms(tmp_path):
    """Variables whose eager names are not their graph names (s70's unnamed ones, s71's "W"
    made "W_1"): the eager form keeps TF 1's Saver, keyed by the graph names."""
    scripts = [(SCRIPTS / "s70_saver_global_step_helpers.py").read_text(),
               (SCRIPTS / "s71_saver_var_list_names.py").read_text()]
    by_graph, by_eager = _across(tmp_path, scripts, [RESTORE_70, RESTORE_71], "tf.compat.v1.train.Saver(", "compat")
    # graph reads eager's checkpoint, eager reads graph's: the same values printed
    assert by_graph[0] == by_eager[0] and by_graph[2] == by_eager[2]
    # and each equals what its own form reads back from its own checkpoint
    assert by_graph[0] == by_graph[1] and by_eager[0] == by_eager[1]
    assert by_graph[2] == by_graph[3] and by_eager[2] == by_eager[3]
    assert "step 200" in by_eager[0] and by_eager[2].startswith("w [")


def test_checkpoints_of_tf_train_checkpoint_cross_between_the_forms(tmp_path):
    """Variables that carry their graph names: tf.train.Checkpoint.write (s31) and
    tf.train.CheckpointManager (s190) in the eager form; the graph form's Saver reads their
    object-based checkpoints by name, and they read the Saver's."""
    scripts = [(SCRIPTS / "s31_saver_checkpoint.py").read_text(),
               (SCRIPTS / "s190_checkpoint_manager_named_variables.py").read_text()]
    by_graph, by_eager = _across(tmp_path, scripts, [RESTORE_31, RESTORE_190], "tf.train.Checkpoint(", "object")
    assert by_graph == by_eager  # each form reads the other's checkpoint as it reads its own
    assert by_graph[0] == by_graph[1] and by_graph[2] == by_graph[3]
    assert by_graph[0].startswith("W [") and "step 160" in by_graph[2]
    import tensorflow as tf

    for prefix in (tmp_path / "object_eager_0" / "model.ckpt", tmp_path / "object_eager_1" / "classifier" / "model-160"):
        keys = [name for name, _ in tf.train.list_variables(str(prefix))]
        assert "_CHECKPOINTABLE_OBJECT_GRAPH" in keys  # the eager form wrote object-based checkpoints


def test_the_collections_hold_what_the_table_says():
    """tables/checkpoints.py: global_variables/all_variables hold every variable (slots
    included), trainable_variables neither slots nor untrainable variables."""
    import tensorflow as tf

    from migrate.tables import checkpoints as T

    with tf.Graph().as_default():
        w = tf.compat.v1.Variable(1.0)
        tf.compat.v1.Variable(0, trainable=False, name="steps")
        tf.compat.v1.train.AdamOptimizer(0.1).minimize(tf.square(w))
        every = [v.op.name for v in tf.compat.v1.global_variables()]
        assert "Variable/Adam" in every and "steps" in every
        for collection in T.ALL_VARIABLES_COLLECTIONS:
            assert [v.op.name for v in getattr(tf.compat.v1, collection)()] == every
        trainable = getattr(tf.compat.v1, T.TRAINABLE_VARIABLES_COLLECTION)()
        assert [v.op.name for v in trainable] == ["Variable"]


# ---------------------------------------------------------------------------- the forms
def test_named_variables_become_a_checkpoint_written_and_read():
    outcome = check("""
    W = tf.Variable(tf.zeros([2, 1]), name="W")
    b = tf.Variable(tf.zeros([1]), name="b")
    saver = tf.train.Saver(max_to_keep=3)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    path = saver.save(sess, "./model.ckpt")
    saver.restore(sess, path)
    print(sess.run(W))
    """, """
    W = tf.Variable(tf.zeros([2, 1]), name="W")
    b = tf.Variable(tf.zeros([1]), name="b")
    saver = tf.train.Checkpoint(W=W, b=b)
    path = saver.write("./model.ckpt")
    saver.read(path).assert_existing_objects_matched()
    print(W.numpy())
    """)
    assert not [f for f in outcome.findings if f.severity == WARNING]
    assert any("tf.train.Saver became tf.train.Checkpoint" in f.message for f in outcome.findings)


def test_a_dict_keyed_by_the_graph_names_is_a_checkpoint():
    code = translated("""
    w = tf.Variable(1.0, name="w")
    v = tf.Variable(2.0)
    saver = tf.train.Saver({"w": w, "Variable": v})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "./a.ckpt")
    saver.restore(sess, "./a.ckpt")
    """)
    assert "saver = tf.train.Checkpoint(w=w, v=v)\n" in code


def test_a_path_joined_from_fixed_parts_is_written_in_place():
    code = translated("""
    import os
    folder = "/tmp/run"
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        saver.save(sess, os.path.join(folder, "model.ckpt"))
    saver.restore(sess, folder + "/model.ckpt")
    """)
    assert '    saver.write(os.path.join(folder, "model.ckpt"))\n' in code
    assert 'saver.read(folder + "/model.ckpt").assert_existing_objects_matched()\n' in code


def test_saves_numbered_by_a_global_step_become_a_checkpoint_manager():
    code = translated("""
    w = tf.Variable(1.0, name="w")
    step = tf.Variable(0, trainable=False, name="step")
    saver = tf.train.Saver(max_to_keep=2, keep_checkpoint_every_n_hours=1)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(tf.assign_add(step, 1))
        print(saver.save(sess, "./run/model", global_step=step))
    print(saver.last_checkpoints)
    saver.restore(sess, tf.train.latest_checkpoint("./run"))
    """)
    assert ('saver = tf.train.CheckpointManager(\n    tf.train.Checkpoint(w=w, step=step),\n    "./run",\n'
            '    max_to_keep=2,\n    keep_checkpoint_every_n_hours=1,\n    checkpoint_name="model",\n)\n') in code
    assert "print(saver.save(checkpoint_number=step))" in code
    assert "print(saver.checkpoints)" in code
    assert 'saver.checkpoint.read(tf.train.latest_checkpoint("./run")).assert_existing_objects_matched()' in code


def test_the_manager_keeps_the_savers_default_of_five():
    code = translated("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "./m/model", global_step=1)
    """)
    assert ('saver = tf.train.CheckpointManager(\n    tf.train.Checkpoint(w=w),\n    "./m",\n    max_to_keep=5,\n'
            '    checkpoint_name="model",\n)\n') in code
    import tensorflow as tf

    from migrate.tables import checkpoints as T

    default = inspect.signature(tf.compat.v1.train.Saver).parameters["max_to_keep"].default
    assert default == T.SAVER_DEFAULT_MAX_TO_KEEP


def test_checkpoint_keywords_table_is_tf_train_checkpoints_members():
    import tensorflow as tf

    from migrate.tables import checkpoints as T

    assert T.CHECKPOINT_MEMBERS == {n for n in dir(tf.train.Checkpoint) if not n.startswith("_")}


def test_variables_without_their_graph_names_in_a_saver_that_only_saves_warn():
    outcome = translate("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "./m.ckpt")
    """)
    assert "saver = tf.train.Checkpoint(a=a, b=b)\n" in outcome.code
    assert "# TF 1's Saver cannot restore these checkpoints: the variables' names differ\n" in outcome.code
    warned = [f.message for f in outcome.findings if f.severity == WARNING]
    assert any("the variables `b` are not named as the graph named them" in m for m in warned), warned


@pytest.mark.parametrize("body, reason", [
    ("""
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.restore(sess, "./m.ckpt")
    """, "the eager variables `b` do not carry their checkpoint keys as names"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt", write_meta_graph=False)
    """, "Saver.save/restore(write_meta_graph=...) has no tf.train.Checkpoint form"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    print(tf.train.latest_checkpoint("."))
    """, "reads the `checkpoint` state file"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m.ckpt")
    print(tf.train.load_variable("./m.ckpt", "w"))
    """, "reads the checkpoint's keys"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m/model", global_step=1)
    saver.save(sess, "./m/model")
    """, "saves with and without global_step"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "model", global_step=1)
    """, "one literal path with a folder"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    for i in range(9):
        saver.save(sess, "./m-%d.ckpt" % i)
    """, "a save path that may change between saves"),
    ("""
    import os
    import tempfile
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    for i in range(9):
        saver.save(sess, os.path.join(tempfile.mkdtemp(), "m.ckpt"))
    """, "a save path that may change between saves"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=1)
    sess = tf.Session()
    saver.save(sess, "./a.ckpt")
    saver.save(sess, "./b.ckpt")
    """, "more save calls than max_to_keep"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./a.ckpt")
    print(saver.last_checkpoints)
    """, "Saver.last_checkpoints without saves numbered by global_step"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver({"model/w": w})
    sess = tf.Session()
    saver.save(sess, "./a.ckpt")
    """, "the dict var_list names the checkpoint's keys"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver()
    sess = tf.Session()
    saver.save(sess, "./m/model", global_step=1)
    saver.recover_last_checkpoints(["./m/model-1"])
    """, "Saver.recover_last_checkpoints has no tf.train.CheckpointManager form"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver(sharded=True)
    sess = tf.Session()
    saver.save(sess, "./a.ckpt")
    """, "tf.train.Saver(sharded=...) has no tf.train.Checkpoint form"),
    ("""
    w = tf.Variable(1.0, name="w")
    saver = tf.train.Saver(max_to_keep=3)
    sess = tf.Session()
    saver.save(sess, "./m/model", global_step=tf.train.global_step(sess, w))
    """, "a checkpoint path or step computed with TensorFlow"),
])
def test_savers_that_keep_the_compat_form_say_why(body, reason):
    outcome = translate(body)
    assert not [f for f in outcome.findings if f.rule == FALLBACK_RULE], outcome.findings
    assert "tf.compat.v1.train.Saver(" in outcome.code and "tf.train.Checkpoint" not in outcome.code
    assert any(reason in f.message for f in outcome.findings), [f.message for f in outcome.findings]


def test_a_saver_of_every_variable_after_adam_checkpoints_the_eager_optimizer_too():
    outcome = check("""
    w = tf.Variable(1.0, name="w")
    x = tf.placeholder(tf.float32)
    loss = tf.square(w * x)
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    saver = tf.train.Saver()
    sess = tf.Session()
    sess.run(train, {x: 1.0})
    saver.save(sess, "./m.ckpt")
    saver.restore(sess, "./m.ckpt")
    """, """
    w = tf.Variable(1.0, name="w")
    optimizer = tf.keras.optimizers.Adam(learning_rate=0.1, epsilon=1e-8)
    optimizer.build([w])
    saver = tf.train.Checkpoint(w=w, optimizer=optimizer)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec(None)])
    def train_step(x):
        with tf.GradientTape() as tape:
            loss = tf.square(w * x)
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    train_step(1.0)
    saver.write("./m.ckpt")
    saver.read("./m.ckpt").assert_existing_objects_matched()
    """)
    said = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-checkpoint" and f.severity == WARNING]
    assert said == [(8, "tf.train.Saver() after AdamOptimizer became tf.train.Checkpoint(..., optimizer=optimizer): "
                        "its checkpoints hold the eager optimizer's slots, which TF 1 code cannot restore, as it "
                        "cannot restore TF 1's")]
