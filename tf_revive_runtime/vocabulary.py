"""``tf.contrib.learn.preprocessing.VocabularyProcessor`` in plain Python (removed with contrib).

Behaves as TF 1.x's: documents are split by the same token pattern; id 0 is ``<UNK>`` and
the padding; words get ids in the order first seen; with ``min_frequency`` > 0 the
vocabulary keeps the words seen more than that often, renumbered by falling frequency
(ties alphabetically); ``transform`` yields one int64 array of ``max_document_length`` ids
per document.

Why not a public package: VocabularyProcessor was deleted with contrib.learn; tf_keras'
TextVectorization splits and numbers words differently.
"""
from __future__ import annotations

import pickle
import re

import numpy as np

TOKENIZER_RE = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z][a-z]+(?=[A-Z])|['\w\-]+", re.UNICODE)


def tokenizer(iterator):
    for value in iterator:
        yield TOKENIZER_RE.findall(value)


class CategoricalVocabulary:
    def __init__(self, unknown_token="<UNK>", support_reverse=True):
        self._unknown_token = unknown_token
        self._mapping = {unknown_token: 0}
        self._support_reverse = support_reverse
        self._reverse_mapping = [unknown_token] if support_reverse else None
        self._freq: dict = {}
        self._freeze = False

    def __len__(self):
        return len(self._mapping)

    def freeze(self, freeze=True):
        self._freeze = freeze

    def get(self, category):
        """The id of category; a new id while not frozen, 0 (unknown) once frozen."""
        if category not in self._mapping:
            if self._freeze:
                return 0
            self._mapping[category] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(category)
            self._freq[category] = 0
        return self._mapping[category]

    def add(self, category, count=1):
        category_id = self.get(category)
        if category_id > 0:
            self._freq[category] += count

    def trim(self, min_frequency, max_frequency=-1):
        ordered = sorted(sorted(self._freq.items(), key=lambda kv: kv[0]), key=lambda kv: kv[1],
                         reverse=True)
        self._mapping = {self._unknown_token: 0}
        if self._support_reverse:
            self._reverse_mapping = [self._unknown_token]
        kept = []
        for word, count in ordered:
            if (max_frequency > 0 and count >= max_frequency) or count <= min_frequency:
                continue
            self._mapping[word] = len(self._mapping)
            if self._support_reverse:
                self._reverse_mapping.append(word)
            kept.append((word, count))
        self._freq = dict(kept)

    def reverse(self, class_id):
        if not self._support_reverse:
            raise ValueError("This vocabulary wasn't initialized with support_reverse")
        return self._reverse_mapping[class_id]


class VocabularyProcessor:
    def __init__(self, max_document_length, min_frequency=0, vocabulary=None, tokenizer_fn=None):
        self.max_document_length = max_document_length
        self.min_frequency = min_frequency
        self.vocabulary_ = vocabulary if vocabulary is not None else CategoricalVocabulary()
        self._tokenizer = tokenizer_fn or tokenizer

    def fit(self, raw_documents, unused_y=None):
        for tokens in self._tokenizer(raw_documents):
            for token in tokens:
                self.vocabulary_.add(token)
        if self.min_frequency > 0:
            self.vocabulary_.trim(self.min_frequency)
        self.vocabulary_.freeze()
        return self

    def fit_transform(self, raw_documents, unused_y=None):
        raw_documents = list(raw_documents)
        self.fit(raw_documents)
        return self.transform(raw_documents)

    def transform(self, raw_documents):
        for tokens in self._tokenizer(raw_documents):
            word_ids = np.zeros(self.max_document_length, np.int64)
            for index, token in enumerate(tokens[: self.max_document_length]):
                word_ids[index] = self.vocabulary_.get(token)
            yield word_ids

    def reverse(self, documents):
        for item in documents:
            yield " ".join(self.vocabulary_.reverse(class_id) for class_id in item)

    def save(self, filename):
        with open(filename, "wb") as f:
            f.write(pickle.dumps(self))

    @classmethod
    def restore(cls, filename):
        with open(filename, "rb") as f:
            return pickle.loads(f.read())
