"""--to eager: summaries -> tf.summary.create_file_writer and tf.summary calls with the
script's step (patterns/summaries.py), and the proof that both forms write the same
event files."""
import glob
import os
from pathlib import Path

import pytest

from migrate import verify
from tests.migrate.eager.helpers import check, falls_back, translated

SCRIPTS = Path(__file__).parents[2] / "fixtures" / "session_scripts"

MODEL = """
    x = tf.placeholder(tf.float32, [None, 1])
    y = tf.placeholder(tf.float32, [None, 1])
    W = tf.Variable(tf.zeros([1, 1]))
    loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - y))
"""


def test_merge_all_fetched_with_the_train_op_is_written_in_the_step_with_the_loop_counter():
    check(MODEL + """
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("weights", W)
    merged = tf.summary.merge_all()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs", sess.graph)
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        summary, _ = sess.run([merged, train], feed_dict={x: [[1.0]], y: [[2.0]]})
        writer.add_summary(summary, step)
    writer.close()
    """, """
    W = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
    writer = tf.summary.create_file_writer("logs")

    @tf.function(autograph=False, input_signature=[
        tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1]), tf.TensorSpec([], tf.int64)])
    def train_step(x, y, step):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - y))
        grads = tape.gradient(loss, [W])
        with writer.as_default():
            tf.summary.scalar("loss", loss, step=step)
            tf.summary.histogram("weights", W, step=step)
        optimizer.apply_gradients(zip(grads, [W]))

    with writer.as_default():
        tf.summary.graph(train_step.get_concrete_function().graph)

    for step in range(5):
        train_step([[1.0]], [[2.0]], step)
    writer.close()
    """)


def test_an_image_summary_is_written_with_its_max_outputs_and_a_warning_on_float_scaling():
    outcome = check(MODEL + """
    tf.summary.image("inputs", tf.reshape(x, [-1, 1, 1, 1]), max_outputs=2)
    merged = tf.summary.merge_all()
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    for step in range(2):
        writer.add_summary(sess.run(merged, {x: [[1.0]], y: [[2.0]]}), step)
    """, """
    W = tf.Variable(tf.zeros([1, 1]))
    writer = tf.summary.create_file_writer("logs")

    @tf.function(autograph=False,
                 input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([], tf.int64)])
    def write_summaries(x, step):
        with writer.as_default():
            tf.summary.image("inputs", tf.reshape(x, [-1, 1, 1, 1]), step=step, max_outputs=2)

    for step in range(2):
        write_summaries([[1.0]], step)
    """)
    said = [(f.line, f.message) for f in outcome.findings if f.rule == "eager-summary" and "image" in f.message]
    assert said == [(9, "tf.summary.image: TF 2 writes a float image's values in [0, 1] as they are (clipped to it), "
                        "where TF 1 rescaled each image (its largest value to 255, or 0.0 to 127 when it has negative "
                        "values), and tags it with the name, where TF 1 wrote 'name/image/0', 'name/image/1', ...")]


CONDITIONAL = MODEL + """
    tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    sess.run(tf.global_variables_initializer())
    for i in range(30):
        summary, _ = sess.run([merged, train], feed_dict={x: [[1.0]], y: [[2.0]]})
        if (i + 1) % 10 == 0:
            writer.add_summary(summary, i)
            print(i)
"""


def test_a_summary_written_under_a_condition_of_its_step_is_recorded_if_it_holds():
    # the tutorials fetch the merged summary every step and write it every few (s157)
    code = translated(CONDITIONAL)
    assert "    with writer.as_default(), tf.summary.record_if((i + 1) % 10 == 0):\n" \
           "        tf.summary.scalar(\"loss\", loss, step=i)\n" in code
    assert "    train_step([[1.0]], [[2.0]], i)\n    if (i + 1) % 10 == 0:\n        print(i)\n" in code


def test_an_if_left_with_nothing_but_the_add_summary_goes_with_it():
    code = translated(CONDITIONAL.replace("            print(i)\n", ""))
    assert "record_if((i + 1) % 10 == 0)" in code
    assert code.endswith("for i in range(30):\n    train_step([[1.0]], [[2.0]], i)\n"), code


