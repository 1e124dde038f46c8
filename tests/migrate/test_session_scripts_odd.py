"""Part 1 of the Session-script collection: the 2nd, 4th, 6th... script in name order
(tests/migrate/session_collection.py says what is checked and how the parts are made)."""
from tests.migrate.session_collection import part_tests, pytest_generate_tests, remembered, reports  # noqa: F401

PART = 1
globals().update(part_tests(PART))
