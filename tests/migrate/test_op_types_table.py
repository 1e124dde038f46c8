"""migrate/tables/op_types.py is what migrate/tables/generate_op_types.py writes from the
installed TensorFlow."""
from migrate.tables import generate_op_types
from migrate.tables.op_types import OP_TYPES


def test_the_op_types_table_is_up_to_date():
    assert generate_op_types.main(["--check"]) == 0, "run: python -m migrate.tables.generate_op_types"
    assert {"mean", "max", "min", "sum", "matmul", "add"} <= OP_TYPES
