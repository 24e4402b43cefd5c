"""A meeting result in words, as the command line and the page show it: its status, each level's score
and bound (how far from optimal at most), when the last meeting ends, the time taken."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from scheduler.domain.meetings import MeetingProblem, Plan
from scheduler.meetings.check import person_tally
from scheduler.meetings.terms import PER_PERSON, Term
from scheduler.text.messages import Message, render
from scheduler.text.times import format_end

if TYPE_CHECKING:
    from scheduler.meetings.check import MeetingReport
    from scheduler.meetings.planner import MeetingResult


def meeting_summary_lines(
    result: MeetingResult, problem: MeetingProblem, plan: Plan | None, lang: str = "zh"
) -> list[str]:
    """Status, each level's score and bound (how far from optimal at most), the last end, the time taken."""
    status = render(Message(f"status.{result.status}"), lang)
    lines = [render(Message("mshow.status", status=status), lang)]
    if plan is not None and result.score:
        lines += score_lines(result.score, result.bound, lang)
        tally = person_tally(problem, plan, result.objective)
        lines += person_lines(result.objective, result.terms, problem.workdays.grid, lang, tally)
        lines += moves_lines(result, lang)
        lines += wish_lines(problem, plan, lang)
        lines += last_end_lines(problem, plan, lang)
    lines.append(render(Message("show.time_taken", seconds=f"{result.wall_time:.2f}"), lang))
    return lines


TOP = 5
"""The people named per per-person term under the summary's line (those adding most; then how many more)."""


def person_lines(
    objective: Sequence[Term],
    terms: Mapping[str, int],
    grid: int,
    lang: str = "zh",
    tally: Mapping[str, Sequence[tuple[str, int]]] | None = None,
) -> list[str]:
    """The per-person terms the objective weighs (``participant-days``, ``idle``), in the office's words:
    ``按人计：多来的天数 0；等待共 36 格（360 分钟）``; none when it weighs neither. With ``tally``
    (:func:`~scheduler.meetings.check.person_tally`), each term's people who add most follow, indented
    (``  来了不止一天的：家长003（2 天）…``, ``  等待最久的：家长058（50 分钟）…``: QA jobs17 F10)."""
    parts, named = [], []
    for term in objective:
        if term.name not in PER_PERSON or term.name not in terms:
            continue
        key = f"mshow.person.{term.name}" + ("_who" if term.who else "")
        who = _who(term.who)
        parts.append(render(Message(key, count=terms[term.name], minutes=terms[term.name] * grid, who=who), lang))
        people = (tally or {}).get(term.name, ())
        if people:
            said = [_person_count(term.name, person, count, grid) for person, count in people[:TOP]]
            more = Message("mshow.top.more", count=len(people) - TOP) if len(people) > TOP else ""
            named.append("  " + render(Message(f"mshow.top.{term.name}", people=said, more=more), lang))
    if not parts:
        return []
    joined = "；".join(parts) if lang == "zh" else "; ".join(parts)
    return [render(Message("mshow.per_person", parts=joined), lang), *named]


def _who(who: Sequence[str]) -> object:
    """A term's ``who`` as the summary names it: all of a short list, else the first :data:`TOP` and how
    many in all (``丁国、丁宇…等 200 人``: QA qamscale18 F10, 200 names twice made one line of 4 kB;
    ``--json``'s ``objective`` keeps them all)."""
    if len(who) <= TOP:
        return list(who)
    return Message("mshow.who_more", names=list(who[:TOP]), count=len(who), more=len(who) - TOP)


def _person_count(name: str, person: str, count: int, grid: int) -> Message:
    """One person's part of a per-person term: the days they come, or the minutes they wait."""
    if name == "participant-days":
        return Message("mshow.top.days_one", name=person, days=count + 1)
    return Message("mshow.top.idle_one", name=person, minutes=count * grid)


def _term_name(term: Term) -> Message:
    """A term's name in the score's parts; a per-person term counting only some people names them, as its
    per-person line does (QA qadocs18 F8: ``人员多来的天数`` beside ``家长多来的天数``)."""
    if term.who and term.name in PER_PERSON:
        return Message(f"term.{term.name}_who", who=_who(term.who))  # cut as the 按人计 line cuts it (review18 F3)
    return Message(f"term.{term.name}")


