"""Offline data for the seed programs, and real loaders for the full data sets.

Nothing here downloads anything or imports TensorFlow (numpy, and pandas for iris).

- MNIST: the loader is tf_revive_runtime.input_data (TF1's input_data rebuilt offline, used
  by the migrated scripts and by legacy/ and modern/); it falls back to this checkout's
  files/mnist_subset.npz. The installed tool does not ship that file.
- seed_data.iris: iris_training.csv / iris_test.csv in TensorFlow's format, from a
  directory, Keras' cache, or the bundled copy.
- seed_data.files: the bundled data (see files/README.md), made by seed_data.make_bundled.
"""
import os

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
