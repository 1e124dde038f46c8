"""The scipy family (migrate/families/scipy_paths.py): one test per row of
tables/scipy_removals.py, in its import and attribute spellings, and the calls whose
arguments changed."""
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.families import parse, using
from migrate.tables.scipy_removals import MODULES, ROWS
from tests.migrate.helpers import check_noop, check_transformed, rules

HEAD = "import tensorflow as tf\n"
ROOT = Path(__file__).resolve().parents[3]


def warnings_of(outcome):
    return [f.message for f in outcome.findings if f.rule == "scipy" and f.severity == "warning"]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.old)
def test_row(row):
    parent, _, name = row.old.rpartition(".")
    if row.old in MODULES:
        check_transformed(f"{HEAD}import {row.old} as m\nx = m.thing\n", f"{HEAD}import {row.new} as m\nx = m.thing\n")
        check_transformed(f"{HEAD}from {row.old} import thing\n", f"{HEAD}from {row.new} import thing\n")
        return
    if not row.new:
        outcome = check_noop(f"{HEAD}import scipy\nx = {row.old}\n")
        assert warnings_of(outcome) == [f"{row.old} is gone (removed in SciPy {row.removed}), left as is: {row.reason}"]
        outcome = check_noop(f"{HEAD}from {parent} import {name}\n")
        assert len(warnings_of(outcome)) == 1
        return
    added = "import numpy\n" if row.new.startswith("numpy.") else ""
    outcome = check_transformed(f"{HEAD}import scipy\nx = {row.old}\n", f"{HEAD}import scipy\n{added}x = {row.new}\n")
    assert set(rules(outcome)) == {"scipy"}
    new_parent, _, new_name = row.new.rpartition(".")
    alias = "" if new_name == name else f" as {name}"
    check_transformed(f"{HEAD}from {parent} import {name}\n", f"{HEAD}from {new_parent} import {new_name}{alias}\n")


def test_the_arpack_path_of_the_graph_network_project():
    check_transformed("""
        import tensorflow as tf
        import scipy.sparse.linalg.eigen.arpack as arpack
        from scipy.sparse.linalg.eigen.arpack import eigsh, ArpackNoConvergence
        from scipy.sparse.linalg.eigen import arpack as solver
        values = arpack.eigsh(m, 3)
        """, """
        import tensorflow as tf
        import scipy.sparse.linalg as arpack
        from scipy.sparse.linalg import eigsh, ArpackNoConvergence
        from scipy.sparse import linalg as solver
        values = arpack.eigsh(m, 3)
        """)


def test_names_reached_through_aliases_and_chains():
    check_transformed("""
        import tensorflow as tf
        import numpy as np
        import scipy as sp
        import scipy.ndimage.filters
        from scipy import signal, misc
        w = signal.hann(5) + sp.signal.hamming(5)
        g = scipy.ndimage.filters.gaussian_filter(x, 1)
        c = misc.comb(5, 2) + sp.misc.comb(5, 2)
        z = sp.sqrt(-1) + sp.exp(1)
        """, """
        import tensorflow as tf
        import numpy as np
        import scipy as sp
        import scipy.ndimage
        from scipy import signal, misc
        w = signal.windows.hann(5) + sp.signal.windows.hamming(5)
        g = scipy.ndimage.gaussian_filter(x, 1)
        c = sp.special.comb(5, 2) + sp.special.comb(5, 2)
        z = np.emath.sqrt(-1) + np.exp(1)
        """)


def test_an_import_the_replacement_needs_is_added():
    check_transformed(f"{HEAD}from scipy import misc\nc = misc.comb(5, 2)\n",
                      f"{HEAD}from scipy import misc\nimport scipy\nc = scipy.special.comb(5, 2)\n")


def test_a_mixed_from_import_keeps_the_refused_name():
    outcome = check_transformed(f"{HEAD}from scipy.misc import imread, comb as choose, logsumexp\n",
                                f"{HEAD}from scipy.misc import imread\n"
                                "from scipy.special import comb as choose, logsumexp\n")
    assert len(warnings_of(outcome)) == 1 and "imageio" in warnings_of(outcome)[0]


def test_simps_positional_arguments_that_became_keywords_and_its_warning():
    outcome = check_transformed(f"{HEAD}from scipy.integrate import simps\ny = simps(v, t, 0.5, 0)\n",
                                f"{HEAD}from scipy.integrate import simpson as simps\ny = simps(v, t, dx=0.5, axis=0)\n")
    assert ["Cartwright" in message for message in warnings_of(outcome)] == [True]


def test_a_call_passing_an_argument_whose_meaning_changed_is_refused_in_the_whole_file():
    outcome = check_noop(f"{HEAD}import scipy.integrate\na = scipy.integrate.simps(v)\n"
                         "b = scipy.integrate.simps(v, even='first')\n")
    assert warnings_of(outcome) == ["scipy.integrate.simps is gone (removed in SciPy 1.14), left as is: the call "
                                    "passes even; simps's `even` argument is gone: simpson treats an even number "
                                    "of samples its own way"]
    outcome = check_noop(f"{HEAD}import scipy.linalg\np = scipy.linalg.pinv2(a, 1e-3)\n")
    assert "positional argument 2" in warnings_of(outcome)[0]
    check_transformed(f"{HEAD}import scipy.linalg\np = scipy.linalg.pinv2(a)\n",
                      f"{HEAD}import scipy.linalg\np = scipy.linalg.pinv(a)\n")


def test_untouched_without_scipy_or_without_tensorflow_and_switched_off():
    check_noop(f"{HEAD}import numpy as np\nx = np.exp(1)\nscipy = 3\n")
    source = "import scipy.misc\nc = scipy.misc.comb(5, 2)\n"
    check_noop(source)  # no TensorFlow: not the tool's subject
    assert "scipy" in parse() and "scipy" not in parse(ignore="scipy") and parse(select="scipy") == {"scipy"}
    with using(parse(ignore="scipy")):
        check_noop(HEAD + source)


def test_the_table_holds_on_the_installed_scipy():
    """tools/scipy_table_check.py: each replacement exists, each old name is gone or warns."""
    pytest.importorskip("scipy")
    done = subprocess.run([sys.executable, "-m", "tools.scipy_table_check"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_name_also_bound_otherwise_is_not_followed_and_added_imports_come_first():
    check_noop(f"{HEAD}import scipy\ndef f(scipy):\n    return scipy.exp(1)\n")
    check_transformed(f'"""Doc."""\n{HEAD}import scipy\nx = scipy.exp(1)\nimport os\n',
                      f'"""Doc."""\n{HEAD}import scipy\nimport numpy\nx = numpy.exp(1)\nimport os\n')


def test_a_from_import_with_one_destination_keeps_its_parentheses_and_comments():
    check_transformed(f"{HEAD}from scipy.misc import (comb,  # choose\n    factorial as fac)\n",
                      f"{HEAD}from scipy.special import (comb,  # choose\n    factorial as fac)\n")
