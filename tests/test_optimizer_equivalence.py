"""Each row of migrate.tables.optimizers, checked against the installed TF1 and Keras code.

Per row: the table's TF1 defaults are the TF1 constructor's, its Keras arguments exist and
end up on the built optimizer, and Keras applied to a fixed gradient sequence follows the
TF1 kernel's update rule written out in numpy (float64) -- as does the real TF1 class run
eagerly, so the numpy rule is the one TF1 runs. RMSProp is shown to be NOT equivalent.
"""
import inspect

import numpy as np
import pytest
import tensorflow as tf

from migrate.tables.optimizers import (
    EQUIVALENCE,
    KERAS_FLOAT_ONLY,
    REQUIRED,
    ArgumentError,
    NotEquivalentError,
    keras_arguments,
    keras_kwargs,
    keras_optimizer,
)

f32 = lambda value: float(np.float32(value))  # noqa: E731  what TF1 computes with

# A fixed sequence of gradients for a 3-element variable, one column per scale.
GRADIENTS = np.random.RandomState(0).normal(0.0, [0.1, 1.0, 10.0], size=(15, 3)).astype(np.float32)
START = np.array([1.0, -2.0, 3.0], dtype=np.float32)

# (TF1 optimizer, its arguments): every equivalent row at least once, with non-default values too.
CASES = [
    ("GradientDescentOptimizer", {"learning_rate": 0.1}),
    ("MomentumOptimizer", {"learning_rate": 0.05, "momentum": 0.9}),
    ("MomentumOptimizer", {"learning_rate": 0.05, "momentum": 0.9, "use_nesterov": True}),
    ("AdagradOptimizer", {"learning_rate": 0.3}),
    ("AdagradOptimizer", {"learning_rate": 0.3, "initial_accumulator_value": 0.01}),
    ("AdadeltaOptimizer", {"learning_rate": 1.0}),  # the default 0.001 barely moves in 15 steps
    ("AdadeltaOptimizer", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-2}),
    ("AdamOptimizer", {}),
    ("AdamOptimizer", {"learning_rate": 0.1, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}),
]
CASE_IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in kwargs.items()) or 'defaults'}" for name, kwargs in CASES]


def tf1_rule(name, kwargs, gradients=GRADIENTS, start=START):
    """The TF1 kernel's update (gen_training_ops docstrings) in float64; the trajectory of var."""
    row = EQUIVALENCE[name]
    p = {k: f32(v) if isinstance(v, float) else v for k, v in dict(row.tf1_defaults, **kwargs).items()}
    var = start.astype(np.float64)
    zeros = np.zeros_like(var)
    trajectory = []
    if name == "GradientDescentOptimizer":
        for g in gradients:
            var = var - p["learning_rate"] * g
            trajectory.append(var)
    elif name == "MomentumOptimizer":
        lr, m, accum = p["learning_rate"], p["momentum"], zeros
        for g in gradients:
            accum = m * accum + g
            var = var - (lr * g + lr * m * accum if p["use_nesterov"] else lr * accum)
            trajectory.append(var)
    elif name == "AdagradOptimizer":
        accum = zeros + p["initial_accumulator_value"]
        for g in gradients:
            accum = accum + g * g
            var = var - p["learning_rate"] * g / np.sqrt(accum)
            trajectory.append(var)
    elif name == "AdadeltaOptimizer":
        lr, rho, eps = p["learning_rate"], p["rho"], p["epsilon"]
        accum, accum_update = zeros, zeros
        for g in gradients:
            accum = rho * accum + (1 - rho) * g * g
            update = np.sqrt(accum_update + eps) / np.sqrt(accum + eps) * g
            accum_update = rho * accum_update + (1 - rho) * update * update
            var = var - lr * update
            trajectory.append(var)
    elif name == "AdamOptimizer":
        lr, b1, b2, eps = p["learning_rate"], p["beta1"], p["beta2"], p["epsilon"]
        m, v = zeros, zeros
        for t, g in enumerate(gradients, start=1):
            lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
            m = m + (g - m) * (1 - b1)
            v = v + (g * g - v) * (1 - b2)
            var = var - lr_t * m / (np.sqrt(v) + eps)
            trajectory.append(var)
    elif name == "RMSPropOptimizer":
        lr, decay, momentum, eps = p["learning_rate"], p["decay"], p["momentum"], p["epsilon"]
        ms, mom = zeros + 1.0, zeros  # TF1 starts the mean square at ONES
        for g in gradients:
            ms = decay * ms + (1 - decay) * g * g
            mom = momentum * mom + lr * g / np.sqrt(ms + eps)
            var = var - mom
            trajectory.append(var)
    else:
        raise AssertionError(f"no numpy rule for {name}")
    return np.array(trajectory)


