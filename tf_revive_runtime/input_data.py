"""Drop-in for ``tensorflow.examples.tutorials.mnist.input_data`` (removed in TF 2).

``from tensorflow.examples.tutorials.mnist import input_data`` becomes
``from tf_revive_runtime import input_data``. This module is TF1's ``input_data`` rebuilt
offline (the legacy/ programs of this repository use it too): the real files first, a
small subset as the fallback, nothing downloaded.

Where the data come from (`load`):
  (a) the four IDX files of LeCun's distribution in a directory, gzipped or not:
      train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
      t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]
      (what TF1's input_data downloaded into /tmp/data/), parsed as TF1 parsed them;
  (b) Keras' cached mnist.npz (x_train, y_train, x_test, y_test), given as a file or
      found in a directory, by default ~/.keras/datasets/mnist.npz;
  (c) the 5000-image subset that the tf-revive checkout keeps in
      seed_data/files/mnist_subset.npz (4000 train / 1000 test real MNIST images,
      400/100 per digit; see its README.md), found next to this package's directory.
      The installed tool does not ship it: without (a), (b) or a checkout, reading MNIST
      is an error that says where to put the files.
`read_data_sets` says on stderr, in one line, when it falls back from the directory the
script named, and where the data came from then.

`read_data_sets` is the stand-in for TF1's `read_data_sets` (which lived in
tensorflow/contrib/learn/python/learn/datasets/mnist.py): same signature, same DataSet
and next_batch behaviour, number for number, with two deliberate deviations:

  1. TF1's DataSet called numpy.random.seed(None) when no seed was given, i.e. it
     reseeded numpy's global generator from OS entropy, so the batches (and every
     number after them) changed from run to run even after the script's own
     np.random.seed(...). This DataSet leaves numpy's global state alone unless a seed
     is passed (then it calls numpy.random.seed(seed), as TF1 did for an op seed), so
     the script's own np.random.seed governs the shuffles.
  2. On a subset of MNIST (fewer than the 60000 training images; the bundled subset
     has 4000) the default validation_size of 5000 is scaled by the subset's share of
     the 60000 images (5000 -> 333 on the bundled subset), since 5000 would exceed it.
     Any other validation_size is taken as given.

No TensorFlow import here: `dtype` may be a numpy dtype, a string, or anything with
`as_numpy_dtype` or `.name` of 'float32'/'uint8' (such as tf.float32).

Why not a public package: TF removed the module and no published package reads the
tutorial's files with its API.
"""
import collections
import gzip
import os
import sys

import numpy as np

# (c): the checkout's subset, beside this package's directory (<checkout>/tf_revive_runtime/..).
CHECKOUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(CHECKOUT, "seed_data", "files", "mnist_subset.npz")
DEFAULT_DIR = "/tmp/data/"  # where the seeds' input_data.read_data_sets("/tmp/data/") put the files
KERAS_CACHE = os.path.join("~", ".keras", "datasets", "mnist.npz")
FULL_TRAIN_SIZE = 60000
DEFAULT_VALIDATION_SIZE = 5000

TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"
IDX_NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)


class Mnist(collections.namedtuple("Mnist", "x_train y_train x_test y_test source")):
    """Images uint8 [N, 28, 28], labels uint8 [N], as Keras' mnist.load_data gives them;
    `source` says in a few words where they came from."""

    __slots__ = ()


# ---------------------------------------------------------------- IDX files (TF1's parser)


