"""tf.compat.v1.train optimizers and the Keras 3 optimizers that do the same arithmetic.

`EQUIVALENCE` is the single source of truth: for each TF1 optimizer class it names the
Keras optimizer, how TF1 keyword arguments map onto Keras ones, which Keras arguments
must be set explicitly (because the Keras default differs from what TF1 does), and a
`why` string for every such difference. `keras_optimizer()` is the only way the
modern programs build a Keras optimizer from TF1 arguments; `migrate --to eager` reads the
same rows to write one. It lives in migrate (the shipped tool), which imports nothing
from the demo side.

Every difference below was found by reading the installed sources:
  TF1 classes:  tensorflow/python/training/{gradient_descent,momentum,adagrad,adadelta,adam,rmsprop}.py
  TF1 kernels:  the docstrings of tensorflow/python/ops/gen_training_ops.py
                (ResourceApplyGradientDescent, ...Momentum, ...Adagrad, ...Adadelta, ...Adam, ...RMSProp)
                and their CPU functors in tensorflow/core/kernels/training_ops.cc (TF's C++
                source, not installed: ApplyGradientDescent, ApplyMomentum, ApplyAdagrad,
                ApplyAdadelta, ApplyAdamNonCuda, ApplyRMSProp), for the order of operations
  Keras 3:      keras/src/optimizers/{sgd,adagrad,adadelta,adam,rmsprop}.py
and each row is proven numerically by tests/test_optimizer_equivalence.py (Keras vs the
TF1 kernel formula in numpy) and by the optimizers program (Keras vs the real TF1 class).

"Equivalent" means the same arithmetic up to float32 rounding. GradientDescent agrees
bit for bit; where the two write the same formula in a different order (Momentum keeps
-lr*accum instead of accum, Adagrad and Adadelta divide by sqrt where the TF1 kernels
multiply by rsqrt) they differ by an ulp now and then; Adam's beta^t (running product
in TF1, pow() in Keras) makes its early steps differ by up to ~1e-5 relative (see its
row).
One difference applies to every row: TF1 turns hyperparameters into float32 tensors
before any arithmetic, so keras_kwargs() hands Keras their float32 values.
"""
from dataclasses import dataclass, field
import numbers


class _Required:
    def __repr__(self):
        return "REQUIRED"


REQUIRED = _Required()  # a TF1 constructor argument without a default


class NotEquivalentError(ValueError):
    """The TF1 optimizer has no Keras optimizer doing the same arithmetic."""


class ArgumentError(TypeError):
    """TF1 arguments a row cannot map: unknown ones, or required ones not given."""

    def __init__(self, tf1: str, known, unknown=(), missing=()):
        self.unknown, self.missing = list(unknown), list(missing)
        if self.unknown:
            super().__init__(f"{tf1}: unknown argument(s) {sorted(self.unknown)}; known: {sorted(known)}")
        else:
            super().__init__(f"{tf1}: missing required argument(s) {sorted(self.missing)}")


# Keras optimizer arguments that must be a Python float (Keras SGD raises on an int momentum)
KERAS_FLOAT_ONLY = frozenset({"momentum"})


@dataclass(frozen=True)
class Equivalence:
    tf1: str  # class name in tf.compat.v1.train
    keras: str  # class name in tf.keras.optimizers (Keras 3)
    tf1_defaults: dict  # the TF1 constructor's arithmetic arguments and their defaults
    rename: dict  # TF1 argument -> Keras argument
    fixed: dict  # Keras arguments always passed explicitly, whatever the TF1 call said
    why: dict  # one explanation per difference, keyed by the Keras argument or topic
    tf1_update: str  # the TF1 kernel's update rule, as gen_training_ops documents it
    keras_update: str  # the Keras update_step, in the same notation
    equivalent: bool = True
    # What `migrate --to eager` writes (eager_form): "keras", the Keras twin above, equal to
    # float32 tolerance; "rounding", the Keras twin, whose steps differ from TF1's by float32
    # rounding only, beyond float32 tolerance over a run (`migrate verify` calls that
    # "equal up to rounding" by its stated tolerance; --exact-optimizers writes the tf1
    # class instead); "tf1", the tf.compat.v1.train class itself, which runs eagerly with
    # TF1's own arithmetic, where the Keras twin is not equivalent.
    eager: str = "keras"
    # TF1 arguments without arithmetic effect; accepted and dropped.
    ignored: tuple = ("use_locking", "name")
    # Does the Keras twin stay equal when the learning rate changes from step to step (a
    # decay schedule)? Where not, a schedule makes `--to eager` keep the tf.compat.v1 class.
    varying_rate: bool = True
    # Does the Keras twin's build() create slot variables (momentum, accumulators, moments)?
    # Created by the first apply_gradients inside a tf.function, they make that function
    # trace twice (once creating them, once without), so `--to eager` builds such an
    # optimizer on the trained variables before the first step (patterns/minimize.py).
    slots: bool = True
    sources: tuple = field(default=())


