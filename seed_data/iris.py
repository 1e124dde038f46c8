"""Iris in TensorFlow's CSV format (iris_training.csv, iris_test.csv), without a download.

The seed (004) fetched the files with
    train_path = tf.keras.utils.get_file(TRAIN_URL.split('/')[-1], TRAIN_URL)
    test_path  = tf.keras.utils.get_file(TRAIN_URL.split('/')[-1], TEST_URL)
and read them with pandas.read_csv(path, header=0). Note the bug in the second line: the
test file is saved under the TRAINING file's name, so with iris_training.csv already in
the cache get_file returns the cached training file and the seed's "test" set was the
training set (its test curves are its training curves, up to centring). We load the
test file as intended.

Where the files come from (`load`): the directory given, else Keras' cache
~/.keras/datasets/ (where get_file put them), else the bundled copy in seed_data/files/
(the 150 UCI rows split 120/30, stratified; not TensorFlow's original split, see
files/README.md).
"""
import collections
import os

import numpy as np
import pandas as pd

from seed_data import FILES

TRAIN_FILE = "iris_training.csv"
TEST_FILE = "iris_test.csv"
KERAS_CACHE = os.path.join("~", ".keras", "datasets")
SPECIES = ("setosa", "versicolor", "virginica")


class Iris(collections.namedtuple("Iris", "x_train y_train x_test y_test source")):
    """Features float64 [N, 4], labels float64 [N] (as np.array(DataFrame) gave them in the
    seed); `source` says where the files were read from."""

    __slots__ = ()


def _has_files(directory):
    return all(os.path.isfile(os.path.join(directory, name)) for name in (TRAIN_FILE, TEST_FILE))


def read(directory, what="iris CSV files in"):
    """The seed's code path: pandas.read_csv(header=0), np.array, features 0:4, label 4."""
    train_path = os.path.join(directory, TRAIN_FILE)
    test_path = os.path.join(directory, TEST_FILE)
    df_iris_train = pd.read_csv(train_path, header=0)
    df_iris_test = pd.read_csv(test_path, header=0)
    iris_train = np.array(df_iris_train, dtype=np.float64)
    iris_test = np.array(df_iris_test, dtype=np.float64)
    x_train, y_train = iris_train[:, 0:4], iris_train[:, 4]
    x_test, y_test = iris_test[:, 0:4], iris_test[:, 4]
    return Iris(x_train, y_train, x_test, y_test,
                f"{what} {directory} ({len(x_train)} train, {len(x_test)} test rows)")


def load(data_dir=""):
    """Iris train and test arrays plus a description of where they came from.

    data_dir given: it must hold iris_training.csv and iris_test.csv. Empty: Keras'
    cache ~/.keras/datasets/, then the bundled copy.
    """
    if data_dir:
        directory = os.path.expanduser(data_dir)
        if not _has_files(directory):
            raise FileNotFoundError(f"{data_dir}: needs {TRAIN_FILE} and {TEST_FILE}")
        return read(directory)
    cache = os.path.expanduser(KERAS_CACHE)
    if _has_files(cache):
        return read(cache, "Keras-cached iris CSV files in")
    return read(FILES, "bundled iris CSV files (not TensorFlow's split) in")
