"""``tf.contrib.learn`` as a module (``from tensorflow.contrib import learn``) for TF 2.

Only the pieces with a faithful replacement: ``learn.preprocessing`` (VocabularyProcessor,
CategoricalVocabulary, tokenizer: tf_revive_runtime.vocabulary, plain Python) and
``learn.datasets.mnist`` (tf_revive_runtime.input_data).  Anything else (the estimators,
``learn.Experiment``...) raises AttributeError saying what to use; ``migrate`` already said
so, with the line, when it converted the script.

Why not a public package: contrib.learn was deleted with contrib and nothing published
carries ``preprocessing`` or ``datasets.mnist`` on.
"""
from __future__ import annotations

import types

from tf_revive_runtime import input_data as _input_data
from tf_revive_runtime import vocabulary as preprocessing

datasets = types.SimpleNamespace(mnist=_input_data)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    # The advice itself is a fact of migrate's tables (CONTRIB_ADVICE), printed with the line
    # when the script was converted; the runtime must not import the tool to repeat it.
    raise AttributeError(
        f"tf.contrib.learn.{name} has no TF 2 counterpart in tf_revive_runtime; "
        "`migrate --diff` on the script names what to use instead")
