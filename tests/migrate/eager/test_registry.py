"""The eager patterns' registry (migrate/eager/registry.py): every module of patterns/
registers one pattern, once; each has its test module; no pattern imports another; every
hook it overrides and every hook the stage calls is one `Pattern` defines; the documented
map is the registry's."""
import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

from migrate.eager import registry
from migrate.eager.pattern import Pattern

ROOT = Path(__file__).resolve().parents[3]
PATTERNS_DIR = ROOT / "migrate" / "eager" / "patterns"
MODULES = sorted(p.stem for p in PATTERNS_DIR.glob("*.py") if p.stem != "__init__")
HOOKS = {name for name, _ in inspect.getmembers(Pattern, inspect.isfunction)}

def _imported_patterns(module: str) -> set:
    """The pattern modules `module` imports, in any form (annotation-only imports included)."""
    return _imports_of(ast.parse((PATTERNS_DIR / f"{module}.py").read_text()))


def _imports_of(tree) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "migrate.eager.patterns":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("migrate.eager.patterns."):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "migrate.eager":
            found |= {alias.name for alias in node.names if alias.name == "patterns"}
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[3] for alias in node.names
                      if alias.name.startswith("migrate.eager.patterns.")}
    return found


@pytest.mark.parametrize("module", MODULES)
def test_every_pattern_module_registers_one_pattern(module):
    mod = importlib.import_module(f"migrate.eager.patterns.{module}")
    assert isinstance(mod.PATTERN, Pattern)
    assert mod.PATTERN.name == module
    assert mod.PATTERN.summary
    assert [p for p in registry.PATTERNS if p is mod.PATTERN] == [mod.PATTERN]


def test_the_registry_holds_only_the_modules_patterns():
    assert sorted(p.name for p in registry.PATTERNS) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_every_pattern_has_its_test_module(module):
    assert (ROOT / "tests" / "migrate" / "eager" / f"test_{module}.py").exists()


@pytest.mark.parametrize("pattern", registry.PATTERNS, ids=lambda p: p.name)
def test_a_pattern_overrides_only_hooks_the_interface_defines(pattern):
    own = {name for name, value in vars(type(pattern)).items()
           if inspect.isfunction(value) and not name.startswith("_")}
    assert own - HOOKS == set()


def test_every_hook_the_stage_calls_is_defined():
    called = set()
    for path in (ROOT / "migrate" / "eager").rglob("*.py"):
        called |= set(re.findall(r'(?:registry\.(?:first|each|claimed|gathered)|\.ask|\.ask_all|\.tell)\(\s*"(\w+)"',
                                 path.read_text()))
    assert called, "the stage calls no hook: the pattern above no longer finds the calls"
    assert called - HOOKS == set()


def test_the_documented_map_is_the_registry():
    doc = (ROOT / "docs" / "eager.md").read_text()
    block = doc.split("<!-- registry map -->\n", 1)[1].split("\n<!-- end of registry map -->", 1)[0]
    assert block == registry.documented_map(), \
        "docs/eager.md's map is stale: paste the table `python -m migrate.eager.registry` prints"


@pytest.mark.parametrize("module", MODULES)
def test_no_pattern_imports_another(module):
    """A question to another pattern goes through the registry (`a.ask`, `t.ask`: a hook of
    pattern.py); a helper several patterns share lives in a module of migrate/eager/."""
    assert _imported_patterns(module) == set(), module


def test_the_import_check_sees_every_form_of_import():
    tree = ast.parse("from migrate.eager.patterns import variables\n"
                     "from migrate.eager.patterns.scopes import Scope\n"
                     "import migrate.eager.patterns.layers as layers\n"
                     "from migrate.eager import patterns\n")
    assert _imports_of(tree) == {"variables", "scopes", "layers", "patterns"}


def test_patterns_never_import_the_stage_that_calls_them():
    """Only the annotations may name the stage's classes (under `if TYPE_CHECKING:`, never run)."""
    core = {"analysis", "translate", "functions", "emit", "registry", "stages", "reading"}
    for module in MODULES:
        tree = ast.parse((PATTERNS_DIR / f"{module}.py").read_text())
        annotations_only = {id(node) for top in tree.body if isinstance(top, ast.If)
                            and isinstance(top.test, ast.Name) and top.test.id == "TYPE_CHECKING"
                            for node in ast.walk(top)}
        for node in ast.walk(tree):
            if id(node) in annotations_only or not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            if node.module == "migrate.eager":
                assert not {alias.name for alias in node.names} & core, module
            elif node.module.startswith("migrate.eager."):
                assert node.module.rsplit(".", 1)[-1] not in core, module


def test_first_answer_wins_in_registry_order(monkeypatch):
    class Says(Pattern):
        def __init__(self, answer):
            self.answer = answer

        def function_name(self, t, fn):
            return self.answer

    monkeypatch.setattr(registry, "PATTERNS", (Says(None), Says("second"), Says("third")))
    assert registry.first("function_name", None, None) == "second"
    monkeypatch.setattr(registry, "PATTERNS", (Says(None),))
    assert registry.first("function_name", None, None) is None
