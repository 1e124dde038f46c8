"""``tf.contrib.learn`` as a module (``from tensorflow.contrib import learn``) for TF 2.

Only the pieces with a faithful replacement: ``learn.preprocessing`` (VocabularyProcessor,
CategoricalVocabulary, tokenizer: migrate.shims.vocabulary, plain Python) and
``learn.datasets.mnist`` (migrate.shims.input_data).  Anything else (the estimators,
``learn.Experiment``...) raises AttributeError saying what to use; ``migrate`` already said
so, with the line, when it converted the script.
"""
from __future__ import annotations

import types

from migrate.shims import input_data as _input_data
from migrate.shims import vocabulary as preprocessing

datasets = types.SimpleNamespace(mnist=_input_data)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from migrate.tables.hand import CONTRIB_ADVICE

    raise AttributeError(f"tf.contrib.learn.{name}: {CONTRIB_ADVICE['contrib.learn']}")
