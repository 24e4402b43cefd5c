"""A :class:`~scheduler.text.times.Dated` time survives pickling and copying with both its forms: an
error or a message holding one crosses processes (a pool, the deadline calendars' child) and an engineer
may deep-copy a result."""

import copy
import pickle
from datetime import datetime

import pytest

from scheduler.text.times import Dated, dated, format_time


@pytest.mark.parametrize("clone", [pickle.loads, copy.deepcopy, copy.copy], ids=["pickle", "deepcopy", "copy"])
def test_a_dated_time_keeps_both_forms_when_copied(clone):
    moment = format_time(datetime(2021, 9, 8, 10, 0))
    made = clone(pickle.dumps(moment)) if clone is pickle.loads else clone(moment)
    assert isinstance(made, Dated)
    assert made == "9月8日 10:00" and dated(made, "en") == "Sep 8 10:00"


def test_an_error_holding_a_dated_time_pickles():
    error = ValueError(format_time(datetime(2021, 9, 8, 10, 0)))
    again = pickle.loads(pickle.dumps(error))
    assert dated(again.args[0], "en") == "Sep 8 10:00"
