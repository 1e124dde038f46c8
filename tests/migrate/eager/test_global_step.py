"""--to eager: tf.train.get_or_create_global_step and tf.train.global_step written out
(patterns/global_step.py, facts in migrate/tables/checkpoints.py)."""
from tests.migrate.eager.helpers import REGRESSION, check, falls_back


def test_the_global_step_becomes_the_variable_the_graph_made_and_its_read_an_int():
    check(REGRESSION + """
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(3):
        sess.run(train, feed_dict={x: [[1.0]], y: [[2.0]]})
        print(tf.train.global_step(sess, step))
    """, """
    w = tf.Variable(tf.zeros([1, 1]))
    step = tf.Variable(0, dtype=tf.int64, trainable=False, name="global_step")
    optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None, 1]), tf.TensorSpec([None, 1])])
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
        grads = tape.gradient(loss, [w])
        optimizer.apply_gradients(zip(grads, [w]))
        step.assign_add(1)

    for i in range(3):
        train_step([[1.0]], [[2.0]])
        print(int(step.numpy()))
    """)


def test_the_written_variable_is_the_one_tf_train_makes():
    import tensorflow as tf

    from migrate.tables.checkpoints import GLOBAL_STEP_NAME, GLOBAL_STEP_VARIABLE

    with tf.Graph().as_default():
        made = tf.compat.v1.train.get_or_create_global_step()
        assert made.op.name == GLOBAL_STEP_NAME and made.dtype.base_dtype == tf.int64
        assert not made.trainable
    written = eval(GLOBAL_STEP_VARIABLE.format(tf="tf"))
    assert written.dtype == tf.int64 and int(written.numpy()) == 0 and not written.trainable


def test_a_global_step_read_with_another_session_falls_back():
    falls_back(REGRESSION + """
    step = tf.train.get_or_create_global_step()
    sess = tf.Session()
    print(tf.train.global_step(tf.get_default_session(), step))
    """, "tf.train.global_step with other than (session, variable)")
