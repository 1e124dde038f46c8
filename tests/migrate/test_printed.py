import pytest

from migrate.printed import assert_same_printed_numbers, shape


def test_shape_ignores_case_spacing_and_numbers():
    assert shape("step #25a = [6.326008]") == shape("Step #25 A = [ 6.23402166]")
    assert shape("Loss = [[0.1]]") != shape("Loss = [0.1]")


def test_lines_printed_by_one_side_only_are_skipped_and_numbers_compared():
    ours = "Extracting 4000 images\nStep #25 A = [6.2340217]\nLoss = [16.3173]\n"
    theirs = "step #25a = [6.23402166]\nloss = [16.31730]\n"
    lines, largest = assert_same_printed_numbers(ours, theirs, at_least=2)
    assert lines == 2 and largest == pytest.approx(4e-8, abs=1e-8)
    with pytest.raises(AssertionError):
        assert_same_printed_numbers(ours, theirs.replace("16.3173", "16.4"))
    with pytest.raises(AssertionError):
        assert_same_printed_numbers("nothing numeric", theirs)