def test_a_tag_a_name_scope_took_before_is_written_as_graph_mode_made_it_unique():
    # graph mode: the scope "accuracy" holds the name, the summary's tag is "accuracy_1" (s157's event files)
    code = translated(MODEL + """
    with tf.name_scope("accuracy"):
        acc = tf.reduce_mean(tf.cast(tf.equal(tf.round(tf.matmul(x, W)), y), tf.float32))
    tf.summary.scalar("accuracy", acc)
    tf.summary.scalar("accuracy", loss)
    merged = tf.summary.merge_all()
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(merged, {x: [[1.0]], y: [[2.0]]}), 1)
    """)
    assert 'tf.summary.scalar("accuracy_1", acc, step=step)' in code
    assert 'tf.summary.scalar("accuracy_2", loss, step=step)' in code


def test_a_summary_written_under_a_condition_of_another_python_value_is_refused():
    falls_back(CONDITIONAL.replace("if (i + 1) % 10 == 0:", "if verbose and i % 10 == 0:")
               .replace("sess = tf.Session()", "verbose = True\n    sess = tf.Session()"),
               "add_summary under a condition that reads more than its step")


def test_a_summary_run_alone_or_inside_add_summary_becomes_a_call_of_a_writing_function():
    code = translated(MODEL + """
    loss_summary = tf.summary.scalar("loss", loss)
    merged = tf.summary.merge([loss_summary])
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    for i in range(3):
        s = sess.run(merged, {x: [[1.0]], y: [[2.0]]})
        writer.add_summary(s, global_step=i)
        writer.add_summary(sess.run(merged, {x: [[1.0]], y: [[3.0]]}), i + 10)
    """)
    assert "    write_summaries([[1.0]], [[2.0]], i)\n    write_summaries([[1.0]], [[3.0]], i + 10)\n" in code
    assert "add_summary" not in code and "    s = " not in code
    assert code.count("def write_summaries(x, y, i):") == 1


def test_a_summary_under_name_scopes_is_tagged_with_their_path():
    code = translated(MODEL + '''
    with tf.name_scope("train"):
        with tf.name_scope("metrics"):
            s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}), 1)
    ''')
    assert 'tf.summary.scalar("train/metrics/loss", loss, step=step)' in code


def test_a_tag_used_again_is_written_as_graph_mode_made_it_unique():
    code = translated(MODEL + '''
    train_loss = tf.summary.scalar("loss", loss)
    test_loss = tf.summary.scalar("loss", loss)
    tf.summary.scalar("Loss", loss)
    with tf.name_scope("eval"):
        scoped = tf.summary.scalar("loss", loss)
    merged = tf.summary.merge_all()
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(merged, {x: [[1.0]], y: [[2.0]]}), 1)
    ''')
    for tag in ('"loss"', '"loss_1"', '"Loss_2"', '"eval/loss"'):
        assert f"tf.summary.scalar({tag}, loss, step=step)" in code
    import tensorflow as tf

    with tf.Graph().as_default():
        value = tf.constant(1.0)
        tags = [tf.compat.v1.summary.scalar(t, value).op.name for t in ("loss", "loss", "Loss")]
        with tf.name_scope("eval"):
            tags.append(tf.compat.v1.summary.scalar("loss", value).op.name)
    assert tags == ["loss", "loss_1", "Loss_2", "eval/loss"]


def test_file_writer_arguments_follow_the_table():
    code = translated(MODEL + """
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs", graph=sess.graph, flush_secs=5, max_queue=3)
    writer.add_graph(sess.graph)
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}), 7)
    writer.flush()
    """)
    assert 'writer = tf.summary.create_file_writer("logs", flush_millis=5 * 1000, max_queue=3)\n' in code
    assert "add_graph" not in code and "writer.flush()" in code and "write_summaries([[1.0]], [[2.0]], 7)" in code


