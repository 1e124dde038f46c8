"""seed_data: the MNIST and iris loaders on files the tests make, the bundled fallback,
and TF1's DataSet.next_batch semantics. No TensorFlow here (seed_data must not need it)."""
import gzip
import os
import struct
import sys
import types

import numpy as np
import pytest

from tf_revive_runtime import input_data as mnist
from seed_data import iris


# ---------------------------------------------------------------- helpers


def idx_bytes(magic, array):
    """IDX by hand (big-endian uint32 magic and dimensions, then uint8 data), independent of mnist.write_idx."""
    array = np.asarray(array, dtype=np.uint8)
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape) + array.tobytes()


def make_idx_dir(directory, x_train, y_train, x_test, y_test, gz):
    os.makedirs(directory, exist_ok=True)
    for name, magic, array in (("train-images-idx3-ubyte", 2051, x_train), ("train-labels-idx1-ubyte", 2049, y_train),
                               ("t10k-images-idx3-ubyte", 2051, x_test), ("t10k-labels-idx1-ubyte", 2049, y_test)):
        data = idx_bytes(magic, array)
        path = os.path.join(directory, name + (".gz" if gz else ""))
        with (gzip.open(path, "wb") if gz else open(path, "wb")) as f:
            f.write(data)
    return directory


def tiny_mnist(n_train=12, n_test=5, seed=0):
    rng = np.random.RandomState(seed)
    return (rng.randint(0, 256, (n_train, 28, 28)).astype(np.uint8), (np.arange(n_train) % 10).astype(np.uint8),
            rng.randint(0, 256, (n_test, 28, 28)).astype(np.uint8), (np.arange(n_test) % 10).astype(np.uint8))


@pytest.fixture
def no_real_mnist(tmp_path, monkeypatch):
    """Make the search see neither /tmp/data nor a Keras cache, whatever this machine has."""
    monkeypatch.setattr(mnist, "DEFAULT_DIR", str(tmp_path / "no-tmp-data"))
    monkeypatch.setattr(mnist, "KERAS_CACHE", str(tmp_path / "no-keras" / "mnist.npz"))


def dataset(n=10, one_hot=False, **options):
    """A DataSet whose image i is all i (so batches can be read back as indices)."""
    images = np.repeat(np.arange(n, dtype=np.uint8), 4).reshape(n, 2, 2, 1)
    labels = np.arange(n, dtype=np.uint8) % 10
    if one_hot:
        labels = mnist.dense_to_one_hot(labels, 10)
    return mnist.DataSet(images, labels, dtype=np.uint8, **options)


def indices(batch_images):
    return batch_images[:, 0].astype(int).tolist()


def test_seed_data_does_not_import_tensorflow():
    import subprocess

    code = "import sys, tf_revive_runtime.input_data, seed_data.iris; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---------------------------------------------------------------- MNIST: IDX files


@pytest.mark.parametrize("gz", [True, False], ids=["gz", "plain"])
def test_idx_files_are_parsed(tmp_path, gz):
    x_train, y_train, x_test, y_test = tiny_mnist()
    make_idx_dir(tmp_path, x_train, y_train, x_test, y_test, gz=gz)
    data = mnist.load(str(tmp_path))
    assert "IDX" in data.source and str(tmp_path) in data.source
    for got, want in zip(data[:4], (x_train, y_train, x_test, y_test)):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)


def test_write_idx_round_trip_matches_hand_written(tmp_path):
    arrays = tiny_mnist()
    mnist.write_idx(str(tmp_path / "ours"), *arrays)
    make_idx_dir(str(tmp_path / "hand"), *arrays, gz=False)
    for name in mnist.IDX_NAMES:
        with gzip.open(tmp_path / "ours" / (name + ".gz"), "rb") as f, open(tmp_path / "hand" / name, "rb") as g:
            assert f.read() == g.read()


def test_bad_magic_is_a_clear_error(tmp_path):
    x_train, y_train, x_test, y_test = tiny_mnist()
    make_idx_dir(tmp_path, x_train, y_train, x_test, y_test, gz=True)
    with gzip.open(tmp_path / "train-images-idx3-ubyte.gz", "wb") as f:
        f.write(idx_bytes(2049, x_train))  # a label file's magic where images belong
    with pytest.raises(ValueError, match="Invalid magic number 2049 in MNIST image file"):
        mnist.load(str(tmp_path))
    with open(tmp_path / "labels", "wb") as f:
        f.write(idx_bytes(1234, y_train))
    with pytest.raises(ValueError, match="Invalid magic number 1234 in MNIST label file"):
        mnist.extract_labels(str(tmp_path / "labels"))