def keras_trajectory(optimizer, gradients=GRADIENTS, start=START):
    var = tf.Variable(start)
    trajectory = []
    for g in gradients:
        optimizer.apply_gradients([(tf.constant(g), var)])
        trajectory.append(var.numpy())
    return np.array(trajectory)


def tf1_eager_trajectory(name, kwargs, gradients=GRADIENTS, start=START):
    """The real tf.compat.v1.train class, run eagerly on a resource variable."""
    optimizer = getattr(tf.compat.v1.train, name)(**kwargs)
    var = tf.Variable(start)
    trajectory = []
    for g in gradients:
        optimizer.apply_gradients([(tf.constant(g), var)])
        trajectory.append(var.numpy())
    return np.array(trajectory)


def assert_close_to_rule(trajectory, rule, name, rtol=None):
    # float32 against float64: a few ulps of var and of the distance travelled. Adam's
    # 1 - beta2^t cancels (0.001*t), which multiplies the ulp of beta2^t by ~1/(0.001 t):
    # up to ~1e-5 relative in a step (see the table's "beta powers" entry).
    if rtol is None:
        rtol = 2e-5 if name == "AdamOptimizer" else 1e-6
    travelled = np.max(np.abs(rule - START), axis=0)
    np.testing.assert_allclose(trajectory, rule, rtol=0, atol=1e-6 * np.abs(START).max() + rtol * travelled.max())


# --- the table against the installed TF1 classes ------------------------------------------


@pytest.mark.parametrize("name", sorted(EQUIVALENCE))
def test_tf1_defaults_are_the_installed_constructor_defaults(name):
    row = EQUIVALENCE[name]
    signature = inspect.signature(getattr(tf.compat.v1.train, name).__init__)
    parameters = {k: v for k, v in signature.parameters.items() if k != "self"}
    # every constructor argument is in the table, as arithmetic or as ignored
    assert set(parameters) == set(row.tf1_defaults) | set(row.ignored)
    for key, default in row.tf1_defaults.items():
        installed = parameters[key].default
        assert (installed is inspect.Parameter.empty) if default is REQUIRED else (installed == default), key


@pytest.mark.parametrize("name", sorted(EQUIVALENCE))
def test_keras_arguments_exist_on_the_keras_class(name):
    row = EQUIVALENCE[name]
    keras_class = getattr(tf.keras.optimizers, row.keras)
    assert keras_class.__module__.startswith("keras.src.optimizers")  # Keras 3, not tf_keras
    accepted = set(inspect.signature(keras_class.__init__).parameters)
    assert set(row.rename.values()) | set(row.fixed) <= accepted
    assert set(row.rename) == set(row.tf1_defaults)
    assert row.why and all(isinstance(text, str) and text for text in row.why.values())


# --- what keras_optimizer builds ----------------------------------------------------------


def test_gradient_descent_row_builds_plain_sgd():
    opt = keras_optimizer("GradientDescentOptimizer", learning_rate=0.02)
    assert type(opt) is tf.keras.optimizers.SGD
    assert (opt.momentum, opt.nesterov) == (0.0, False)
    assert float(opt.learning_rate.numpy()) == np.float32(0.02)


def test_momentum_row_builds_sgd_with_float_momentum_and_nesterov():
    opt = keras_optimizer("MomentumOptimizer", learning_rate=0.1, momentum=1, use_nesterov=True)
    assert type(opt) is tf.keras.optimizers.SGD
    assert opt.momentum == 1.0 and isinstance(opt.momentum, float)  # Keras refuses the int 1
    assert opt.nesterov is True
    assert keras_kwargs("MomentumOptimizer", learning_rate=0.1, momentum=0.9)[1]["nesterov"] is False


