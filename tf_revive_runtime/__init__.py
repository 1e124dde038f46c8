"""Runtime drop-ins for TF 1.x modules that TF 2 removed; migrated scripts import them.

input_data   -- tensorflow.examples.tutorials.mnist.input_data (read_data_sets, DataSet)
v1_layers    -- tf.layers / tf.compat.v1.layers (Keras 3 refuses them; tf_keras serves them)
v1_rnn_cell  -- tf.nn.rnn_cell / tf.contrib.rnn cells (same story)
contrib_learn -- tf.contrib.learn as a module: preprocessing (vocabulary), datasets.mnist
v1_estimator -- tf.estimator (removed in TF 2.16): Estimator, canned, TPUEstimator(use_tpu=False)
(the others, one per contrib module or TF 1.x module: see each module's docstring)
"""