def test_extract_like_tf1(tmp_path):
    x_train, y_train, _, _ = tiny_mnist()
    (tmp_path / "i").write_bytes(idx_bytes(2051, x_train))
    (tmp_path / "l").write_bytes(idx_bytes(2049, y_train))
    images = mnist.extract_images(str(tmp_path / "i"))
    assert images.shape == (12, 28, 28, 1) and images.dtype == np.uint8
    one_hot = mnist.extract_labels(str(tmp_path / "l"), one_hot=True)
    assert one_hot.shape == (12, 10) and one_hot.dtype == np.float64
    np.testing.assert_array_equal(one_hot.argmax(1), y_train)
    np.testing.assert_array_equal(one_hot.sum(1), 1)


# ---------------------------------------------------------------- MNIST: npz, search order, bundled


def test_keras_npz_as_directory_or_file(tmp_path):
    x_train, y_train, x_test, y_test = tiny_mnist()
    np.savez(tmp_path / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    for location in (tmp_path, tmp_path / "mnist.npz"):
        data = mnist.load(str(location))
        assert "mnist.npz" in data.source
        np.testing.assert_array_equal(data.x_train, x_train)
        np.testing.assert_array_equal(data.y_test, y_test)


def test_given_directory_without_mnist_is_an_error(tmp_path):
    (tmp_path / "something.txt").write_text("not mnist")
    with pytest.raises(FileNotFoundError, match="neither the four MNIST IDX files"):
        mnist.load(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        mnist.load(str(tmp_path / "does-not-exist"))
    with pytest.raises(FileNotFoundError):  # read_data_sets: a non-empty directory without MNIST
        mnist.read_data_sets(str(tmp_path))


def test_search_order(tmp_path, monkeypatch, no_real_mnist):
    assert mnist.load().source.startswith("bundled MNIST subset")
    cache = tmp_path / "keras" / "mnist.npz"
    cache.parent.mkdir()
    x_train, y_train, x_test, y_test = tiny_mnist(seed=1)
    np.savez(cache, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    monkeypatch.setattr(mnist, "KERAS_CACHE", str(cache))
    assert mnist.load().source.startswith("Keras mnist.npz")
    make_idx_dir(tmp_path / "data", *tiny_mnist(seed=2), gz=True)
    monkeypatch.setattr(mnist, "DEFAULT_DIR", str(tmp_path / "data"))
    data = mnist.load()
    assert "IDX" in data.source
    np.testing.assert_array_equal(data.x_train, tiny_mnist(seed=2)[0])


def test_read_data_sets_falls_back_where_tf1_would_have_downloaded(tmp_path, no_real_mnist):
    for train_dir in (str(tmp_path / "absent"), str(tmp_path)):  # missing, then empty
        data = mnist.read_data_sets(train_dir)
        assert data.source.startswith("bundled MNIST subset") and "nothing is downloaded" in data.source
    assert mnist.read_data_sets("").source.startswith("bundled MNIST subset")


def test_bundled_subset():
    data = mnist.load_bundled()
    assert data.x_train.shape == (4000, 28, 28) and data.x_test.shape == (1000, 28, 28)
    assert data.y_train.shape == (4000,) and data.y_test.shape == (1000,)
    for array in data[:4]:
        assert array.dtype == np.uint8
    assert data.x_train.max() == 255 and data.x_train.min() == 0
    assert set(np.unique(data.y_train)) == set(range(10))
    np.testing.assert_array_equal(np.bincount(data.y_train), [400] * 10)  # stratified
    np.testing.assert_array_equal(np.bincount(data.y_test), [100] * 10)
    assert len(set(data.y_train[:50])) == 10  # mixed order, not sorted by digit
    assert os.path.getsize(mnist.BUNDLED) < 1_200_000


def test_read_data_sets_on_bundled_scales_validation():
    data = mnist.read_data_sets(mnist.BUNDLED, one_hot=True)
    assert (data.train.num_examples, data.validation.num_examples, data.test.num_examples) == (3667, 333, 1000)
    assert data.train.images.shape == (3667, 784) and data.train.images.dtype == np.float32
    assert data.train.labels.shape == (3667, 10) and data.train.labels.dtype == np.float64
    assert 0.0 <= data.train.images.min() and data.train.images.max() == 1.0
    bundled = mnist.load_bundled()
    # validation is the head of the training images, train the rest (before any shuffle)
    np.testing.assert_allclose(data.validation.images[0], bundled.x_train[0].reshape(784) * (1.0 / 255.0))
    np.testing.assert_array_equal(data.train.labels.argmax(1), bundled.y_train[333:])
    assert mnist.read_data_sets(mnist.BUNDLED, validation_size=100).validation.num_examples == 100  # not the default: as given


def test_read_data_sets_on_idx_files(tmp_path):
    x_train, y_train, x_test, y_test = tiny_mnist(n_train=20)
    make_idx_dir(tmp_path, x_train, y_train, x_test, y_test, gz=True)
    data = mnist.read_data_sets(str(tmp_path), validation_size=4)
    assert "IDX" in data.source
    assert (data.train.num_examples, data.validation.num_examples, data.test.num_examples) == (16, 4, 5)
    np.testing.assert_array_equal(data.train.images, (x_train[4:].reshape(16, 784).astype(np.float32) * (1.0 / 255.0)))
    np.testing.assert_array_equal(data.validation.labels, y_train[:4])
    assert data.train.labels.dtype == np.uint8
    # the default 5000 of 60000, scaled to the 20 images: round(5000 * 20 / 60000) = 2
    assert mnist.read_data_sets(str(tmp_path)).validation.num_examples == 2
    with pytest.raises(ValueError, match="Validation size should be between 0 and 20"):
        mnist.read_data_sets(str(tmp_path), validation_size=21)
    unshaped = mnist.read_data_sets(str(tmp_path), validation_size=4, reshape=False, dtype=np.uint8)
    assert unshaped.train.images.shape == (16, 28, 28, 1) and unshaped.train.images.dtype == np.uint8
    np.testing.assert_array_equal(unshaped.test.images[..., 0], x_test)


def test_dtype_arguments_without_tensorflow():
    fake_tf_float32 = types.SimpleNamespace(name="float32", as_numpy_dtype=np.float32)
    named_only = types.SimpleNamespace(name="uint8")
    assert mnist._numpy_dtype(fake_tf_float32) == np.float32
    assert mnist._numpy_dtype(named_only) == np.uint8
    assert mnist._numpy_dtype("float32_ref") == np.float32
    assert mnist._numpy_dtype(np.uint8) == np.uint8
    with pytest.raises(TypeError, match="expected uint8 or float32"):
        mnist._numpy_dtype(np.float64)
    with pytest.raises(TypeError, match="expected uint8 or float32"):
        mnist._numpy_dtype(types.SimpleNamespace(name="int32"))


def test_fake_data():
    data = mnist.read_data_sets("", fake_data=True, one_hot=True)
    images, labels = data.train.next_batch(3, fake_data=True)
    assert len(images) == 3 and len(images[0]) == 784 and labels[0] == [1] + [0] * 9
    assert data.train.num_examples == 10000


# ---------------------------------------------------------------- DataSet.next_batch (TF1's semantics)


def test_next_batch_without_shuffle_wraps_with_a_partial_batch():
    ds = dataset(10)
    assert indices(ds.next_batch(4, shuffle=False)[0]) == [0, 1, 2, 3]
    assert indices(ds.next_batch(4, shuffle=False)[0]) == [4, 5, 6, 7]
    assert ds.epochs_completed == 0
    images, labels = ds.next_batch(4, shuffle=False)  # 2 left in the epoch + 2 of the next
    assert indices(images) == [8, 9, 0, 1] and labels.tolist() == [8, 9, 0, 1]
    assert ds.epochs_completed == 1
    assert indices(ds.next_batch(4, shuffle=False)[0]) == [2, 3, 4, 5]


def test_next_batch_shuffles_like_tf1():
    n, batch = 10, 4
    np.random.seed(3)
    ds = dataset(n)
    got = [indices(ds.next_batch(batch)[0]) for _ in range(5)]  # 20 images: two full epochs
    # TF1: shuffle at the start of the first epoch; at each epoch end, the rest of the epoch,
    # then a reshuffle of the (already shuffled) arrays and the head of the new order.
    np.random.seed(3)
    order = np.arange(n)
    perm0 = np.arange(n)
    np.random.shuffle(perm0)
    order = order[perm0]
    want = [order[0:4].tolist(), order[4:8].tolist()]
    rest = order[8:10].tolist()
    perm = np.arange(n)
    np.random.shuffle(perm)
    order = order[perm]
    want += [rest + order[0:2].tolist(), order[2:6].tolist(), order[6:10].tolist()]
    assert got == want
    assert ds.epochs_completed == 1  # the 5th batch ends exactly at the epoch end: not counted until the next call
    assert sorted(sum(got[:2], []) + got[2][:2]) == list(range(n))  # every image once per epoch


def test_next_batch_is_reproducible_under_numpy_seed():
    def batches(seed):
        np.random.seed(seed)
        ds = dataset(10, one_hot=True)
        return [ds.next_batch(3) for _ in range(7)]

    first, again, other = batches(5), batches(5), batches(6)
    for (x1, y1), (x2, y2) in zip(first, again):
        np.testing.assert_array_equal(x1, x2)
        np.testing.assert_array_equal(y1, y2)
    assert any(not np.array_equal(x1, x2) for (x1, _), (x2, _) in zip(first, other))
    for images, labels in first:  # one-hot labels travel with their images
        assert labels.shape == (3, 10)
        np.testing.assert_array_equal(labels.argmax(1), np.array(indices(images)) % 10)


def test_numpy_state_is_left_alone_without_a_seed():
    np.random.seed(11)
    state = np.random.get_state()[1].copy()
    dataset(10)
    mnist.read_data_sets(mnist.BUNDLED)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # deviation 1: TF1 reseeded from OS entropy


def test_seed_argument_seeds_numpy_as_tf1_did():
    ds = dataset(10, seed=7)
    from_seed = indices(ds.next_batch(10)[0])
    np.random.seed(7)
    assert indices(dataset(10).next_batch(10)[0]) == from_seed


# ---------------------------------------------------------------- iris


def write_iris(path, features, labels):
    with open(path, "w") as f:
        f.write(f"{len(labels)},4,setosa,versicolor,virginica\n")
        for row, label in zip(features, labels):
            f.write(",".join(f"{v:.1f}" for v in row) + f",{label}\n")


def test_iris_from_a_directory(tmp_path):
    features = np.arange(24, dtype=float).reshape(6, 4) / 10
    write_iris(tmp_path / "iris_training.csv", features, [0, 1, 2, 0, 1, 2])
    write_iris(tmp_path / "iris_test.csv", features[:3] + 1, [2, 1, 0])
    data = iris.load(str(tmp_path))
    assert str(tmp_path) in data.source
    np.testing.assert_allclose(data.x_train, features)
    np.testing.assert_array_equal(data.y_train, [0, 1, 2, 0, 1, 2])
    np.testing.assert_allclose(data.x_test, features[:3] + 1)  # the test file, not the training file again
    np.testing.assert_array_equal(data.y_test, [2, 1, 0])


def test_iris_missing_files_are_an_error(tmp_path):
    write_iris(tmp_path / "iris_training.csv", np.zeros((1, 4)), [0])
    with pytest.raises(FileNotFoundError, match="iris_test.csv"):
        iris.load(str(tmp_path))


def test_iris_search_order(tmp_path, monkeypatch):
    monkeypatch.setattr(iris, "KERAS_CACHE", str(tmp_path))
    assert iris.load().source.startswith("bundled")
    write_iris(tmp_path / "iris_training.csv", np.ones((3, 4)), [0, 1, 2])
    write_iris(tmp_path / "iris_test.csv", np.ones((2, 4)), [1, 2])
    data = iris.load()
    assert data.source.startswith("Keras-cached") and data.x_train.shape == (3, 4)


def test_iris_bundled():
    data = iris.read(os.path.join(os.path.dirname(iris.__file__), "files"))
    assert data.x_train.shape == (120, 4) and data.x_test.shape == (30, 4)
    np.testing.assert_array_equal(np.bincount(data.y_train.astype(int)), [40, 40, 40])
    np.testing.assert_array_equal(np.bincount(data.y_test.astype(int)), [10, 10, 10])
    assert set(np.unique(np.concatenate([data.y_train, data.y_test]))) == {0, 1, 2}
    assert 0.1 <= data.x_train.min() and data.x_train.max() <= 7.9
    all_rows = np.concatenate([data.x_train, data.x_test])
    assert len(np.unique(np.round(all_rows * 10).astype(int), axis=0)) >= 147  # the 150 UCI rows (3 duplicates)
    with open(os.path.join(os.path.dirname(iris.__file__), "files", "iris_training.csv")) as f:
        assert f.readline().strip() == "120,4,setosa,versicolor,virginica"