def test_adagrad_row_sets_epsilon_zero_and_tf1_accumulator():
    opt = keras_optimizer("AdagradOptimizer", learning_rate=0.5)
    assert type(opt) is tf.keras.optimizers.Adagrad
    assert opt.epsilon == 0.0
    assert opt.initial_accumulator_value == f32(0.1)
    assert float(opt.learning_rate.numpy()) == np.float32(0.5)


def test_adadelta_row_passes_tf1_epsilon():
    opt = keras_optimizer("AdadeltaOptimizer")
    assert type(opt) is tf.keras.optimizers.Adadelta
    assert (opt.rho, opt.epsilon) == (f32(0.95), f32(1e-8))
    assert float(opt.learning_rate.numpy()) == np.float32(0.001)


def test_adam_row_passes_tf1_epsilon_and_float32_betas():
    name, kwargs = keras_kwargs("AdamOptimizer")
    assert name == "Adam"
    assert kwargs == {"learning_rate": f32(0.001), "beta_1": f32(0.9), "beta_2": f32(0.999),
                      "epsilon": f32(1e-8), "amsgrad": False}
    # the point of the float32 values: Keras's 1 - beta_2 (Python) is TF1's float32 1 - 0.999f
    assert np.float32(1 - kwargs["beta_2"]) == np.float32(1) - np.float32(0.999)
    assert np.float32(1 - 0.999) != np.float32(1) - np.float32(0.999)
    opt = keras_optimizer("tf.compat.v1.train.AdamOptimizer", learning_rate=0.1, beta1=0.8)
    assert type(opt) is tf.keras.optimizers.Adam
    assert (opt.beta_1, opt.beta_2, opt.epsilon, opt.amsgrad) == (f32(0.8), f32(0.999), f32(1e-8), False)


def test_rmsprop_row_is_marked_not_equivalent_and_refused():
    row = EQUIVALENCE["RMSPropOptimizer"]
    assert row.equivalent is False and "ONES" in row.why["slots"]
    with pytest.raises(NotEquivalentError, match="no exact Keras equivalent"):
        keras_optimizer("RMSPropOptimizer", learning_rate=0.01)
    assert issubclass(NotEquivalentError, ValueError)


def test_bad_calls_raise_clear_errors():
    with pytest.raises(TypeError, match="missing required argument"):
        keras_optimizer("MomentumOptimizer", learning_rate=0.1)
    with pytest.raises(TypeError, match="unknown argument"):
        keras_optimizer("AdamOptimizer", beta_1=0.9)  # the Keras spelling is not a TF1 argument
    with pytest.raises(KeyError, match="not in the optimizer equivalence table"):
        keras_optimizer("FtrlOptimizer", learning_rate=0.1)
    # arguments without arithmetic effect are accepted and dropped
    assert keras_kwargs("GradientDescentOptimizer", learning_rate=0.1, use_locking=True, name="x") == (
        "SGD", {"learning_rate": f32(0.1), "momentum": 0.0, "nesterov": False})



def test_keras_arguments_pass_given_values_as_they_are_and_fill_in_the_rest():
    given = object()  # an expression `migrate --to eager` writes as it stands
    row = EQUIVALENCE["MomentumOptimizer"]
    assert keras_arguments(row, {"learning_rate": given, "momentum": 0.9, "name": "m"}) == {
        "learning_rate": given, "momentum": 0.9, "nesterov": False}
    assert keras_arguments(EQUIVALENCE["AdamOptimizer"], {"learning_rate": given}) == {
        "learning_rate": given, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8, "amsgrad": False}
    with pytest.raises(ArgumentError) as missing:
        keras_arguments(row, {"learning_rate": given})
    assert missing.value.missing == ["momentum"] and missing.value.unknown == []
    with pytest.raises(ArgumentError) as unknown:
        keras_arguments(row, {"learning_rate": given, "momentum": 0.9, "beta1": 0.9})
    assert unknown.value.unknown == ["beta1"]


