"""A span whose ends are written without a year (QA timecal14 L2): ``9月11日至9月25日`` for a campaign in
March 2027 took 2027 for its start and 2026 for its end (each nearest the campaign), ran backwards and
was 'unreadable'; its end now takes the first year that puts it after its start."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from scheduler.text.times import parse_span, year_resolver

MARCH = year_resolver([date(2027, 3, 13), date(2027, 3, 15)])


def test_a_span_reads_forward_across_the_campaigns_nearest_years() -> None:
    first, last = parse_span("9月11日至9月25日", MARCH)
    assert (first.date(), last.date()) == (date(2027, 9, 11), date(2027, 9, 25))


def test_a_span_across_new_year_ends_in_the_next() -> None:
    first, last = parse_span("12月28日至1月3日", year_resolver([date(2026, 12, 29)]))
    assert (first.date(), last.date()) == (date(2026, 12, 28), date(2027, 1, 3))


def test_a_span_written_with_years_backwards_is_still_refused() -> None:
    with pytest.raises(ValueError):
        parse_span("2026-09-25至2026-09-11", MARCH)
    assert parse_span("9月8日 8:00-11:00", MARCH)[1] == datetime(2027, 9, 8, 11)
