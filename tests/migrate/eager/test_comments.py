"""--to eager: the author's comments about the removed Session machinery (patterns/comments.py)."""
import pytest

from migrate.eager.patterns.comments import judged
from tests.migrate.eager.helpers import check


def _comment_findings(outcome):
    return [(f.line, f.message) for f in outcome.findings if f.rule == "eager-comment"]


def test_comments_about_the_session_and_initialisation_go_and_the_models_stay():
    outcome = check("""
    # Initialize weights with small random values
    w = tf.Variable(tf.ones([2]))
    init = tf.global_variables_initializer()

    # Launch the graph in a session
    with tf.Session() as sess:
        # Initialize the variables
        sess.run(init)
        # print the weights
        print(sess.run(w))
    """, """
    # Initialize weights with small random values
    w = tf.Variable(tf.ones([2]))

    # print the weights
    print(w.numpy())
    """)
    assert _comment_findings(outcome) == [
        (8, "comment '# Launch the graph in a session' dropped: it was about launching the graph, which eager "
            "code does not have"),
        (10, "comment '# Initialize the variables' dropped: it was about initialising variables, which eager "
             "code does not have")]


def test_a_comment_naming_the_session_api_goes_even_above_a_kept_line():
    outcome = check("""
    w = tf.Variable(tf.ones([2]))
    sess = tf.InteractiveSession()
    sess.run(tf.global_variables_initializer())
    # use eval() instead of sess.run
    print(w.eval())  # the weights
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())  # the weights
    """)
    assert [line for line, _ in _comment_findings(outcome)] == [7]


def test_a_trailing_comment_about_feeding_goes():
    check("""
    x = tf.placeholder(tf.float32, [2])
    y = x * 2.0
    sess = tf.Session()
    print(sess.run(y, feed_dict={x: [1.0, 2.0]}))  # feed the placeholder
    """, """
    @tf.function(autograph=False, input_signature=[tf.TensorSpec([2])])
    def compute_y(x):
        return x * 2.0

    print(compute_y([1.0, 2.0]).numpy())
    """)


