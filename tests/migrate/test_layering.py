"""The shipped tool stands alone: migrate/ imports nothing of the demo side (twins/,
legacy/, modern/), of the dev tools (tools/) or of the tests, and reads no file under
tests/ at run time."""
import ast
from pathlib import Path

import pytest

MIGRATE = Path(__file__).resolve().parents[2] / "migrate"
FORBIDDEN = ("twins", "legacy", "modern", "seed_data", "tools", "tests")


def _sources():
    return sorted(MIGRATE.rglob("*.py"))


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(MIGRATE)))
def test_migrate_imports_nothing_outside_itself(path):
    tree = ast.parse(path.read_bytes())
    bad = [name for name in _imports(tree) if name.split(".")[0] in FORBIDDEN]
    assert bad == []


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(MIGRATE)))
def test_migrate_reads_nothing_under_tests(path):
    tree = ast.parse(path.read_bytes())
    docstrings = {id(node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    paths = [node.value for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and id(node) not in docstrings
             and (node.value == "tests" or "tests/" in node.value or "fixtures" in node.value)]
    assert paths == []


def test_the_dev_tools_live_outside_the_package():
    assert not any((MIGRATE / name).exists() for name in ("bench.py", "corpus.py", "robustness.py"))
    tools = MIGRATE.parent / "tools"
    assert all((tools / name).exists() for name in ("bench.py", "corpus.py", "robustness.py"))


@pytest.mark.parametrize("module", ["migrate/workers.py", "migrate/runner.py", "migrate/verify.py",
                                    "migrate/codemod.py", "tools/robustness.py"])
def test_every_entry_point_converts_through_the_pipeline(module):
    tree = ast.parse((MIGRATE.parent / module).read_bytes())
    assert "migrate.pipeline" in set(_imports(tree))
    engine_calls = {"migrate_source", "translate_source"}
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module in ("migrate.engine", "migrate.eager", "migrate.files")
                for alias in node.names}
    assert not imported & engine_calls, "convert through migrate.pipeline, not the engine"


@pytest.mark.parametrize("helper", ["dotted", "attr_chain", "_module_node", "numeric_lines",
                                    "last_digit", "shape", "assert_same_printed_numbers"])
def test_shared_helpers_are_defined_once(helper):
    root = MIGRATE.parent
    defined = [str(path.relative_to(root))
               for folder in ("migrate", "twins", "tools")
               for path in sorted((root / folder).rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_bytes()))
               if isinstance(node, ast.FunctionDef) and node.name == helper]
    assert len(defined) <= 1, defined


RUNTIME = MIGRATE.parent / "tf_revive_runtime"


@pytest.mark.parametrize("path", sorted(RUNTIME.rglob("*.py")), ids=lambda p: p.name)
def test_the_runtime_imports_nothing_of_the_tool(path):
    """Converted files import tf_revive_runtime; it must work where `migrate` is another
    project's package (or absent), so it never imports migrate."""
    tree = ast.parse(path.read_bytes())
    assert [name for name in _imports(tree) if name.split(".")[0] == "migrate"] == []


def test_the_runtime_package_is_named_once():
    from migrate.runtime import RUNTIME_PACKAGE

    assert RUNTIME.name == RUNTIME_PACKAGE
