"""migrate.files: exact decoding/encoding, parse-error wording, atomic writes (in-process, no TF)."""
import codecs
import os
import stat

import libcst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.files import (
    InputError,
    decode_source,
    describe_parse_error,
    encode_source,
    read_bytes,
    write_atomic,
)

OLD = 1_000_000_000 * 10**9  # an mtime (ns) no write could produce by accident

_line = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(_line, max_size=6),
    endings=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=6, max_size=6),
    final=st.booleans(),
    bom=st.booleans(),
)
def test_utf8_decode_encode_is_the_identity_on_bytes(lines, endings, final, bom):
    text = "".join(line + ending for line, ending in zip(lines, endings))
    if not final and text:
        text = text.rstrip("\r\n")
    data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    decoded = decode_source(data)
    assert decoded.bom is bom and decoded.encoding == "utf-8"
    assert decoded.text == text  # no newline translation, no BOM in the text
    assert encode_source(decoded.text, decoded) == data


@settings(max_examples=60, deadline=None)
@given(body=st.text(alphabet=st.characters(max_codepoint=255, blacklist_categories=("Cs",)), max_size=40))
def test_a_coding_line_is_honoured_both_ways(body):
    data = b"# -*- coding: latin-1 -*-\r\n" + body.encode("latin-1")
    decoded = decode_source(data)
    assert decoded.encoding == "iso-8859-1" and not decoded.bom
    assert decoded.text.endswith(body)
    assert encode_source(decoded.text, decoded) == data


def test_undecodable_bytes_name_the_line_and_suggest_a_coding_line():
    with pytest.raises(InputError) as caught:
        decode_source(b"import tensorflow as tf\r\nx = 'caf\xe9'\n")
    error = caught.value
    assert (error.line, error.column) == (2, 9)
    assert "utf-8" in error.message and "0xe9" in error.message and "coding" in error.message
    with pytest.raises(InputError, match="cannot decode"):
        decode_source(b"# -*- coding: no-such-codec -*-\nx = 1\n")


def test_a_character_the_encoding_lacks_is_an_error_not_a_mangled_file():
    decoded = decode_source(b"# coding: latin-1\nx = 1\n")
    with pytest.raises(InputError, match="not representable"):
        encode_source(decoded.text + "y = '\u20ac'\n", decoded)


def test_read_errors_are_one_line(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="no such file"):
        read_bytes(str(tmp_path / "missing.py"))
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(str(tmp_path))
    secret = tmp_path / "secret.py"
    secret.write_bytes(b"x = 1\n")
    real_open = os.open

    def deny(path, *args, **kwargs):
        if os.fspath(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(InputError, match="permission denied"):
        read_bytes(str(secret))


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import tensorflow as tf\nprint 'x'\n", "Python 2"),
        ("import tensorflow as tf\nif x:\n    raise ValueError, 'bad'\n", "Python 2"),
        ("import tensorflow as tf\nmode = 0755\n", "Python 2"),
        ("import tensorflow as tf\nx = (1,\n", "never closed"),
    ],
)
def test_parse_errors_are_one_line_with_a_location(source, expected):
    with pytest.raises(libcst.ParserSyntaxError) as caught:
        libcst.parse_module(source)
    problem = describe_parse_error(source, caught.value)
    assert problem.message.startswith("cannot parse: ") and expected in problem.message
    assert "\n" not in problem.message and problem.line >= 2 and problem.column >= 1
    if expected != "Python 2":
        assert "Python 2" not in problem.message


def test_write_atomic_keeps_mode_skips_identical_content_and_follows_links(tmp_path):
    target = tmp_path / "a.py"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o751)
    os.utime(target, ns=(OLD, OLD))
    assert write_atomic(str(target), b"old\n") is False
    assert target.stat().st_mtime_ns == OLD  # not rewritten
    assert write_atomic(str(target), b"new\r\n") is True
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert write_atomic(str(link), b"via link\n") is True
    assert link.is_symlink() and target.read_bytes() == b"via link\n"
    # A new file takes the mode of the file it was made from.
    copy = tmp_path / "copy.py"
    write_atomic(str(copy), b"x\n", mode_from=str(target))
    assert stat.S_IMODE(copy.stat().st_mode) == 0o751
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py", "copy.py", "link.py"]  # no temp left


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.py"
    target.write_bytes(b"original\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(str(target), b"converted\n")
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.py"]


def test_stale_temporaries_are_matched_by_name_whatever_the_name_holds(tmp_path):
    """A dead run's temporary for this file goes (glob characters in the names are plain
    characters); a live run's, another file's and a name that only looks alike stay."""
    import subprocess
    import sys

    from migrate.files import remove_stale_temporaries

    folder = tmp_path / "we[ir]d*?"
    folder.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = {
        "stale": f".x[1].py.{dead.pid}.k3j9x2ab.migrate-tmp",
        "live": f".x[1].py.{os.getpid()}.k3j9x2ab.migrate-tmp",
        "other file": f".x[1].pyc.{dead.pid}.k3j9x2ab.migrate-tmp",
        "no pid": ".x[1].py..migrate-tmp",
        "not a temporary": f".x[1].py.{dead.pid}.k3j9x2ab",
        # the temporary of a file named x[1].py.PID.py, being written by a live run
        "a longer name's": f".x[1].py.{dead.pid}.py.{os.getpid()}.k3j9x2ab.migrate-tmp",
    }
    for name in names.values():
        (folder / name).write_bytes(b"half a file")
    removed = remove_stale_temporaries(str(folder / "x[1].py"))
    assert removed == [str(folder / names["stale"])]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        name for key, name in names.items() if key != "stale")
    assert remove_stale_temporaries(str(tmp_path / "missing" / "x.py")) == []
