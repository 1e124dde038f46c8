"""``tf.layers`` (``tf.compat.v1.layers``) for TF 2 with Keras 3.

TF 2.16+ routes ``tf.compat.v1.layers`` to Keras 3, which raises ``AttributeError:
`dense` is not available with Keras 3``.  The ``tf_keras`` package (Keras 2) still ships
the TF 1 layers, and they work in graph mode (after ``disable_v2_behavior``).

Why not tf_keras directly: tf_keras serves these only under a private path
(``tf_keras.api._v1...``); one runtime module keeps that path in one place.
"""
from tf_keras.api._v1.keras.__internal__.legacy.layers import *  # noqa: F401,F403
from tf_keras.api._v1.keras.__internal__.legacy.layers import experimental  # noqa: F401
