"""The matplotlib family (migrate/families/matplotlib_values.py): one test per LEGEND_LOC row."""
import pytest

from migrate.families import using
from migrate.families.matplotlib_values import LEGEND_LOC
from tests.migrate.helpers import check_noop, check_transformed, rules

HEAD = "import tensorflow as tf\nimport matplotlib.pyplot as plt\n"


@pytest.mark.parametrize("old", sorted(LEGEND_LOC))
def test_legend_loc_row(old):
    outcome = check_transformed(f"{HEAD}plt.legend(['a'], loc='{old}')\n",
                                f"{HEAD}plt.legend(['a'], loc='{LEGEND_LOC[old]}')\n")
    assert rules(outcome) == ["matplotlib"]


def test_valid_locations_and_other_calls_are_untouched():
    check_noop(f"{HEAD}plt.legend(loc='upper left')\nax.text(0, 0, 'x', loc='top left')\n")


def test_switched_off():
    with using(frozenset({"tf"})):
        check_noop(f"{HEAD}plt.legend(loc='top left')\n")