@pytest.mark.parametrize("keras_name", sorted(KERAS_FLOAT_ONLY))
def test_keras_refuses_an_int_where_the_table_says_float_only(keras_name):
    with pytest.raises(ValueError):
        tf.keras.optimizers.SGD(**{keras_name: 0})
    assert getattr(tf.keras.optimizers.SGD(**{keras_name: 0.0}), keras_name) == 0.0

@pytest.mark.parametrize("name, kwargs", CASES + [("RMSPropOptimizer", {"learning_rate": 0.1})],
                         ids=CASE_IDS + ["RMSPropOptimizer"])
def test_slots_says_whether_the_keras_build_creates_variables(name, kwargs):
    """Where it does, `--to eager` builds the optimizer before the first traced step."""
    row = EQUIVALENCE[name]
    optimizer = getattr(tf.keras.optimizers, row.keras)(**keras_arguments(row, kwargs))
    before = len(optimizer.variables)
    optimizer.build([tf.Variable(START)])
    assert (len(optimizer.variables) > before) == row.slots


# --- the arithmetic -----------------------------------------------------------------------


def test_every_equivalent_row_has_a_numeric_case():
    assert {name for name, _ in CASES} == {name for name, row in EQUIVALENCE.items() if row.equivalent}


@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_keras_follows_the_tf1_update_rule(name, kwargs):
    rule = tf1_rule(name, kwargs)
    assert np.abs(rule[-1] - START).max() > 1e-4  # the case really moves the variable
    assert_close_to_rule(keras_trajectory(keras_optimizer(name, **kwargs)), rule, name)


@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_the_numpy_rule_is_what_tf1_runs(name, kwargs):
    assert_close_to_rule(tf1_eager_trajectory(name, kwargs), tf1_rule(name, kwargs), name)


@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_keras_matches_the_tf1_class(name, kwargs):
    keras = keras_trajectory(keras_optimizer(name, **kwargs))
    tf1 = tf1_eager_trajectory(name, kwargs)
    if name == "GradientDescentOptimizer":
        np.testing.assert_array_equal(keras, tf1)  # the same one product: bit for bit
    else:
        assert_close_to_rule(keras, tf1.astype(np.float64), name)


def test_adadelta_keras_defaults_would_not_match():
    # why the epsilon entry exists: Keras's own default (1e-7) takes ~sqrt(10) larger steps
    tf1 = tf1_rule("AdadeltaOptimizer", {"learning_rate": 1.0})
    keras_default = keras_trajectory(tf.keras.optimizers.Adadelta(learning_rate=1.0))
    moved_tf1, moved_keras = np.abs(tf1[-1] - START), np.abs(keras_default[-1] - START)
    np.testing.assert_allclose(moved_keras / moved_tf1, np.sqrt(10), rtol=0.05)


def test_rmsprop_tf1_and_keras_really_differ():
    kwargs = {"learning_rate": 0.01}
    tf1 = tf1_eager_trajectory("RMSPropOptimizer", kwargs)
    assert_close_to_rule(tf1, tf1_rule("RMSPropOptimizer", kwargs), "RMSPropOptimizer")
    # the best Keras can do: every argument mapped as the row says
    row = EQUIVALENCE["RMSPropOptimizer"]
    mapped = {row.rename[k]: f32(v) if isinstance(v, float) else v
              for k, v in dict(row.tf1_defaults, **kwargs).items()}
    keras = keras_trajectory(tf.keras.optimizers.RMSprop(**mapped))
    first_tf1, first_keras = np.abs(tf1[0] - START), np.abs(keras[0] - START)
    # Keras's first step is lr*sqrt(10)*sign(g); TF1's is lr*|g|/sqrt(0.9 + 0.1 g^2)
    np.testing.assert_allclose(first_keras, 0.01 * np.sqrt(10), rtol=1e-4)
    g = GRADIENTS[0].astype(np.float64)
    # (a step read off a float32 variable near 2 carries its ulp, 2.4e-7)
    np.testing.assert_allclose(first_tf1, 0.01 * np.abs(g) / np.sqrt(0.9 + 0.1 * g * g), rtol=1e-6, atol=3e-7)
    assert np.max(np.abs(keras - tf1)) > 1e-3
