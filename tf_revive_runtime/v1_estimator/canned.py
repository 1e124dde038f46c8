"""TF 1's canned estimators: ``DNNClassifier``, ``DNNRegressor``, ``LinearClassifier``,
``LinearRegressor`` over ``tf.compat.v1.feature_column``.

TF 1.x's defaults and variable names: DNN hidden layers ``dnn/hiddenlayer_<i>/kernel|bias``
(Glorot-uniform kernels, zero biases, ``relu``) and ``dnn/logits``, features through
``feature_column.input_layer``, optimizer ``Adagrad`` at 0.05; linear weights from
``feature_column.linear_model`` (``linear/linear_model/<column>/weights``, ``bias_weights``,
zeros), optimizer ``Ftrl`` at min(0.2, 1/sqrt(number of columns)); the losses of heads.py.
``optimizer`` may be a name (``'Adagrad'``, ``'Adam'``, ``'Ftrl'``, ``'RMSProp'``, ``'SGD'``),
an optimizer, or a function returning one.  Not matched: TF 1's input-layer partitioner
(one partition on one machine, so the same numbers), ``batch_norm=True``, ``weight_column``,
``label_vocabulary`` (refused).
"""
from __future__ import annotations

import math

import tensorflow as tf

from tf_revive_runtime.v1_estimator.estimator import Estimator
from tf_revive_runtime.v1_estimator.heads import Head
from tf_revive_runtime.v1_estimator.not_built import refuse

v1 = tf.compat.v1
_OPTIMIZERS = {"Adagrad": v1.train.AdagradOptimizer, "Adam": v1.train.AdamOptimizer,
               "Ftrl": v1.train.FtrlOptimizer, "RMSProp": v1.train.RMSPropOptimizer,
               "SGD": v1.train.GradientDescentOptimizer}


def _optimizer(optimizer, default_learning_rate):
    if isinstance(optimizer, str):
        if optimizer not in _OPTIMIZERS:
            raise ValueError(f"Unsupported optimizer name: {optimizer}. Supported names are: "
                             f"{tuple(sorted(_OPTIMIZERS))}")
        return _OPTIMIZERS[optimizer](learning_rate=default_learning_rate)
    if callable(optimizer) and not isinstance(optimizer, v1.train.Optimizer):
        optimizer = optimizer()
    if not isinstance(optimizer, v1.train.Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {optimizer}")
    return optimizer


def _check(weight_column, label_vocabulary, name):
    if weight_column is not None:
        refuse(f"{name}(weight_column=...)")
    if label_vocabulary is not None:
        refuse(f"{name}(label_vocabulary=...)", "pass integer class ids as labels")


def _head(kind, n_classes=2, label_dimension=1):
    if kind == "classifier":
        if n_classes < 2:
            raise ValueError(f"n_classes must be > 1 for classification: {n_classes}")
        return Head("binary" if n_classes == 2 else "multi_class", n_classes=n_classes)
    return Head("regression", label_dimension=label_dimension)


def _dense(net, units, activation, scope):
    with v1.variable_scope(scope):
        kernel = v1.get_variable("kernel", [net.shape[-1], units],
                                 initializer=v1.glorot_uniform_initializer())
        bias = v1.get_variable("bias", [units], initializer=v1.zeros_initializer())
        out = tf.nn.bias_add(tf.matmul(net, kernel), bias)
        return activation(out) if activation is not None else out


def _dnn_logits(features, mode, hidden_units, feature_columns, activation_fn, dropout, units):
    with v1.variable_scope("dnn"):
        with v1.variable_scope("input_from_feature_columns"):
            net = v1.feature_column.input_layer(features, feature_columns)
        for i, width in enumerate(hidden_units):
            net = _dense(net, width, activation_fn, f"hiddenlayer_{i}")
            if dropout is not None and mode == "train":
                net = tf.nn.dropout(net, rate=dropout)
            v1.summary.scalar(f"dnn/hiddenlayer_{i}/fraction_of_zero_values",
                              tf.math.zero_fraction(net))
            v1.summary.histogram(f"dnn/hiddenlayer_{i}/activation", net)
        logits = _dense(net, units, None, "logits")
        v1.summary.scalar("dnn/logits/fraction_of_zero_values", tf.math.zero_fraction(logits))
        v1.summary.histogram("dnn/logits/activation", logits)
    return logits


def _linear_logits(features, feature_columns, units, sparse_combiner):
    with v1.variable_scope("linear"):
        logits = v1.feature_column.linear_model(features, feature_columns, units=units,
                                                sparse_combiner=sparse_combiner)
    return logits


class _DNN(Estimator):
    _kind = ""

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2,
                 weight_column=None, label_vocabulary=None, optimizer="Adagrad",
                 activation_fn=tf.nn.relu, dropout=None, input_layer_partitioner=None,
                 config=None, warm_start_from=None, loss_reduction=None, batch_norm=False,
                 label_dimension=1):
        name = type(self).__name__
        _check(weight_column, label_vocabulary, name)
        if batch_norm:
            refuse(f"{name}(batch_norm=True)")
        if loss_reduction not in (None, v1.losses.Reduction.SUM):
            refuse(f"{name}(loss_reduction={loss_reduction!r})", "TF 1's SUM only")
        head = _head(self._kind, n_classes, label_dimension)
        columns = tuple(feature_columns)

        def model_fn(features, labels, mode, config):
            logits = _dnn_logits(features, mode, hidden_units, columns, activation_fn, dropout,
                                 head.logits_dimension)
            return head.spec(features, mode, logits, labels, _optimizer(optimizer, 0.05))

        super().__init__(model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class DNNClassifier(_DNN):
    _kind = "classifier"


class DNNRegressor(_DNN):
    _kind = "regressor"

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1,
                 weight_column=None, optimizer="Adagrad", activation_fn=tf.nn.relu,
                 dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False):
        super().__init__(hidden_units, feature_columns, model_dir=model_dir,
                         weight_column=weight_column, optimizer=optimizer,
                         activation_fn=activation_fn, dropout=dropout, config=config,
                         warm_start_from=warm_start_from, loss_reduction=loss_reduction,
                         batch_norm=batch_norm, label_dimension=label_dimension)


class _Linear(Estimator):
    _kind = ""

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Ftrl", config=None, partitioner=None,
                 warm_start_from=None, loss_reduction=None, sparse_combiner="sum",
                 label_dimension=1):
        name = type(self).__name__
        _check(weight_column, label_vocabulary, name)
        if loss_reduction not in (None, v1.losses.Reduction.SUM):
            refuse(f"{name}(loss_reduction={loss_reduction!r})", "TF 1's SUM only")
        head = _head(self._kind, n_classes, label_dimension)
        columns = tuple(feature_columns)
        learning_rate = min(0.2, 1.0 / math.sqrt(len(columns)))

        def model_fn(features, labels, mode, config):
            logits = _linear_logits(features, columns, head.logits_dimension, sparse_combiner)
            return head.spec(features, mode, logits, labels, _optimizer(optimizer, learning_rate))

        super().__init__(model_fn, model_dir=model_dir, config=config,
                         warm_start_from=warm_start_from)


class LinearClassifier(_Linear):
    _kind = "classifier"


class LinearRegressor(_Linear):
    _kind = "regressor"

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None,
                 loss_reduction=None, sparse_combiner="sum"):
        super().__init__(feature_columns, model_dir=model_dir, weight_column=weight_column,
                         optimizer=optimizer, config=config, warm_start_from=warm_start_from,
                         loss_reduction=loss_reduction, sparse_combiner=sparse_combiner,
                         label_dimension=label_dimension)
