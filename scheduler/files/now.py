"""The moment "now": ``--now``, else ``$DOCKING_NOW``, else the computer's clock; and the stamp of changed
calendar items (``$SOURCE_DATE_EPOCH`` for reproducible builds). Read at the edges; the core takes now as a
value. Small on purpose: ``solve`` of a unit table reads it on its way to the search."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from scheduler.errors import InputError
from scheduler.text.messages import Message

NOW_VARIABLE = "DOCKING_NOW"
"""The environment variable that fixes "now" (an ISO time with its offset, ``2027-01-04T08:00+08:00``)
for the judgement of which meetings are over (:func:`planning_now`): for tests, and to plan as of
another day (docs/cli.md)."""


def planning_now(given: str | None = None, option: str = "--now") -> datetime:
    """The moment a campaign's meetings are judged started or over against: ``given`` (``--now``), else
    ``$DOCKING_NOW``, else the computer's clock. A value that is not an ISO time with its offset is bad
    input naming the option or the variable."""
    text, where = (
        (given, option) if given is not None else (os.environ.get(NOW_VARIABLE, "").strip(), f"${NOW_VARIABLE}")
    )
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InputError(Message("now.bad", value=text), column=where)
    return moment


def given_now(given: datetime | None = None) -> datetime | None:
    """The command's "now" when one is given (``given``: ``--now``, else ``$DOCKING_NOW``), else ``None``
    (the clock): the moment the mail journal's lines are stamped with, so that a rehearsal's stamps
    agree with its own "now" (the reminder rounds and the answers' times reckon from them; QA jobs17
    F2). The clock is not fixed at the command's start: a long mailing's lines keep their moments."""
    if given is not None:
        return given
    return planning_now() if os.environ.get(NOW_VARIABLE, "").strip() else None


def now_utc() -> datetime:
    """The DTSTAMP of changed items: now, or ``$SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)
