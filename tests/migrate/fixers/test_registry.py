"""The fixer registry is discovered: every module of migrate/fixers/ is imported and
registers at least one fixer, so a new rule cannot be dropped by a forgotten import."""
import ast
from pathlib import Path

import migrate.engine  # noqa: F401 - the engine imports the registry as it runs
from migrate import fixers

FIXERS_DIR = Path(fixers.__file__).parent
DECORATORS = {"name_fixer", "call_fixer", "import_fixer", "module_fixer"}
# Modules of migrate/fixers/ that are helpers of the fixers, not fixers (they register nothing).
HELPERS = {"tf0_era"}


def _modules_on_disk():
    return sorted(p.stem for p in FIXERS_DIR.glob("*.py") if not p.stem.startswith("_"))


def _registered_in(name):
    tree = ast.parse((FIXERS_DIR / f"{name}.py").read_bytes())
    return [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            and any(isinstance(d, ast.Call) and getattr(d.func, "id", None) in DECORATORS
                    for d in node.decorator_list)]


def test_every_fixer_module_is_imported():
    assert list(fixers.MODULES) == _modules_on_disk()


def test_every_fixer_module_registers_a_fixer_and_every_registration_is_live():
    live = {(f.__module__, f.__name__) for table in (fixers.NAME_FIXERS, fixers.CALL_FIXERS,
                                                    fixers.IMPORT_FIXERS, fixers.MODULE_FIXERS)
            for _, f in table}
    for name in _modules_on_disk():
        declared = _registered_in(name)
        if name in HELPERS:
            assert not declared, f"migrate/fixers/{name}.py registers fixers: take it off HELPERS"
            continue
        assert declared, f"migrate/fixers/{name}.py registers no fixer (a helper? add it to HELPERS)"
        for function in declared:
            assert (f"migrate.fixers.{name}", function) in live


def test_every_fixer_module_has_its_own_test_module():
    tests = Path(__file__).parent
    assert [name for name in _modules_on_disk()
            if name not in HELPERS and not (tests / f"test_{name}.py").exists()] == []