def test_a_writer_given_the_graph_without_a_traced_training_step_is_warned_about():
    outcome = check(MODEL + """
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_graph(sess.graph)
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}), 7)
    """, """
    W = tf.Variable(tf.zeros([1, 1]))
    writer = tf.summary.create_file_writer("logs")

    @tf.function(autograph=False, input_signature=[
        tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1]), tf.TensorSpec([], tf.int64)])
    def write_summaries(x, y, step):
        loss = tf.reduce_mean(tf.square(tf.matmul(x, W) - y))
        with writer.as_default():
            tf.summary.scalar("loss", loss, step=step)

    write_summaries([[1.0]], [[2.0]], 7)
    """)
    assert [(f.line, f.message) for f in outcome.findings if f.rule == "eager-summary" and f.severity == "warning"] == [
        (11, "the graph handed to writer is not written: no traced training step to take it from (TensorBoard "
            "shows no graph for these logs)")]


@pytest.mark.parametrize("body, reason", [
    # the step changes between the run and add_summary
    ("""
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    step = 0
    for i in range(3):
        out = sess.run(s, {x: [[1.0]], y: [[2.0]]})
        step += 1
        writer.add_summary(out, step)
    """, "the step of add_summary may change between the run"),
    # the fetched summary is used for something else
    ("""
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    out = sess.run(s, {x: [[1.0]], y: [[2.0]]})
    print(out)
    writer.add_summary(out, 1)
    """, "used otherwise than by one writer.add_summary"),
    ("""
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}))
    """, "add_summary without a step"),
    ("""
    tf.summary.scalar("loss", loss)
    tf.summary.audio("input", tf.reshape(x, [1, 1]), 8000)
    merged = tf.summary.merge_all()
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(merged, {x: [[1.0]], y: [[2.0]]}), 1)
    """, "tf.summary.audio: only scalar, histogram and image summaries are translated"),
    ("""
    with tf.name_scope(scope_name):
        s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}), 1)
    """, "under a name scope whose name the translation cannot know"),
    ("""
    with tf.name_scope("train"):
        total = tf.identity(loss, name="loss")
        s = tf.summary.scalar("loss", total)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s, {x: [[1.0]], y: [[2.0]]}), 1)
    """, "summary tag 'train/loss' is already a name in the graph"),
    ("""
    v = tf.Variable(1.0, name="weights")
    s = tf.summary.histogram("weights", v)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s), 1)
    """, "summary tag 'weights' is already a name in the graph"),
    ("""
    s = tf.summary.scalar("loss", loss)
    sess = tf.Session()
    out = sess.run(s, {x: [[1.0]], y: [[2.0]]})
    """, "is not written by a writer.add_summary"),
    # graph mode wrote "stats/mean_1": tf.reduce_mean built "stats/Mean" first
    ("""
    with tf.name_scope("stats"):
        mean = tf.reduce_mean(x)
        s = tf.summary.scalar("mean", mean)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    writer.add_summary(sess.run(s, {x: [[1.0]]}), 1)
    """, "summary tag 'stats/mean' is the name graph mode gives an op of its own (mean)"),
])
def test_summaries_that_cannot_be_written_the_same_way_fall_back(body, reason):
    falls_back(MODEL + body, reason)


# ---------------------------------------------------------------------------- the event files
def _graphs(directory) -> set:
    """The runs whose event files hold a graph (TensorBoard's Graphs tab)."""
    import tensorflow as tf

    return {os.path.relpath(os.path.dirname(path), directory)
            for path in glob.glob(os.path.join(directory, "**", "events.out.tfevents.*"), recursive=True)
            for event in tf.compat.v1.train.summary_iterator(path) if event.graph_def}


def _events(directory):
    """{(tag, step): value} of the event files under `directory`: a scalar's value, or a
    histogram's (min, max, count); TF 1 writes simple values and HistogramProtos, TF 2 tensors."""
    import numpy as np
    import tensorflow as tf

    out = {}
    for path in glob.glob(os.path.join(directory, "**", "events.out.tfevents.*"), recursive=True):
        run = os.path.relpath(os.path.dirname(path), directory)
        for event in tf.compat.v1.train.summary_iterator(path):
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                if kind == "simple_value":
                    item = (value.simple_value,)
                elif kind == "histo":
                    item = (value.histo.min, value.histo.max, value.histo.num)
                elif kind == "tensor":
                    data = tf.make_ndarray(value.tensor)
                    if value.metadata.plugin_data.plugin_name == "histograms":
                        item = (data[0, 0], data[-1, 1], data[:, 2].sum())
                    else:
                        item = (float(data),)
                else:
                    continue
                key = (run, value.tag, event.step)  # (a graph event has no value: a key of its own)
                assert key not in out, key
                out[key] = np.array(item, dtype=np.float64)
    return out


