"""Offline data for the seed programs, and real loaders for the full data sets.

Nothing here downloads anything or imports TensorFlow (numpy, and pandas for iris).

- seed_data.mnist: MNIST from the four IDX files, from Keras' cached mnist.npz, or from
  the bundled 5000-image subset; `read_data_sets` is a faithful stand-in for TF1's
  `tensorflow.examples.tutorials.mnist.input_data.read_data_sets`.
- seed_data.iris: iris_training.csv / iris_test.csv in TensorFlow's format, from a
  directory, Keras' cache, or the bundled copy.
- seed_data.files: the bundled data (see files/README.md), made by seed_data.make_bundled.
"""
import os

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
