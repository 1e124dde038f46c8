"""The runtime that converted files import, where TF 2 removed a module and no public package
does the job (public ones are used directly: tf_keras, tf_slim, tf.compat.v1, absl).

Converted files need it, and nothing else does: ``migrate`` prints ``tf-revive`` in its
``requirements:`` line exactly when a converted file imports this package.  Each module's
docstring says why no public package serves instead:

input_data      tensorflow.examples.tutorials.mnist.input_data (read_data_sets, DataSet)
v1_layers       tf.layers (Keras 3 refuses them; tf_keras serves them, at a private path)
v1_rnn_cell     tf.nn.rnn_cell / tf.contrib.rnn cells (the same)
slim            tf.contrib.slim / contrib.layers / arg_scope (tf_slim, made importable)
v1_flags        tf.app.flags (absl's flags, with TF 1.x's redefinitions)
tf0_nn          nce_loss / sampled_softmax_loss called in TF 0.x or TF 1.x order
contrib_eager   tf.contrib.eager as a module (TF 2 itself)
contrib_learn   tf.contrib.learn as a module: preprocessing, datasets.mnist
contrib_rnn     tf.contrib.rnn as a module (cells and static_rnn)
contrib_seq2seq tf.contrib.seq2seq.sequence_loss
vocabulary      tf.contrib.learn.preprocessing.VocabularyProcessor
v1_estimator    tf.estimator (removed in TF 2.16): Estimator, canned, TPUEstimator(use_tpu=False)
"""