SUMMARY_SCRIPTS = ["s30_summaries_filewriter.py", "s68_summaries_train_test_writers.py",
                   "s69_summaries_histograms_merge_all.py", "s186_summaries_repeated_tag_computed_step.py",
                   "s157_tensorboard_name_scopes_graph_writer.py"]
# s30 fetches its histogram of W with the train op that updates W: the graph does not order
# the histogram's read and the update (TensorBoard gets either value, or a mix), so only the
# count of values is compared there; the translation says so in a warning
UNORDERED = {("s30_summaries_filewriter.py", "weights")}


def test_the_eager_translation_writes_the_event_files_the_graph_wrote(tmp_path):
    import numpy as np

    reports = verify.verify_scripts([str(SCRIPTS / name) for name in SUMMARY_SCRIPTS], seed=3, keep=str(tmp_path))
    for i, report in enumerate(reports):
        assert report.status == "same", verify.format_report(report)
        compat, eager = _events(tmp_path / f"compat_{i}"), _events(tmp_path / f"eager_{i}")
        assert compat and sorted(compat) == sorted(eager), (sorted(compat)[:5], sorted(eager)[:5])
        for key in compat:
            if (SUMMARY_SCRIPTS[i], key[1]) in UNORDERED:
                assert eager[key][2] == compat[key][2]
                continue
            np.testing.assert_allclose(eager[key], compat[key], rtol=1e-5, atol=1e-6, err_msg=str(key))
    warnings = [f.message for f in reports[0].prepared.warnings if f.rule == "eager-summary"]
    assert len(warnings) == 1 and "reads `W`, which the same run updates" in warnings[0]
    # every run, tag and step of the scripts is there: 40 steps x 2 tags, 12 x 2 x 2 runs, 200 x 4,
    # 12 x 4 (s186: "loss" and "loss_1", "encode/activation" and "decode/activation"), 5 x 2 (s157: every
    # 10th of 50 steps, add_summary under `if step % 10 == 0:`)
    assert [len(_events(tmp_path / f"eager_{i}")) for i in range(5)] == [80, 48, 800, 48, 10]
    assert {key[1] for key in _events(tmp_path / "compat_3")} == {"loss", "loss_1", "encode/activation",
                                                                   "decode/activation"}
    assert not any(reports[i].prepared.warnings for i in (1, 2, 3, 4))
    # the writers given the graph write one: the training step's trace in the eager form
    graphs = [_graphs(tmp_path / f"compat_{i}") for i in range(5)]
    assert graphs == [_graphs(tmp_path / f"eager_{i}") for i in range(5)]
    assert [len(runs) for runs in graphs] == [1, 1, 1, 0, 1] and graphs[1] == {"logs/train"}


def test_the_default_op_names_the_summary_tags_are_checked_against_are_those_graph_mode_gives():
    """tables/summaries.py PYTHON_OP_NAMES and tables/op_types.py: an op built before a
    summary in its scope under one of these names makes the tag unique ("mean_1")."""
    import tensorflow as tf

    from migrate.tables import summaries as T
    from migrate.tables.op_types import OP_TYPES

    v1 = tf.compat.v1
    with tf.Graph().as_default():
        x = v1.placeholder(tf.float32, [2])
        w = v1.Variable(1.0)
        built = {
            "truediv": lambda: x / 2.0,
            "strided_slice": lambda: x[0],
            "gradients": lambda: v1.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w * x)),
            "init": lambda: v1.global_variables_initializer(),
        }
        assert set(built) == set(T.PYTHON_OP_NAMES)
        for name, build in built.items():
            build()
            tag = v1.summary.scalar(name, tf.reduce_sum(x))
            assert tag.op.name == f"{name}_1", name
        mean = tf.reduce_mean(x)
        assert mean.op.type.lower() in OP_TYPES and mean.op.name == "Mean"
        assert v1.summary.scalar("mean", mean).op.name == "mean_1"