def _open(path):
    """Binary stream of `path`, gunzipped when it starts with the gzip magic."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _read32(bytestream):
    dt = np.dtype(np.uint32).newbyteorder(">")
    return np.frombuffer(bytestream.read(4), dtype=dt)[0]


def extract_images(path):
    """4-D uint8 array [index, y, x, depth=1] from an IDX3 image file (magic 2051)."""
    with _open(path) as bytestream:
        magic = _read32(bytestream)
        if magic != 2051:
            raise ValueError("Invalid magic number %d in MNIST image file: %s" % (magic, path))
        num_images = _read32(bytestream)
        rows = _read32(bytestream)
        cols = _read32(bytestream)
        buf = bytestream.read(int(rows) * int(cols) * int(num_images))
        data = np.frombuffer(buf, dtype=np.uint8)
        return data.reshape(int(num_images), int(rows), int(cols), 1)


def dense_to_one_hot(labels_dense, num_classes):
    """Class labels to one-hot vectors (float64, as TF1's numpy.zeros made them)."""
    num_labels = labels_dense.shape[0]
    index_offset = np.arange(num_labels) * num_classes
    labels_one_hot = np.zeros((num_labels, num_classes))
    labels_one_hot.flat[index_offset + labels_dense.ravel()] = 1
    return labels_one_hot


def extract_labels(path, one_hot=False, num_classes=10):
    """1-D uint8 array [index] from an IDX1 label file (magic 2049)."""
    with _open(path) as bytestream:
        magic = _read32(bytestream)
        if magic != 2049:
            raise ValueError("Invalid magic number %d in MNIST label file: %s" % (magic, path))
        num_items = _read32(bytestream)
        buf = bytestream.read(int(num_items))
        labels = np.frombuffer(buf, dtype=np.uint8)
        if one_hot:
            return dense_to_one_hot(labels, num_classes)
        return labels


def _idx_paths(directory):
    """The four IDX paths in `directory` (plain or .gz), or None if any is missing."""
    paths = []
    for name in IDX_NAMES:
        for candidate in (name + ".gz", name):
            if os.path.isfile(os.path.join(directory, candidate)):
                paths.append(os.path.join(directory, candidate))
                break
        else:
            return None
    return paths


def load_idx(directory):
    train_images, train_labels, test_images, test_labels = _idx_paths(directory) or _missing(directory)
    x_train, x_test = extract_images(train_images)[..., 0], extract_images(test_images)[..., 0]
    y_train, y_test = extract_labels(train_labels), extract_labels(test_labels)
    if len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise ValueError(f"MNIST IDX files in {directory}: {len(x_train)} train images but {len(y_train)} labels, "
                         f"{len(x_test)} test images but {len(y_test)} labels")
    return Mnist(x_train, y_train, x_test, y_test,
                 f"MNIST IDX files in {directory} ({len(x_train)} train, {len(x_test)} test images)")


def write_idx(directory, x_train, y_train, x_test, y_test, gz=True):
    """Write uint8 images [N, rows, cols] and labels [N] as the four IDX files (the inverse of load_idx)."""
    os.makedirs(directory, exist_ok=True)
    paths = []
    for name, array, magic in ((TRAIN_IMAGES, x_train, 2051), (TRAIN_LABELS, y_train, 2049),
                               (TEST_IMAGES, x_test, 2051), (TEST_LABELS, y_test, 2049)):
        array = np.ascontiguousarray(array, dtype=np.uint8)
        header = np.array((magic,) + array.shape, dtype=">u4").tobytes()
        path = os.path.join(directory, name + (".gz" if gz else ""))
        with (gzip.open(path, "wb") if gz else open(path, "wb")) as f:
            f.write(header + array.tobytes())
        paths.append(path)
    return paths


def _missing(directory):
    raise FileNotFoundError(f"{directory}: no MNIST IDX files ({', '.join(IDX_NAMES)}, .gz or not)")


# ---------------------------------------------------------------- npz (Keras' cache, bundled)


def load_npz(path, what="Keras mnist.npz"):
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train, x_test, y_test = (f[key] for key in ("x_train", "y_train", "x_test", "y_test"))
    return Mnist(x_train, y_train, x_test, y_test, f"{what} {path} ({len(x_train)} train, {len(x_test)} test images)")


def load_bundled():
    if not os.path.isfile(BUNDLED):
        raise FileNotFoundError(
            f"MNIST not found: no IDX files in {DEFAULT_DIR}, no {KERAS_CACHE}, and nothing is downloaded. "
            f"Put the four files ({', '.join(n + '.gz' for n in IDX_NAMES)}) in {DEFAULT_DIR} "
            "or in the directory given to read_data_sets, or Keras' mnist.npz in ~/.keras/datasets/ "
            "(the tf-revive checkout's 5000-image subset is used when migrate runs from a checkout)")
    return load_npz(BUNDLED, "bundled MNIST subset")


# ---------------------------------------------------------------- search


def _from(location):
    """Mnist from a directory (IDX files or mnist.npz) or an .npz file; None if neither is there."""
    if os.path.isfile(location):
        return load_npz(location, "bundled MNIST subset" if os.path.isfile(BUNDLED) and os.path.samefile(location, BUNDLED) else "Keras mnist.npz")
    if os.path.isdir(location):
        if _idx_paths(location):
            return load_idx(location)
        npz = os.path.join(location, "mnist.npz")
        if os.path.isfile(npz):
            return load_npz(npz)
    return None


def load(data_dir=""):
    """MNIST as uint8 arrays plus a description of where they came from.

    data_dir given: a directory holding the four IDX files or mnist.npz, or an .npz file
    path; an error if it holds neither. Empty: /tmp/data/ (the seeds' directory), then
    ~/.keras/datasets/mnist.npz, then the bundled subset.
    """
    if data_dir:
        found = _from(os.path.expanduser(data_dir))
        if found is None:
            raise FileNotFoundError(
                f"{data_dir}: neither the four MNIST IDX files ({', '.join(IDX_NAMES)}, .gz or not) "
                "nor a Keras mnist.npz")
        return found
    for location in (DEFAULT_DIR, os.path.expanduser(KERAS_CACHE)):
        found = _from(location)
        if found is not None:
            return found
    return load_bundled()


# ---------------------------------------------------------------- TF1's DataSet / read_data_sets


def _numpy_dtype(dtype):
    """np.float32 or np.uint8 from a numpy dtype, a string, or a tf.DType (without importing tf)."""
    if hasattr(dtype, "as_numpy_dtype"):
        dtype = dtype.as_numpy_dtype
    elif not isinstance(dtype, (str, type, np.dtype)) and hasattr(dtype, "name"):
        dtype = dtype.name
    if isinstance(dtype, str) and dtype.endswith("_ref"):
        dtype = dtype[: -len("_ref")]  # TF1 reference dtypes: base dtype
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError("Invalid image dtype %r, expected uint8 or float32" % (dtype,)) from None
    if dtype not in (np.dtype(np.uint8), np.dtype(np.float32)):
        raise TypeError("Invalid image dtype %r, expected uint8 or float32" % (dtype,))
    return dtype


class DataSet(object):
    """TF1's mnist DataSet: images [N, 784] float32 in [0, 1] (or uint8), labels, next_batch."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=np.float32, reshape=True, seed=None):
        # Deviation 1 (module docstring): TF1 did numpy.random.seed(seed1 if seed is None else seed2),
        # with seed1 None unless a TF graph seed was set: an OS-entropy reseed on every run.
        if seed is not None:
            np.random.seed(seed)
        dtype = _numpy_dtype(dtype)
        if fake_data:
            self._num_examples = 10000
            self.one_hot = one_hot
        else:
            assert images.shape[0] == labels.shape[0], (
                "images.shape: %s labels.shape: %s" % (images.shape, labels.shape))
            self._num_examples = images.shape[0]

            # Convert shape from [num examples, rows, columns, depth]
            # to [num examples, rows*columns] (assuming depth == 1)
            if reshape:
                assert images.shape[3] == 1
                images = images.reshape(images.shape[0], images.shape[1] * images.shape[2])
            if dtype == np.float32:
                # Convert from [0, 255] -> [0.0, 1.0].
                images = images.astype(np.float32)
                images = np.multiply(images, 1.0 / 255.0)
        self._images = images
        self._labels = labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """Return the next `batch_size` examples from this data set."""
        if fake_data:
            fake_image = [1] * 784
            if self.one_hot:
                fake_label = [1] + [0] * 9
            else:
                fake_label = 0
            return [fake_image for _ in range(batch_size)], [fake_label for _ in range(batch_size)]
        start = self._index_in_epoch
        # Shuffle for the first epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            perm0 = np.arange(self._num_examples)
            np.random.shuffle(perm0)
            self._images = self.images[perm0]
            self._labels = self.labels[perm0]
        # Go to the next epoch
        if start + batch_size > self._num_examples:
            # Finished epoch
            self._epochs_completed += 1
            # Get the rest examples in this epoch
            rest_num_examples = self._num_examples - start
            images_rest_part = self._images[start:self._num_examples]
            labels_rest_part = self._labels[start:self._num_examples]
            # Shuffle the data
            if shuffle:
                perm = np.arange(self._num_examples)
                np.random.shuffle(perm)
                self._images = self.images[perm]
                self._labels = self.labels[perm]
            # Start next epoch
            start = 0
            self._index_in_epoch = batch_size - rest_num_examples
            end = self._index_in_epoch
            images_new_part = self._images[start:end]
            labels_new_part = self._labels[start:end]
            return (np.concatenate((images_rest_part, images_new_part), axis=0),
                    np.concatenate((labels_rest_part, labels_new_part), axis=0))
        else:
            self._index_in_epoch += batch_size
            end = self._index_in_epoch
            return self._images[start:end], self._labels[start:end]


class Datasets(collections.namedtuple("Datasets", ["train", "validation", "test"])):
    """TF1's base.Datasets (train, validation, test); `.source` says where the data came from."""

    source = ""


def scaled_validation_size(validation_size, num_train):
    """Deviation 2: the default 5000 of 60000, scaled to a subset's size (4000 -> 333)."""
    if validation_size == DEFAULT_VALIDATION_SIZE and num_train < FULL_TRAIN_SIZE:
        return int(round(validation_size * num_train / FULL_TRAIN_SIZE))
    return validation_size


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=np.float32, reshape=True,
                   validation_size=DEFAULT_VALIDATION_SIZE, seed=None, source_url=None):
    """TF1's input_data.read_data_sets, offline.

    train_dir: where TF1 would have downloaded the IDX files to. If it holds them (or a
    mnist.npz, or is an .npz file) they are read; if it does not exist or is empty (TF1
    would have downloaded into it), the usual places are searched as load("") does and the
    bundled subset is the fallback; a non-empty directory without MNIST is an error.
    "" searches directly. source_url is accepted for compatibility and ignored: nothing
    is downloaded.
    """
    if fake_data:

        def fake():
            return DataSet([], [], fake_data=True, one_hot=one_hot, dtype=dtype, seed=seed)

        datasets = Datasets(train=fake(), validation=fake(), test=fake())
        datasets.source = "fake data"
        return datasets

    directory = os.path.expanduser(train_dir) if train_dir else ""
    if directory and (not os.path.exists(directory) or (os.path.isdir(directory) and not os.listdir(directory))):
        data = load("")
        data = data._replace(source=f"{data.source} ({train_dir} has no MNIST files and nothing is downloaded)")
        print(f"input_data: MNIST from {data.source}", file=sys.stderr)
    else:
        data = load(directory)

    # TF1's extract_images/extract_labels shapes: [N, 28, 28, 1] uint8, labels uint8 or one-hot.
    train_images, test_images = data.x_train[..., np.newaxis], data.x_test[..., np.newaxis]
    train_labels, test_labels = data.y_train, data.y_test
    if one_hot:
        train_labels, test_labels = dense_to_one_hot(train_labels, 10), dense_to_one_hot(test_labels, 10)

    validation_size = scaled_validation_size(validation_size, len(train_images))
    if not 0 <= validation_size <= len(train_images):
        raise ValueError("Validation size should be between 0 and {}. Received: {}."
                         .format(len(train_images), validation_size))

    validation_images = train_images[:validation_size]
    validation_labels = train_labels[:validation_size]
    train_images = train_images[validation_size:]
    train_labels = train_labels[validation_size:]

    options = dict(dtype=dtype, reshape=reshape, seed=seed)

    train = DataSet(train_images, train_labels, **options)
    validation = DataSet(validation_images, validation_labels, **options)
    test = DataSet(test_images, test_labels, **options)

    datasets = Datasets(train=train, validation=validation, test=test)
    datasets.source = data.source
    return datasets