def test_a_device_pin_comment_goes_with_its_block_and_stays_without_one():
    check("""
    # pinned to the CPU
    with tf.device("/cpu:0"):
        w = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)
    check("""
    # pinned to the CPU
    w = tf.Variable(tf.ones([2]))
    sess = tf.Session()
    sess.run(w.initializer)
    print(sess.run(w))
    """, """
    # pinned to the CPU
    w = tf.Variable(tf.ones([2]))
    print(w.numpy())
    """)


def test_a_comment_keeps_its_clauses_about_the_model():
    outcome = check("""
    w = tf.Variable(tf.ones([2]))
    # Classification example: start a new session
    sess = tf.Session()
    sess.run(w.initializer)
    print(sess.run(w))
    """, """
    w = tf.Variable(tf.ones([2]))
    # Classification example
    print(w.numpy())
    """)
    assert _comment_findings(outcome) == [
        (5, "comment '# Classification example: start a new session' rewritten to '# Classification example': "
            "the part about a session is false in eager code")]


def test_the_phrases():
    assert judged("# Create a session", False) == ("", "a session")
    assert judged("# Run the graph", False) == ("", "running the graph")
    assert judged("# Placeholders for inputs and labels", False) == ("", "placeholders")
    assert judged("# Add an op to initialize the variables.", False) == ("", "initialising variables")
    assert judged("# Initialize the variables with random values", False) is None
    assert judged("# Build the graph", False) is None
    assert judged("# tf Graph Input", False) == ("", "the graph's inputs (placeholders)")
    assert judged("# Graph inputs are the images and labels", False) is None
    assert judged("# Add L2 loss operation to graph", False) is None
    assert judged("# run on the GPU", True) == ("", "device placement")
    assert judged("# run on the GPU", False) is None
    assert judged("# Place the model on the first GPU", True) == ("", "device placement")


OPENING_BODY = """
w = tf.Variable(tf.ones([2]))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
print(sess.run(w))
"""


def _opening(comments: str):
    from migrate.eager import translate_source
    outcome = translate_source(comments + "import numpy as np\nimport tensorflow as tf\n" + OPENING_BODY)
    return outcome.code.split("import numpy")[0], _comment_findings(outcome)


def test_a_sentence_of_the_opening_comments_about_the_session_goes_and_the_rest_stays_as_written():
    head, findings = _opening("# Linear regression by gradient descent.\n"
                              "# The session is opened,   then closed.\n"
                              "# The data are two  lines.\n\n")
    assert head == "# Linear regression by gradient descent.\n# The data are two  lines.\n\n"
    assert findings == [(2, "opening comment sentence 'The session is opened,   then closed.' dropped: it was "
                            "about a session, which eager code does not have")]


def test_an_opening_sentence_that_shares_a_line_goes_and_its_paragraph_is_wrapped_anew():
    head, findings = _opening("# Softmax regression trained in a `with tf.Session()` block; the evaluation\n"
                              "# runs inside Session.run.\n"
                              "# A model of two layers. Its accuracy is read by\n"
                              "# sess.run. Two hundred steps of plain gradient descent\n"
                              "# follow.\n")
    # wrapped at the paragraph's widest line
    assert head == "# A model of two layers. Two hundred steps of plain gradient descent\n# follow.\n"
    assert findings == [
        (1, "opening comment sentence 'Softmax regression trained in a `with tf.Session()` block; the evaluation "
            "runs inside Session.run.' dropped: it was about the Session API, which eager code does not have"),
        (3, "opening comment sentence 'Its accuracy is read by sess.run.' dropped: it was about the Session API, "
            "which eager code does not have")]


def test_an_opening_sentence_keeps_what_is_about_the_model_and_its_separators():
    head, findings = _opening("# Linear regression with a few updates written into sess.run: a step counter\n"
                              "# bumped with the loss; the session is closed at the end; the fitted line is\n"
                              "# printed.\n\n")
    assert head == "# Linear regression: a step counter bumped with the loss; the fitted line is\n# printed.\n\n"
    assert findings == [
        (1, "opening comment sentence 'Linear regression with a few updates written into sess.run: a step counter "
            "bumped with the loss; the session is closed at the end; the fitted line is printed.' rewritten to "
            "'Linear regression: a step counter bumped with the loss; the fitted line is printed.': the part about "
            "the Session API is false in eager code")]


@pytest.mark.parametrize("sentence, kept", [
    # the items of a clause (its commas) that are about the session go, the others stay
    ("A first lesson: tensors printed, then run in a Session for their values, and a line fitted.",
     "A first lesson: tensors printed, and a line fitted."),
    # a comma before a relative word does not start an item: it goes with the item it follows
    ("The graph is built at module level; the session is opened in main(), where the loop runs.",
     "The graph is built at module level."),
    # once the session went, a later part that says `it` names it: it goes too
    ("An estimator: the class is handed the session, keeps it, and its methods run it.", "An estimator."),
    # the first clause keeps its head when the rest of it is about the session
    ("A softmax classifier whose session is made the default one.", "A softmax classifier."),
    ("A softmax classifier that owns its graph and its session, as library code does.", "A softmax classifier."),
    # no head to keep: the clause goes and the next one starts the sentence
    ("A random op draws anew on every Session.run: noisy inputs while training.", "Noisy inputs while training."),
    # a match that spans two items is about neither alone: the clause stays
    ("Both runs use the op (the evaluation feeds 1.0), so in the graph it is one op.", None),
    ("Logistic regression on two blobs.", None),
])
def test_what_stays_of_an_opening_sentence(sentence, kept):
    from migrate.eager.patterns.comments import kept_sentence
    verdict = kept_sentence(sentence, False)
    assert (verdict if verdict is None else verdict[0]) == kept


def test_an_opening_sentence_with_a_clause_about_the_model_stays():
    head, findings = _opening("# Logistic regression: the placeholders' shapes are printed.\n\n")
    assert head == "# Logistic regression: the placeholders' shapes are printed.\n\n" and findings == []


def test_a_shebang_coding_or_pragma_line_is_never_part_of_a_sentence():
    head, _ = _opening("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# Start a session.\n# pylint: disable=all\n")
    assert head == "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# pylint: disable=all\n"


def test_the_whole_opening_block_dropped_leaves_no_blank_line_at_the_top():
    head, _ = _opening("# Launch the graph in a session.\n\n")
    assert head == ""


@pytest.mark.parametrize("line", ["#!/usr/bin/env python", "# -*- coding: utf-8 -*-", "# vim: set fileencoding=utf-8",
                                  "# noqa: E501 start a session", "# type: ignore", "# pylint: disable=all",
                                  "# fmt: off"])
def test_each_kind_of_line_that_is_not_prose_stays_in_the_opening_block(line):
    from migrate.eager.patterns.comments import opening_rewrite
    lines = ["# Start a session.", line, "# Start a session."]
    written, changed = opening_rewrite(lines, False)
    assert written == [1] and [index for index, *_ in changed] == [0, 2]


@pytest.mark.parametrize("text, sentences", [
    ("A model. Start a session.", ["A model.", "Start a session."]),
    ("Why? Start a session!", ["Why?", "Start a session!"]),
    ("Calls sess.run twice", ["Calls sess.run twice"]),  # a dot inside a word ends nothing
])
def test_the_opening_block_is_cut_into_sentences_at_an_end_mark_followed_by_a_space(text, sentences):
    import re

    from migrate.tables.comments import SENTENCE
    assert [m.group().strip() for m in re.finditer(SENTENCE, text)] == sentences
