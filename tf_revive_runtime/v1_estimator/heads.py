"""The heads of TF 1's canned estimators: logits -> loss, predictions, eval metrics, train_op.

TF 1.x's v1 canned estimators (``tf.estimator.DNNClassifier``...) reduce the training loss
with ``SUM`` over the batch (TF 2's with ``SUM_OVER_BATCH_SIZE``): kept here.
- binary classifier (n_classes=2): one logit, sigmoid cross-entropy;
- multi-class: n logits, sparse softmax cross-entropy;
- regressor: ``label_dimension`` outputs, squared error.
Eval metrics as TF 1 named them: ``average_loss`` (the mean per-example loss) and
``accuracy`` (classifiers), ``label/mean`` and ``prediction/mean`` (binary, regression),
``precision``, ``recall``, ``auc``, ``auc_precision_recall``, ``accuracy_baseline`` (binary).
``weight_column`` and ``label_vocabulary`` are refused.
"""
from __future__ import annotations

import tensorflow as tf

from tf_revive_runtime.v1_estimator.mode_keys import ModeKeys
from tf_revive_runtime.v1_estimator.spec import EstimatorSpec

v1 = tf.compat.v1
_SUM = v1.losses.Reduction.SUM


class Head:
    def __init__(self, kind: str, n_classes: int = 2, label_dimension: int = 1):
        self.kind = kind  # "binary" | "multi_class" | "regression"
        self.n_classes = n_classes
        self.logits_dimension = {"binary": 1, "multi_class": n_classes,
                                 "regression": label_dimension}[kind]

    def _labels(self, labels, logits):
        if isinstance(labels, dict) and len(labels) == 1:
            labels = next(iter(labels.values()))
        labels = tf.convert_to_tensor(labels)
        if labels.shape.rank == 1:
            labels = tf.expand_dims(labels, -1)
        if self.kind == "regression":
            return tf.cast(labels, tf.float32)
        labels = tf.cast(labels, tf.int64)
        return labels

    def _unreduced_loss(self, labels, logits):
        if self.kind == "binary":
            return tf.nn.sigmoid_cross_entropy_with_logits(
                labels=tf.cast(labels, tf.float32), logits=logits)
        if self.kind == "multi_class":
            return tf.expand_dims(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.squeeze(labels, -1), logits=logits), -1)
        return tf.math.squared_difference(logits, labels)

    def predictions(self, logits):
        if self.kind == "regression":
            return {"predictions": logits}
        if self.kind == "binary":
            logistic = tf.sigmoid(logits)
            probabilities = tf.concat([1.0 - logistic, logistic], axis=-1)
            class_ids = tf.cast(logits > 0, tf.int64)
            return {"logits": logits, "logistic": logistic, "probabilities": probabilities,
                    "class_ids": class_ids, "classes": tf.strings.as_string(class_ids)}
        class_ids = tf.expand_dims(tf.argmax(logits, axis=-1), -1)
        return {"logits": logits, "probabilities": tf.nn.softmax(logits),
                "class_ids": class_ids, "classes": tf.strings.as_string(class_ids)}

    def _metrics(self, labels, predictions, unreduced):
        metrics = {"average_loss": v1.metrics.mean(unreduced)}
        if self.kind == "regression":
            metrics["label/mean"] = v1.metrics.mean(labels)
            metrics["prediction/mean"] = v1.metrics.mean(predictions["predictions"])
            return metrics
        metrics["accuracy"] = v1.metrics.accuracy(labels, predictions["class_ids"])
        if self.kind == "binary":
            labels_f = tf.cast(labels, tf.float32)
            label_mean = v1.metrics.mean(labels_f)
            metrics["label/mean"] = label_mean
            metrics["prediction/mean"] = v1.metrics.mean(predictions["logistic"])
            metrics["accuracy_baseline"] = (
                tf.maximum(label_mean[0], 1.0 - label_mean[0]), label_mean[1])
            metrics["precision"] = v1.metrics.precision(labels, predictions["class_ids"])
            metrics["recall"] = v1.metrics.recall(labels, predictions["class_ids"])
            metrics["auc"] = v1.metrics.auc(labels, predictions["logistic"])
            metrics["auc_precision_recall"] = v1.metrics.auc(
                labels, predictions["logistic"], curve="PR")
        return metrics

    def spec(self, features, mode, logits, labels, optimizer):
        predictions = self.predictions(logits)
        if mode == ModeKeys.PREDICT:
            return EstimatorSpec(mode, predictions=predictions)
        labels = self._labels(labels, logits)
        unreduced = self._unreduced_loss(labels, logits)
        loss = v1.losses.compute_weighted_loss(unreduced, reduction=_SUM)
        if mode == ModeKeys.EVAL:
            return EstimatorSpec(mode, predictions=predictions, loss=loss,
                                 eval_metric_ops=self._metrics(labels, predictions, unreduced))
        with tf.control_dependencies(v1.get_collection(v1.GraphKeys.UPDATE_OPS)):
            train_op = optimizer.minimize(loss, global_step=v1.train.get_global_step())
        return EstimatorSpec(mode, predictions=predictions, loss=loss, train_op=train_op)