_TRAINING = "tensorflow/python/training/"
_KERAS = "keras/src/optimizers/"
_KERNELS = "tensorflow/python/ops/gen_training_ops.py"

EQUIVALENCE = {
    row.tf1: row
    for row in [
        Equivalence(
            tf1="GradientDescentOptimizer",
            keras="SGD",
            tf1_defaults={"learning_rate": REQUIRED},
            rename={"learning_rate": "learning_rate"},
            fixed={"momentum": 0.0, "nesterov": False},
            why={
                "learning_rate": "TF1 requires it; Keras would default to 0.01, so it is always passed.",
                "momentum": "Keras SGD with momentum=0.0 takes the plain branch var -= grad*lr, "
                "the same product as TF1's ApplyGradientDescent (var -= alpha*delta).",
            },
            tf1_update="var -= lr * grad",
            keras_update="var -= grad * lr",
            slots=False,  # momentum=0.0: sgd.py build() creates no momentums
            sources=(_TRAINING + "gradient_descent.py", _KERNELS + ": ResourceApplyGradientDescent", _KERAS + "sgd.py"),
        ),
        Equivalence(
            tf1="MomentumOptimizer",
            keras="SGD",
            tf1_defaults={"learning_rate": REQUIRED, "momentum": REQUIRED, "use_nesterov": False},
            rename={"learning_rate": "learning_rate", "momentum": "momentum", "use_nesterov": "nesterov"},
            fixed={},
            why={
                "learning_rate": "TF1 requires it; Keras would default to 0.01, so it is always passed.",
                "momentum": "TF1 requires it; Keras defaults to 0.0 and accepts only a Python float in "
                "[0, 1] (sgd.py raises otherwise), so the value is passed as float(momentum).",
                "formula": "TF1 keeps accum = momentum*accum + grad and does var -= lr*accum; Keras keeps "
                "m = momentum*m - lr*grad and does var += m. With a constant learning rate m = -lr*accum "
                "at every step, so the updates are the same (equal to float32 rounding, not bit for bit). "
                "With a learning rate that changes over time they would differ.",
                "nesterov": "TF1 use_nesterov: var -= lr*grad + lr*momentum*accum; Keras nesterov: "
                "var += momentum*m - lr*grad; the same with m = -lr*accum.",
                "slots": "both start the momentum slot at zeros.",
            },
            tf1_update="accum = momentum*accum + grad; var -= lr*accum",
            keras_update="m = m*momentum - grad*lr; var += m",
            varying_rate=False,  # m = -lr*accum holds only while lr is constant (see "formula")
            sources=(_TRAINING + "momentum.py", _KERNELS + ": ResourceApplyMomentum", _KERAS + "sgd.py"),
        ),
        Equivalence(
            tf1="AdagradOptimizer",
            keras="Adagrad",
            tf1_defaults={"learning_rate": REQUIRED, "initial_accumulator_value": 0.1},
            rename={"learning_rate": "learning_rate", "initial_accumulator_value": "initial_accumulator_value"},
            fixed={"epsilon": 0.0},
            why={
                "learning_rate": "TF1 requires it; Keras would default to 0.001, so it is always passed.",
                "initial_accumulator_value": "0.1 on both sides (TF1 constant_initializer slot 'accumulator', "
                "Keras initializers.Constant); passed explicitly anyway.",
                "epsilon": "tf.compat.v1 AdagradOptimizer runs ApplyAdagrad, var -= lr*grad/sqrt(accum), with "
                "no epsilon at all (epsilon only exists in ApplyAdagradV2, which the v1 class never uses). "
                "Keras divides by sqrt(accum + epsilon) with epsilon=1e-7 by default; epsilon=0.0 is "
                "accepted (no validation in adagrad.py) and accum >= initial_accumulator_value > 0 keeps "
                "the square root away from zero.",
                "formula": "same rule; the TF1 kernel multiplies grad*lr by rsqrt(accum) where Keras "
                "divides lr*grad by sqrt(accum): an occasional 1-ulp difference.",
            },
            tf1_update="accum += grad*grad; var -= lr*grad/sqrt(accum)",
            keras_update="accum += grad*grad; var -= lr*grad/sqrt(accum + epsilon)",
            sources=(_TRAINING + "adagrad.py", _KERNELS + ": ResourceApplyAdagrad", _KERAS + "adagrad.py"),
        ),
        Equivalence(
            tf1="AdadeltaOptimizer",
            keras="Adadelta",
            tf1_defaults={"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-8},
            rename={"learning_rate": "learning_rate", "rho": "rho", "epsilon": "epsilon"},
            fixed={},
            why={
                "epsilon": "TF1 default 1e-8, Keras default 1e-7: always passed. It is the seed of every "
                "step size (the first update is about sqrt(epsilon)/sqrt((1-rho)*grad^2)*grad), so the "
                "default difference alone changes the trajectory by a factor ~3 at the start.",
                "formula": "same rule: accum and accum_update start at zeros, epsilon inside both square "
                "roots, var -= lr*update on both sides. TF1 multiplies by rsqrt(accum+eps) where Keras "
                "divides by sqrt(accum+eps): an occasional 1-ulp difference.",
                "hyperparameters": "passed as their float32 values (see _as_keras_value), so Keras's "
                "1 - rho is TF1's 1 - 0.95f.",
            },
            tf1_update="accum = rho*accum + (1-rho)*grad^2; update = sqrt(accum_update+eps)/sqrt(accum+eps)*grad; "
            "accum_update = rho*accum_update + (1-rho)*update^2; var -= lr*update",
            keras_update="acc_g = rho*acc_g + (1-rho)*grad^2; delta = -sqrt(acc_d+eps)*grad/sqrt(acc_g+eps); "
            "acc_d = rho*acc_d + (1-rho)*delta^2; var += lr*delta",
            sources=(_TRAINING + "adadelta.py", _KERNELS + ": ResourceApplyAdadelta", _KERAS + "adadelta.py"),
        ),
        Equivalence(
            tf1="AdamOptimizer",
            keras="Adam",
            tf1_defaults={"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
            rename={"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon"},
            fixed={"amsgrad": False},
            why={
                "epsilon": "TF1 default 1e-8, Keras default 1e-7: always passed. Both add it outside the "
                "square root (the paper's epsilon-hat): var -= lr_t*m/(sqrt(v) + epsilon).",
                "beta1/beta2": "renamed beta_1/beta_2; same defaults 0.9/0.999.",
                "formula": "same bias-corrected step lr_t = lr*sqrt(1-beta2^t)/(1-beta1^t), same m, v "
                "and var updates (kernel and adam.py update_step write them identically).",
                "beta powers": "TF1 keeps beta1^t and beta2^t as float32 variables multiplied by beta "
                "once per step (adam.py _finish); Keras computes pow(beta, iterations+1) in float32 "
                "(adam.py update_step). The running product drifts from pow() by an ulp or so from "
                "t=3 on, and 1 - beta2^t (0.003 at t=3) magnifies that ~300 times: single steps "
                "differ by up to ~1e-5 relative and trajectories by a few 1e-6. No argument "
                "changes how Keras forms beta^t, so this is the one residual difference of the "
                "table; it is float32 rounding, not a different rule.",
                "hyperparameters": "passed as their float32 values (see _as_keras_value): Keras would "
                "form 1 - beta_2 in float64 (0.001) where TF1 forms 1 - 0.999f = 0.00099998713.",
                "amsgrad": "TF1 has no AMSGrad; Keras's default False is passed explicitly.",
                "eager": "Keras Adam forms beta^t with pow() where TF1 keeps a running float32 product",
                "written": "--to eager writes the TF1 values as the script gives them (beta_2=0.999 "
                "is Keras's default and is not written), not their float32 values: Keras's 1 - 0.999 "
                "is 0.001, TF1's 0.00099998713, one more rounding-size difference (1.3e-5 relative "
                "in v's update) within verify's rounding tolerance. keras_kwargs() (the modern "
                "programs) passes the float32 values, which makes the first two steps bit-equal.",
            },
            tf1_update="lr_t = lr*sqrt(1-beta2^t)/(1-beta1^t); m += (grad-m)*(1-beta1); v += (grad^2-v)*(1-beta2); "
            "var -= lr_t*m/(sqrt(v)+epsilon)",
            keras_update="alpha = lr*sqrt(1-beta_2^t)/(1-beta_1^t); m += (grad-m)*(1-beta_1); "
            "v += (grad^2-v)*(1-beta_2); var -= m*alpha/(sqrt(v)+epsilon)",
            ignored=("use_locking", "name", "use_own_namescope_for_non_slot_vars"),
            # the beta^t difference reaches float32 tolerance within tens of steps (a held-out
            # script's cost drifted from epoch 5): equal up to rounding, not to float32 tolerance.
            eager="rounding",
            sources=(_TRAINING + "adam.py", _KERNELS + ": ResourceApplyAdam", _KERAS + "adam.py"),
        ),
        Equivalence(
            tf1="RMSPropOptimizer",
            keras="RMSprop",
            tf1_defaults={"learning_rate": REQUIRED, "decay": 0.9, "momentum": 0.0, "epsilon": 1e-10, "centered": False},
            rename={"learning_rate": "learning_rate", "decay": "rho", "momentum": "momentum", "epsilon": "epsilon",
                    "centered": "centered"},
            fixed={},
            why={
                "slots": "NOT EQUIVALENT. TF1 initialises the mean-square slot 'rms' to ONES "
                "(rmsprop.py _create_slots: init_ops.ones_initializer); Keras initialises 'velocity' to "
                "ZEROS (rmsprop.py build: add_optimizer_variables, default zeros) and no constructor "
                "argument changes that. After t steps TF1's mean square carries an extra decay^t, a "
                "term that changes every step, so no constant epsilon or rate can absorb it: the first "
                "TF1 step is lr*g/sqrt(0.9 + 0.1*g^2), the first Keras step lr*g/sqrt(0.1*g^2) = "
                "lr*sqrt(10)*sign(g).",
                "decay": "TF1 'decay' is Keras 'rho' (same default 0.9).",
                "epsilon": "both inside the square root; TF1 default 1e-10, Keras default 1e-7.",
                "eager": "Keras RMSprop starts its mean square at zeros where TF1 starts at ones",
            },
            tf1_update="ms = decay*ms + (1-decay)*grad^2 (ms starts at 1); mom = momentum*mom + lr*grad/sqrt(ms+eps); "
            "var -= mom",
            keras_update="v = rho*v + (1-rho)*grad^2 (v starts at 0); var -= lr*grad/sqrt(v+eps) (momentum likewise)",
            equivalent=False,
            eager="tf1",
            sources=(_TRAINING + "rmsprop.py", _KERNELS + ": ResourceApplyRMSProp", _KERAS + "rmsprop.py"),
        ),
    ]
}


def eager_form(row: Equivalence, *, exact: bool = False, schedule: bool = False) -> str:
    """What `migrate --to eager` writes for tf.compat.v1.train.<row.tf1>: "keras" (the Keras
    twin, float32-equal), "rounding" (the Keras twin, equal up to rounding) or "tf1" (the
    tf.compat.v1.train class). `exact` (--exact-optimizers) turns "rounding" into "tf1"; a
    learning-rate schedule keeps the tf1 class where the Keras twin needs a constant rate."""
    if not row.equivalent or row.eager == "tf1" or (schedule and not row.varying_rate) or (exact and row.eager == "rounding"):
        return "tf1"
    return row.eager


def _lookup(tf1_name):
    name = tf1_name.rsplit(".", 1)[-1]  # accept "tf.compat.v1.train.AdamOptimizer" too
    if name not in EQUIVALENCE:
        raise KeyError(f"{tf1_name!r} is not in the optimizer equivalence table; known: {sorted(EQUIVALENCE)}")
    return EQUIVALENCE[name]


def _as_keras_value(value):
    """A TF1 hyperparameter as the Python float Keras must get to compute what TF1 computes.

    TF1 turns every hyperparameter into a float32 tensor (ops.convert_to_tensor in each
    optimizer's _prepare) and its kernels compute 1 - beta, 1 - rho in float32. Keras
    keeps Python floats and computes 1 - self.beta_2 in float64 before rounding to
    float32: for beta2=0.999 that is 0.001 against TF1's 1 - 0.999f = 0.00099998713, a
    1.3e-5 relative difference in every Adam step. Handing Keras the float32 value of
    each hyperparameter (as a Python float) makes the two agree exactly: 1 - b of a
    float32 b is exact in float64, so its rounding to float32 is TF1's float32
    subtraction. Keras SGD also insists on a Python float momentum (an int 0 is refused).
    """
    import numpy as np  # only the modern programs need it; migrate --to eager does not

    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(np.float32(value))
    return value


def unknown_arguments(row: Equivalence, names) -> list:
    """The TF1 argument names the row neither maps nor ignores, sorted."""
    return sorted(set(names) - set(row.tf1_defaults) - set(row.ignored))


def keras_arguments(row: Equivalence, tf1_args: dict) -> dict:
    """Keras argument -> value for tf.compat.v1.train.<row.tf1>(**tf1_args): each given value
    as it is (a number, or an expression to write), TF1's default where none is given, then
    row.fixed; ignored TF1 arguments dropped. Raises ArgumentError (a TypeError) for unknown
    or missing TF1 arguments."""
    unknown = unknown_arguments(row, tf1_args)
    if unknown:
        raise ArgumentError(row.tf1, row.tf1_defaults, unknown=unknown)
    params = dict(row.tf1_defaults)
    params.update({k: v for k, v in tf1_args.items() if k not in row.ignored})
    missing = [k for k, v in params.items() if v is REQUIRED]
    if missing:
        raise ArgumentError(row.tf1, row.tf1_defaults, missing=missing)
    kwargs = {row.rename[k]: v for k, v in params.items()}
    kwargs.update(row.fixed)
    return kwargs


def keras_kwargs(tf1_name, **tf1_kwargs):
    """(Keras class name, keyword arguments) doing what tf.compat.v1.train.<tf1_name>(**tf1_kwargs) does.

    TF1 defaults are filled in first, so every Keras argument whose Keras default differs
    is passed explicitly. Raises TypeError for unknown or missing TF1 arguments and
    NotEquivalentError for a TF1 optimizer no Keras optimizer reproduces.
    """
    row = _lookup(tf1_name)
    unknown = unknown_arguments(row, tf1_kwargs)
    if unknown:
        raise ArgumentError(row.tf1, row.tf1_defaults, unknown=unknown)
    if not row.equivalent:
        reasons = " ".join(f"[{key}] {text}" for key, text in row.why.items())
        raise NotEquivalentError(f"tf.compat.v1.train.{row.tf1} has no exact Keras equivalent: {reasons}")
    kwargs = keras_arguments(row, tf1_kwargs)
    return row.keras, {k: v if k in row.fixed else _as_keras_value(v) for k, v in kwargs.items()}


def keras_optimizer(tf1_name, **tf1_kwargs):
    """The tf.keras (Keras 3) optimizer doing the arithmetic of tf.compat.v1.train.<tf1_name>(**tf1_kwargs)."""
    import tensorflow as tf

    keras_name, kwargs = keras_kwargs(tf1_name, **tf1_kwargs)
    return getattr(tf.keras.optimizers, keras_name)(**kwargs)
