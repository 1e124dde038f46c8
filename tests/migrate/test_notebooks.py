"""Notebooks: code cells converted together, IPython syntax and everything else kept."""
import copy
import json
import os
import subprocess
import sys

import pytest

from migrate.engine import Outcome
from migrate.findings import Finding
from migrate.notebooks import NotebookError, _detect_style, _Masker, migrate_notebook

OLD = 1_000_000_000 * 10**9


def notebook(*cells, language="python"):
    return {
        "cells": list(cells),
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": language, "name": "python3"},
                     "language_info": {"name": language}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def code(source, outputs=(), count=None):
    return {"cell_type": "code", "execution_count": count, "metadata": {"id": "x"},
            "outputs": list(outputs), "source": source}


def markdown(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


STREAM = {"name": "stdout", "output_type": "stream", "text": ["6.0\n"]}
PNG = {"data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}, "metadata": {},
       "output_type": "display_data"}


def sample():
    return notebook(
        markdown(["# Ünïcode title\n", "Uses `tf.mul`."]),
        code(["%matplotlib inline\n", "import tensorflow as tf\n", "!pip install tensorflow==1.15\n",
              "files = !ls\n", "tf.constant?"], [STREAM], 1),
        code(["a = tf.constant(2.0)\n", "for i in range(2):\n", "    %time b = tf.constant(3.0)\n",
              "    c = tf.mul(a, b)"], [PNG], 2),
        code("%%time\nd = tf.mul(a, a)\n", [], 3),
        code([], [], None),
        {"cell_type": "raw", "metadata": {}, "source": ["tf.mul(raw)"]},
    )


def test_a_notebook_through_the_command_line(tmp_path):
    original = sample()
    one = tmp_path / "one.ipynb"
    one.write_text(json.dumps(original, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    two = tmp_path / "two.ipynb"
    two.write_text(json.dumps(original, indent=2), encoding="utf-8")  # \\u escapes, no final newline
    broken = copy.deepcopy(original)
    broken["cells"][2]["source"][0] = "print 'python 2'; x = (\n"  # still Python 2 after fissix
    bad = tmp_path / "bad.ipynb"
    bad_bytes = (json.dumps(broken, indent=1) + "\n").encode()
    bad.write_bytes(bad_bytes)
    os.utime(bad, ns=(OLD, OLD))

    done = subprocess.run([sys.executable, "-m", "migrate", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("bad.ipynb:")] == [
        "bad.ipynb:cell 3:1:1: error: cannot parse: Missing parentheses in call to 'print'. "
        "Did you mean print(...)? (this looks like Python 2 source: a print statement; "
        "convert it to Python 3 first)"]
    assert bad.read_bytes() == bad_bytes and bad.stat().st_mtime_ns == OLD  # left whole
    assert "one.ipynb:cell 4:1:1: TF027 notebook-cell-magic:" in done.stderr

    for path, indent, tail in ((one, 1, "\n"), (two, 2, "")):
        text = path.read_text(encoding="utf-8")
        result = json.loads(text)
        # Same layout: re-dumping the result the way the original was written reproduces it.
        ascii_ = path is two
        assert text == json.dumps(result, indent=indent, ensure_ascii=ascii_) + tail
        cells = result["cells"]
        assert "".join(cells[2]["source"]).endswith("    c = tf.multiply(a, b)")  # converted
        assert "    %time b = tf.constant(3.0)\n" in cells[2]["source"]  # magic kept as it was
        assert "tf.mul(" not in "".join(cells[2]["source"])
        # First code cell: every IPython line kept byte for byte.
        for line in original["cells"][1]["source"]:
            assert line in "".join(cells[1]["source"])
        assert cells[3] == original["cells"][3]  # cell magic: not converted
        assert cells[0] == original["cells"][0] and cells[5] == original["cells"][5]
        assert cells[1]["outputs"] == [STREAM] and cells[2]["outputs"] == [PNG]
        assert cells[2]["execution_count"] == 2 and cells[2]["metadata"] == {"id": "x"}
        assert {k: v for k, v in result.items() if k != "cells"} == {
            k: v for k, v in original.items() if k != "cells"}
        assert list(result) == list(original)  # key order kept


def fake_engine(source):
    """tf.mul -> tf.multiply, and an import added at the top, like a real fixer might."""
    if "tensorflow" not in source:
        return Outcome(source, [], False)
    findings = [Finding(number, line.index("tf.mul("), "tf0-name", "renamed", "change")
                for number, line in enumerate(source.splitlines(), 1) if "tf.mul(" in line]
    new = "import added_at_top\n" + source.replace("tf.mul(", "tf.multiply(")
    return Outcome(new, findings, True)


def test_cells_are_converted_together_and_findings_name_cell_and_line():
    nb = notebook(
        markdown("intro"),
        code("import tensorflow as tf"),
        code("x = 1\ny = tf.mul(x, 2)\n"),
        code(["z = tf.mul(y, 3)"]),
        code(["w = (z\n", "     % 2)"]),  # a continuation line, no magic
    )
    text = json.dumps(nb, indent=1)
    outcome = migrate_notebook(text, fake_engine)
    result = json.loads(outcome.text)
    assert result["cells"][1]["source"] == "import added_at_top\nimport tensorflow as tf"
    assert result["cells"][2]["source"] == "x = 1\ny = tf.multiply(x, 2)\n"  # str stays str
    assert result["cells"][3]["source"] == ["z = tf.multiply(y, 3)"]  # list stays list
    assert [(f.cell, f.line, f.column) for f in outcome.findings] == [(3, 2, 4), (4, 1, 4)]
    assert [number for number, _, _ in outcome.cells] == [2, 3, 4]
    assert result["cells"][4]["source"] == ["w = (z\n", "     % 2)"]


def test_unchanged_and_foreign_notebooks_are_left_alone():
    plain = json.dumps(notebook(code("print(1)")), indent=1)
    assert migrate_notebook(plain, fake_engine).changed is False
    with pytest.raises(NotebookError, match="not a Python notebook"):
        migrate_notebook(json.dumps(notebook(code("tensorflow"), language="julia")), fake_engine)
    with pytest.raises(NotebookError, match="invalid JSON"):
        migrate_notebook('{"cells": [tensorflow', fake_engine)
    with pytest.raises(NotebookError, match="nbformat 3"):
        migrate_notebook('{"worksheets": [], "tensorflow": 1}', fake_engine)


def test_markers_the_engine_lost_leave_the_notebook_untouched():
    nb = json.dumps(notebook(code("import tensorflow as tf"), code("tf.mul(1, 2)")))

    def dropping(source):
        return Outcome("\n".join(l for l in source.splitlines() if "migrate:cell" not in l), [], True)

    with pytest.raises(NotebookError, match="back to its cells"):
        migrate_notebook(nb, dropping)


def test_masking_round_trips_ipython_lines():
    source = ("%load_ext autoreload\n!ls -la \\\n  /tmp\nout = !echo hi\nx, y = %sc -l ls\n"
              "obj??\n?obj\nif a:\n    %timeit f()\nb = a % 2\nc = a != 3\n")
    masker = _Masker("n0")
    masked = masker.mask(source, 1)
    assert "%" not in masked.replace("a % 2", "") and "!" not in masked.replace("a != 3", "")
    assert "b = a % 2\n" in masked and "c = a != 3\n" in masked
    import libcst

    libcst.parse_module(masked)
    assert masker.unmask(masked, set()) == source


@pytest.mark.parametrize("indent", [None, 1, 2, 4, "\t"])
@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("ending", ["", "\n", "\r\n"])
def test_json_style_is_detected(indent, ensure_ascii, ending):
    nb = sample()
    text = json.dumps(nb, indent=indent, ensure_ascii=ensure_ascii)
    if ending == "\r\n":
        text = text.replace("\n", "\r\n")
    text += ending
    style, exact = _detect_style(text, nb)
    assert exact and style.dump(nb) == text


def test_a_python_2_cell_is_made_python_3_by_the_py2_family():
    from migrate.families import using

    nb = notebook(code("import tensorflow as tf\n"),
                  code(["%matplotlib inline\n", "for i in xrange(2):\n", "    print 'step', tf.mul(i, 2)\n"]))
    outcome = migrate_notebook(json.dumps(nb, indent=1))
    assert json.loads(outcome.text)["cells"][1]["source"] == [
        "%matplotlib inline\n", "for i in range(2):\n", "    print('step', tf.multiply(i, 2))\n"]
    assert [(f.cell, f.line, f.rule) for f in outcome.findings if f.rule == "py2"] == [(2, 2, "py2"), (2, 3, "py2")]
    with using(frozenset({"tf"})):
        with pytest.raises(NotebookError, match="Python 2"):
            migrate_notebook(json.dumps(nb, indent=1))
