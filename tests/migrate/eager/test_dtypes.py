"""--to eager: a tensor's dtype kind read from the file (migrate/eager/dtypes.py), and TF 1's
`tf.div` written as the TF 2 division its operands' kind selects (tables/hand.py DIVISIONS).
The table's facts against TensorFlow: tests/migrate/test_dtype_rules_table.py."""
from tests.migrate.eager.helpers import translated

GRAPH = """
a = tf.constant(5.0)
i = tf.constant(7)
x = tf.placeholder(tf.float32, [None])
n = tf.placeholder(dtype=tf.int64, shape=[None])
d = tf.constant([1, 2], dtype=tf.float64)
s = tf.reduce_sum(tf.abs(tf.subtract(x, tf.expand_dims(x, 1))), axis=1)
m = tf.matmul(tf.expand_dims(s, 0), tf.ones([3, 2]))
sess = tf.Session()
"""


def test_div_of_floats_is_divide_and_of_integers_floordiv():
    code = translated(GRAPH + """
print(sess.run(tf.div(a, 2)), sess.run(tf.div(i, 2)), sess.run(tf.div(7, 2)), sess.run(tf.div(d, 3)))
print(sess.run(tf.div(x, 2), {x: [3.0]}), sess.run(tf.div(n, 2), {n: [3]}))
print(sess.run(tf.div(m, tf.reduce_sum(s)), {x: [1.0, 2.0, 4.0]}), sess.run(tf.div(i * 3, 2)))
""")
    assert "compat.v1" not in code
    assert "tf.math.divide(a, 2)" in code and "tf.math.floordiv(i, 2)" in code and "tf.math.floordiv(7, 2)" in code
    assert "tf.math.divide(d, 3)" in code and "tf.math.divide(x, 2)" in code and "tf.math.floordiv(n, 2)" in code
    assert "tf.math.divide(m, tf.reduce_sum(s))" in code and "tf.math.floordiv(i * 3, 2)" in code


def test_div_whose_operands_kind_is_not_known_keeps_tf1s_div():
    code = translated("""
v = tf.Variable(tf.zeros([2]))
k = tf.placeholder(tf.float32, [])
u, idx = tf.unique(tf.constant([1, 1, 2]))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(tf.div(v, 2)), sess.run(tf.div(u, 2)), sess.run(tf.div(2, 2.0)), sess.run(tf.div(k / 2, 3), {k: 1.0}))
""")
    assert code.count("tf.compat.v1.div(") == 4