def check_score_lines(
    problem: MeetingProblem, plan: Plan, objective: Sequence[Term], report: MeetingReport, lang: str = "zh"
) -> list[str]:
    """What ``validate`` says of a timetable after its first line and besides its violations: a valid one's
    score by level, its per-person terms and the people behind them; then, valid or not, the preferred
    times met and each one missed, indented. The command prints these, the page shows them beside its
    check (QA qadocs18 F5, F10: the page had dropped the people lines, and the wishes when a rule broke)."""
    lines = []
    if report.ok:
        lines += score_lines(report.score, {}, lang) if report.score else []
        tally = person_tally(problem, plan, objective)
        lines += person_lines(objective, report.terms, problem.workdays.grid, lang, tally)
    return lines + wish_lines(problem, plan, lang, each=True)  # wishes: information, never a fault


def moves_lines(result: MeetingResult, lang: str = "zh") -> list[str]:
    """A replanned score in its parts, when it counts moved meetings (``reschedule``, ``solve --objective
    stable``) and some meeting moved: the level's terms, each count times its weight, and what the level
    is without the moves, the score ``validate`` gives the timetable written (it has nothing to compare
    with). None otherwise."""
    moves = next((t for t in result.objective if t.name == "moves"), None)
    if moves is None or not result.terms.get(moves.name):
        return []  # nothing moved: the score is the timetable's own
    parts = []
    for term in result.objective:
        if term.level != moves.level or term.name not in result.terms:
            continue
        name = render(_term_name(term), lang)
        count = result.terms[term.name]
        key = "mshow.part" if term.weight == 1 else "mshow.part_weighted"
        parts.append(render(Message(key, term=name, count=count, weight=term.weight), lang))
    level = render(Message(f"mshow.level.{moves.level}"), lang)
    value = result.score.get(moves.level, 0)
    without = value - moves.weight * result.terms["moves"]
    return [
        render(Message("mshow.parts", level=level, value=value, parts=" + ".join(parts)), lang),
        render(Message("mshow.moves_weight", level=level, weight=moves.weight, without=without), lang),
    ]


def wish_lines(problem: MeetingProblem, plan: Plan, lang: str = "zh", each: bool = False) -> list[str]:
    """How many preferred times ``plan`` meets (``时段偏好：满足 37/40``; none when no meeting has one);
    with ``each``, then the meetings placed outside their own, indented (``validate``: information, not
    a violation), the first :data:`~scheduler.meetings.missed.LIMIT` and how many more, as the optional
    participants' lines (QA qamscale18 F11: 811 lines at 2,000 meetings; ``--json`` lists them all)."""
    from scheduler.meetings.missed import LIMIT
    from scheduler.meetings.wishes import wishes

    found = wishes(problem, plan)
    if not found.written:
        return []
    key = "mshow.wishes_unplaced" if found.unplaced else "mshow.wishes"
    lines = [render(Message(key, met=found.met, written=found.written, unplaced=found.unplaced), lang)]
    if not each:
        return lines
    lines += [f"  {render(u.message(), lang)}" for u in found.unmet[:LIMIT]]
    if len(found.unmet) > LIMIT:
        lines.append(render(Message("mshow.wishes_more", count=len(found.unmet) - LIMIT), lang))
    return lines


def last_end_lines(problem: MeetingProblem, plan: Plan, lang: str = "zh") -> list[str]:
    """When the last meeting ends (none when nothing is placed)."""
    minutes = {s.title: s.minutes for s in problem.sessions}
    ends = [p.start + timedelta(minutes=minutes.get(p.title, 0)) for p in plan.placements if p.start is not None]
    return [render(Message("mshow.last", time=format_end(max(ends))), lang)] if ends else []


def score_lines(score: dict[str, int], bound: dict[str, int | None], lang: str = "zh") -> list[str]:
    """``得分（越低越好）：中 0，软 191`` and the bounds: equal means proven optimal, else the gap."""
    parts = []
    gaps = []
    for level, value in score.items():
        name = render(Message(f"mshow.level.{level}"), lang)
        known = bound.get(level)
        if not bound:  # a hand-made timetable's score: nothing to compare it with
            parts.append(f"{name} {value}")
        elif known is None:
            parts.append(render(Message("mshow.level_unbounded", level=name, value=value), lang))
        else:
            parts.append(render(Message("mshow.level_bound", level=name, value=value, bound=known), lang))
            if value > known:
                gaps.append(render(Message("mshow.level_gap", level=name, gap=value - known), lang))
    lines = [render(Message("mshow.score", levels="；".join(parts) if lang == "zh" else "; ".join(parts)), lang)]
    if gaps:
        lines.append(render(Message("mshow.gap", gaps=list(gaps)), lang))
    return lines
