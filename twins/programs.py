"""The seven seed programs: their names, what they do, and their hyperparameters.

legacy/NAME.py and modern/NAME.py both read their defaults from here, so the two
twins cannot drift apart, and the command line of each is generated from this table.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Program:
    name: str
    summary: str
    defaults: dict = field(default_factory=dict)


PROGRAMS = {
    p.name: p
    for p in [
        Program(
            "backprop_regression",
            "x ~ N(1, 0.1), target 10, model x*A, L2 loss, SGD: A converges to 10 (seeds 000/001/002)",
            {"learning_rate": 0.02, "steps": 100, "print_every": 25},
        ),
        Program(
            "backprop_classification",
            "N(-1,1) vs N(3,1), model sigmoid(x+A), sigmoid cross-entropy: A converges to -1 (seeds 000/001/002)",
            {"learning_rate": 0.05, "steps": 1400, "print_every": 200},
        ),
        Program(
            "mnist_softmax_optimizer",
            "softmax regression on MNIST with GradientDescentOptimizer (seed 003: 0.873)",
            {"learning_rate": 0.01, "epochs": 10, "batch_size": 100, "test_size": 3000, "data_dir": ""},
        ),
        Program(
            "mnist_softmax_gradients",
            "softmax regression on MNIST with tf.gradients and assign updates (seed 003: 0.874)",
            {"learning_rate": 0.01, "epochs": 10, "batch_size": 100, "test_size": 3000, "data_dir": ""},
        ),
        Program(
            "mnist_softmax_formula",
            "softmax regression on MNIST with the seed's hand-derived gradient formula (seed 003: 0.898)",
            {"learning_rate": 0.01, "epochs": 10, "batch_size": 100, "test_size": 3000, "data_dir": ""},
        ),
        Program(
            "iris_mlp",
            "4-16-3 ReLU/softmax network on iris, full batch, train and test curves (seed 004)",
            {"learning_rate": 0.5, "iterations": 50, "display_step": 10, "data_dir": ""},
        ),
        Program(
            "optimizers",
            "the regression problem under GradientDescent, Momentum, Adagrad, Adadelta, small and large rates (seed 002)",
            {"steps": 100, "print_every": 25},
        ),
    ]
}

NAMES = list(PROGRAMS)


def hyperparameters(name, overrides):
    """Defaults of program `name` updated with `overrides`; unknown keys are an error.

    `verbose` (print progress like the tutorial) is accepted by every program.
    """
    params = dict(PROGRAMS[name].defaults, verbose=False)
    unknown = set(overrides) - set(params)
    if unknown:
        raise TypeError(f"{name}: unknown hyperparameter(s) {sorted(unknown)}; known: {sorted(params)}")
    params.update(overrides)
    return params
