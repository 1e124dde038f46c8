"""tools/eager_collection.py's table text: reasons are shortened at a word, never mid-word,
and each fallback message falls in its family."""
from tools.eager_collection import cut, family


def test_a_short_text_is_kept_whole():
    assert cut("queues are not translated", 40) == "queues are not translated"


def test_a_long_text_is_cut_at_a_word_and_says_so():
    text = "RNN cells and drivers are translated for tf.nn.rnn_cell BasicLSTMCell at the top level"
    shortened = cut(text, 60)
    assert shortened == "RNN cells and drivers are translated for tf.nn.rnn_cell ..."
    assert text.startswith(shortened[:-len(" ...")])


def test_a_message_is_counted_in_its_family():
    assert family("tf.train.Saver: a Saver after a slot optimizer") == "`tf.train.Saver`"
    assert family("line 4: tf.queue.FIFOQueue: queues are not translated") == "queues"


def test_a_message_of_no_family_is_other_with_its_words_cut_at_a_word():
    name = family("x: " + "a fetch list or dict built by an expression not written in the run call itself")
    assert name.startswith("other: a fetch list or dict built by an expression")
    assert name.endswith(" ...") and len(name) <= len("other: ") + 70
