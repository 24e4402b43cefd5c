"""A new round in last round's folder: noticed before any of last round's invites is turned into this one's.

A campaign is tied to its dates (docs/mail.md, "A new round"). An invites folder whose meetings are all
over, for rules whose days all come months after them, is last round's folder reused for the next round
(copied, or solved into again with the campaign id kept): exporting into it would send "updates" under
last round's UIDs that move meetings already held to the new dates, and remove them from the units'
calendars (QA qareuse22 F1). So such a folder is refused, saying to give the new round a campaign id of
its own and a folder of its own. A round moved by a few weeks, or re-planned a few days after it was
held, is not one (its invites are updated as before); nor is a round **postponed** before it was held,
however far (decided in the twenty-second session: the meetings mailed and not held are moved, which is
what an update is for; it was refused past :data:`YEAR_DAYS`). A postponement past :data:`YEAR_DAYS` is
said on one line (:func:`postponed`), since it may be a year typed wrong. A rules file whose days have no
year (the current year's) reused a year later is refused as last round's folder, the line saying the
year was the clock's and how to name last round's instead.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from scheduler.errors import InputError
from scheduler.invites.state import State
from scheduler.text.messages import Message

ROUND_DAYS = 60
"""A folder whose meetings have all started is last round's when the rules' first day comes more than
this many days after its last meeting (a round re-planned within two months is the same round)."""
YEAR_DAYS = 300
"""Rules' days more than this many days after the mailed meetings not yet held are said as a postponement
that may be a year typed wrong (:func:`postponed`): the same "a year apart" as two neighbouring days in
``days`` (docs/formats.md)."""


@dataclass(frozen=True)
class PastRound:
    """The folder's last meeting and the rules' first day, when the folder holds another round."""

    last: datetime
    first: date


def past_round(
    state: State | None, days: Sequence[date], timezone: str, now: datetime, mailed: Collection[str]
) -> PastRound | None:
    """Whether ``state`` (an invites folder's) holds another round than rules with ``days``: its standing
    meetings that were mailed (``mailed``: the journal keys the mail journal says went out, or may have)
    all started by ``now`` and the first day more than :data:`ROUND_DAYS` after the last of them. ``None``
    when it is this round: nothing of it was mailed (invites never sent are in no calendar, and a year
    typed wrong and corrected before the mailing is updated as any change), or a mailed meeting is still
    to be held (a postponement, however far: :func:`postponed` says a far one)."""
    gap = _gap(state, days, timezone, mailed)
    if gap is not None and gap[0] > ROUND_DAYS and gap[1] <= now:
        return PastRound(gap[1], min(days))
    return None


def postponed(
    state: State | None, days: Sequence[date], timezone: str, now: datetime, mailed: Collection[str]
) -> Message | None:
    """One line when rules with ``days`` move a round mailed and not all held (``state``, ``mailed`` as for
    :func:`past_round`) more than :data:`YEAR_DAYS` later: its invites become updates to those dates, which
    is right for a postponement and wrong for a year typed wrong, so it is said before they are mailed;
    ``None`` otherwise."""
    gap = _gap(state, days, timezone, mailed)
    if gap is None or gap[0] <= YEAR_DAYS or gap[1] <= now:
        return None
    last = gap[1].astimezone(ZoneInfo(timezone)).date().isoformat()
    return Message("invites.postponed", first=min(days).isoformat(), last=last, days=gap[0])


def _gap(
    state: State | None, days: Sequence[date], timezone: str, mailed: Collection[str]
) -> tuple[int, datetime] | None:
    """Days from the last standing meeting mailed (not cancelled) to the first of ``days``, and that meeting's
    start; ``None`` when nothing standing was mailed."""
    if state is None or not days:
        return None
    standing = [s for s in state.invites if not s.cancelled and s.method != "CANCEL" and (s.key or s.uid) in mailed]
    starts = [_start(s.start) for s in standing]
    known = [s for s in starts if s is not None]
    if not known:
        return None
    last = max(known)
    return (min(days) - last.astimezone(ZoneInfo(timezone)).date()).days, last


def _start(text: str) -> datetime | None:
    """A state's start (ISO with its offset), or ``None`` when it is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def next_campaign(campaign: str, old_year: int, new_day: date) -> str:
    """A campaign id for the new round, for the refusal to offer: ``campaign`` with its year written as
    ``new_day``'s, when it holds ``old_year`` and the new round is in another year; else ``campaign`` and
    the new round's year and month (``beiguan-2021-zwgk`` for 2022 → ``beiguan-2022-zwgk``)."""
    year = re.compile(rf"(?<!\d){old_year}(?!\d)")
    if new_day.year != old_year and year.search(campaign):
        return year.sub(str(new_day.year), campaign)
    return f"{campaign}-{new_day.year}-{new_day.month:02d}"


def check_round(
    state: State | None,
    campaign: str,
    days: Sequence[date],
    timezone: str,
    now: datetime,
    path: str,
    mailed: Collection[str] = (),
    clock_year: bool = False,
) -> None:
    """Refuse an invites folder (``path``: its state file) that is not this round's, in one line saying
    what to do: of another campaign (a new round: another folder; the same round: the campaign id back),
    or of this campaign's id but last round's meetings, mailed (:func:`past_round`: a new id and a new
    folder; ``clock_year``: the rules' days have no year, the current year's, so the line says how to
    name last round's year instead)."""
    if state is None:
        return
    held = past_round(state, days, timezone, now, mailed)
    last = held.last.astimezone(ZoneInfo(timezone)).date().isoformat() if held is not None else ""
    if state.campaign != campaign:
        if held is not None:
            raise InputError(Message("input.state_past_round", old=state.campaign, last=last, new=campaign), path)
        raise InputError(Message("input.state_campaign", old=state.campaign, new=campaign), path)
    if held is not None:
        offered = next_campaign(campaign, held.last.year, held.first)
        year = held.last.astimezone(ZoneInfo(timezone)).year
        note = Message("input.round_clock_year", year=held.first.year, old=year) if clock_year else ""
        said = Message(
            "input.new_round", old=campaign, last=last, first=held.first.isoformat(), offered=offered, year_note=note
        )
        raise InputError(said, path)


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def campaign_year(campaign: str, days: Sequence[date]) -> Message | None:
    """A warning for a campaign id that names a year none of ``days`` is in (``beiguan-2021-zwgk`` for days
    in 2022): last round's id kept for a new round, whose invites would take last round's UIDs and replace
    its held meetings in the units' calendars (QA qareuse22 F4). Said at the first export into a folder,
    while the id can still change; a warning, not a refusal: "2021年度" reviews held in January 2022 are
    named so on purpose. ``None`` when the id names no year, or one of the days'."""
    named = [int(found) for found in _YEAR.findall(campaign)]
    years = {day.year for day in days}
    if not named or not days or years & set(named):
        return None
    first = min(days)
    offered = next_campaign(campaign, named[0], first)
    return Message("invites.campaign_year", campaign=campaign, named=named[0], year=first.year, offered=offered)
