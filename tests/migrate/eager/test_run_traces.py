"""--to eager: a traced Session.run written by add_run_metadata -> tf.summary.trace_on /
trace_export (patterns/run_traces.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back, translate

TRACED = REGRESSION + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    writer = tf.summary.FileWriter("logs")
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        run_metadata = tf.RunMetadata()
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]}, options=run_options, run_metadata=run_metadata)
        writer.add_run_metadata(run_metadata, "step%d" % i)
"""


def test_a_traced_run_is_traced_from_the_metadata_to_add_run_metadata():
    outcome = check(TRACED, """
    w = tf.Variable(tf.zeros([1, 1]))
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
    writer = tf.summary.create_file_writer("logs")

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))

    for i in range(3):
        tf.summary.trace_on(graph=True)
        train_step([[1.0]], [[2.0]])
        with writer.as_default():
            tf.summary.trace_export("step%d" % i, step=0)
    """)
    said = [(f.line, f.rule, f.message) for f in outcome.findings if f.rule == "eager-summary"]
    assert (17, "eager-summary", "writer.add_run_metadata(...) became tf.summary.trace_export: the event file holds "
                                 "the traced function's graph under the tag, not TF 1's run metadata (the partition "
                                 "graphs, each op's timings and memory under FULL_TRACE)") in said


def test_the_global_step_of_add_run_metadata_is_the_exports_step():
    code = translate(TRACED.replace('"step%d" % i)', '"step%d" % i, i)')).code
    assert '    tf.summary.trace_export("step%d" % i, step=i)\n' in code


def test_run_options_other_than_the_trace_level_are_refused():
    falls_back(TRACED.replace("trace_level=tf.RunOptions.FULL_TRACE", "timeout_in_ms=1000"),
               "tf.RunOptions(...) with options other than trace_level is not translated")


def test_run_metadata_read_by_python_code_is_refused():
    falls_back(TRACED + """
        print(run_metadata.step_stats)
    """, "`run_metadata`, a tf.RunMetadata, used for something other than Session.run's run_metadata")


def test_run_metadata_written_outside_its_block_is_refused():
    falls_back(TRACED.replace('        writer.add_run_metadata(run_metadata, "step%d" % i)\n', "") + """
    writer.add_run_metadata(run_metadata, "last")
    """, "not written by one writer.add_run_metadata(...) after it in its block")


def test_a_run_given_options_without_a_trace_keeps_the_refusal():
    falls_back(REGRESSION + """
    sess = tf.Session()
    opts = {"timeout": 1}
    sess.run(loss, feed_dict={x: [[1.0]], y: [[2.0]]}, options=opts)
    """, "Session.run(options=...) is not translated")


def test_a_traced_run_among_the_blocks_own_statements_keeps_the_comment_of_its_options():
    code = translate(REGRESSION + """
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        writer = tf.summary.FileWriter("logs")
        sess.run(tf.global_variables_initializer())
        # trace the first step
        run_options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        run_metadata = tf.RunMetadata()
        sess.run(train, {x: [[1.0]], y: [[2.0]]}, options=run_options, run_metadata=run_metadata)
        writer.add_run_metadata(run_metadata, "first", 7)
    """).code
    assert 'writer = tf.summary.create_file_writer("logs")\n# trace the first step\ntf.summary.trace_on(graph=True)\n' \
           in code
    assert 'train_step([[1.0]], [[2.0]])\nwith writer.as_default():\n    tf.summary.trace_export("first", step=7)\n' \
           in code
    assert "RunOptions" not in code and "RunMetadata" not in code
