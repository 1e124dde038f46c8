"""--to eager: variables appended to a Python list (patterns/appended_variables.py)."""
from tests.migrate.eager.helpers import falls_back, translated

BODY = """
x = tf.placeholder(tf.float32, [None, 2])
b = tf.Variable(tf.zeros([2]))
weights = []
for i in range(2):
    weights.append(tf.Variable(tf.ones([2, 2]) * (i + 1)))
weights.append(tf.Variable(tf.ones([2, 2])))
h = tf.matmul(tf.matmul(x, weights[0]), weights[2])
loss = tf.reduce_sum(tf.matmul(h, weights[1]) + b)
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
sess = tf.Session()
sess.run(tf.global_variables_initializer())
sess.run(train, {x: np.ones((1, 2))})
print(sess.run(loss, {x: np.ones((1, 2))}))
"""


def test_every_appended_variable_is_created_as_written_and_trained():
    code = translated(BODY)
    assert "weights = []\nfor i in range(2):\n    weights.append(tf.Variable(tf.ones([2, 2]) * (i + 1)))\n" \
           "weights.append(tf.Variable(tf.ones([2, 2])))\n" in code
    assert "variables = [b, *weights]\n    grads = tape.gradient(loss, variables)" in code


def test_a_random_initializer_appended_in_a_loop_needs_a_seed_per_pass():
    falls_back(BODY.replace("tf.ones([2, 2]) * (i + 1)", "tf.random_normal([2, 2], seed=4)"),
               "a random op in a loop that creates variables, with a seed that does not change")
    translated(BODY.replace("tf.ones([2, 2]) * (i + 1)", "tf.random_normal([2, 2], seed=4 + i)"))


def test_variables_created_by_other_python_code_are_never_missed():
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    b = tf.Variable(tf.zeros([2]))
    weights = {}
    weights.setdefault("w", tf.Variable(tf.ones([2, 2])))
    loss = tf.reduce_sum(tf.matmul(x, weights["w"]) + b)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((1, 2))})
    """, "tf.Variable(...) inside an expression")
    falls_back("""
    x = tf.placeholder(tf.float32, [None, 2])
    b = tf.Variable(tf.zeros([2]))
    weights = {}
    for key in ["a", "b"]:
        weights.setdefault(key, tf.Variable(tf.ones([2, 2])))
    loss = tf.reduce_sum(tf.matmul(x, weights["a"]) + b)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(train, {x: np.ones((1, 2))})
    """, "graph built inside a block (loop, if, with): tf.Variable")
