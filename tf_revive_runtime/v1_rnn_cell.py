"""``tf.nn.rnn_cell`` / ``tf.contrib.rnn`` cells for TF 2 with Keras 3 (served by tf_keras).

Why not tf_keras directly: tf_keras serves these only under a private path
(``tf_keras.api._v1...``); one runtime module keeps that path in one place.
"""
from tf_keras.api._v1.keras.__internal__.legacy.rnn_cell import *  # noqa: F401,F403
