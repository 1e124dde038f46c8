"""--to eager: a block opening a Session on the module's graph (patterns/run_blocks.py)."""
from tests.migrate.eager.helpers import check, falls_back

GRAPH = """
    x = tf.placeholder(tf.float32, [None])
    w = tf.Variable(2.0)
    out = tf.reduce_sum(w * x)
"""
TRANSLATED = """
    w = tf.Variable(2.0)

    @tf.function(autograph=False, input_signature=[tf.TensorSpec([None])])
    def compute_out(x):
        return tf.reduce_sum(w * x)
"""


def test_a_session_under_the_main_guard_is_dissolved_and_its_runs_are_the_scripts():
    check(GRAPH + """
    if __name__ == "__main__":
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(2):
                print(sess.run(out, {x: [float(i)]}))
    """, TRANSLATED + """
    if __name__ == "__main__":
        for i in range(2):
            print(compute_out([float(i)]).numpy())
    """)


def test_a_session_in_a_loop_runs_the_same_graph_each_pass():
    check(GRAPH + """
    for rate in [1.0, 2.0]:
        with tf.Session() as sess:
            print(sess.run(out, {x: [rate]}))
    """, TRANSLATED + """
    for rate in [1.0, 2.0]:
        print(compute_out([rate]).numpy())
    """)


def test_an_initializer_run_a_loop_repeats_is_refused():
    falls_back(GRAPH + """
    for rate in [1.0, 2.0]:
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [rate]}))
    """, "variables initialised inside a block (loop, if, def): re-initialisation is not translated")


def test_a_block_building_graph_is_not_this_patterns():
    falls_back(GRAPH + """
    if __name__ == "__main__":
        with tf.Session() as sess:
            doubled = out * 2.0
            print(sess.run(doubled, {x: [1.0]}))
    """, "graph built inside a block (loop, if, with)")


def test_a_main_def_opening_a_session_on_the_module_graph_is_read_with_the_module():
    check(GRAPH + """
    def main():
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [1.0]}))
    if __name__ == "__main__":
        main()
    """, TRANSLATED + """
    def main():
        print(compute_out([1.0]).numpy())
    if __name__ == "__main__":
        main()
    """)
    falls_back(GRAPH + """
    def main():
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(out, {x: [1.0]}))
    main()
    main()
    """, "variables initialised inside a block (loop, if, def): re-initialisation is not translated")
