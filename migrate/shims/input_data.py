"""Drop-in for ``tensorflow.examples.tutorials.mnist.input_data`` (removed in TF 2).

``from tensorflow.examples.tutorials.mnist import input_data`` becomes
``from migrate.shims import input_data``; the data sets come from ``seed_data.mnist``,
which reproduces TF 1's ``read_data_sets`` (imported on first use).
"""


def read_data_sets(train_dir, *args, **kwargs):
    """TF 1's ``read_data_sets(train_dir, one_hot=False, ...)``, from ``seed_data.mnist``."""
    from seed_data.mnist import read_data_sets as _read_data_sets

    return _read_data_sets(train_dir, *args, **kwargs)


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    from seed_data import mnist

    try:
        return getattr(mnist, name)  # DataSet, extract_images, dense_to_one_hot...
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
