"""--to eager: InteractiveSession, .eval() and .run() (patterns/interactive.py)."""
from tests.migrate.eager.helpers import REGRESSION, translated


def test_interactive_session_eval_and_run():
    code = translated(REGRESSION + """
    train_step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.InteractiveSession()
    tf.global_variables_initializer().run()
    train_step.run(feed_dict={x: [[1.0]], y: [[2.0]]})
    print(loss.eval(feed_dict={x: [[1.0]], y: [[2.0]]}), w.eval())
    print(loss.eval({x: [[1.0]], y: [[2.0]]}, session=sess))
    """)
    assert "InteractiveSession" not in code and ".run(" not in code and ".eval(" not in code
    assert "\ntrain_step([[1.0]], [[2.0]])\n" in code
    assert "print(compute_loss([[1.0]], [[2.0]]).numpy(), w.numpy())" in code
    assert "print(compute_loss([[1.0]], [[2.0]]).numpy())" in code
