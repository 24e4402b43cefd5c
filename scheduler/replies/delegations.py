"""Who handed which meeting on to whom, as the answers read so far say: what ``send`` gives the invites so
that each delegate gets the meeting (RFC 5546 3.2.2.3; :func:`scheduler.invites.meetings.handed_on`).

The send flow (:mod:`scheduler.mail.flow`) sits below the replies and cannot read the ledger itself; it
asks a :data:`~scheduler.mail.flow.Delegating` function, and :func:`campaign_delegations` is the one the
command and the web app give it, as they give it the bounces (:mod:`scheduler.replies.bounces`). A
delegation stands by the one rule of :attr:`scheduler.replies.standing.Standing.delegated_to`: the
participant's last trusted answer, to this invite or an earlier one, is their DELEGATED or their
delegate's answer; their own answer afterwards takes it back (and ``send`` then cancels the delegate's
copy). No ledger, or no state: ``None``, the delegates the last export wrote are kept as they are.

Where the ledger is read: at the edge, by the commands that write invites, never by the invite builders
(:mod:`scheduler.invites.meetings` is given a mapping). ``send`` and the web app's sending give the flow
:func:`campaign_delegations` (read under the flow's locks); ``ics``, ``solve --out`` and the web app's
export read :func:`delegations_at` before they build the invites (docs/mail.md, "A meeting handed on").
"""

from __future__ import annotations

from pathlib import Path

from scheduler.invites.meetings import Delegations
from scheduler.invites.state import STATE_NAME, read_state
from scheduler.mail.campaign import journal_path
from scheduler.mail.flow import Delegating
from scheduler.mail.journal import History, read_history
from scheduler.replies.ledger import ledger_path, read_settled
from scheduler.replies.standing import Standings, invitees, judge


def campaign_delegations(
    table: str | Path, journal: str | Path | None = None, ledger: str | Path | None = None
) -> Delegating:
    """The delegations of ``table``'s campaign, read from ``ledger`` (default: ``replies-ledger.jsonl``
    beside the journal, itself beside the table by default, as for the bounces) when the flow asks (under
    its locks, against the invites folder about to be written)."""
    at = Path(ledger) if ledger else ledger_path(Path(journal) if journal else journal_path(table))

    def delegated(folder: Path, history: History) -> Delegations | None:
        return _read(at, folder, history)

    return delegated


def delegations_at(folder: str | Path, journal: str | Path, ledger: str | Path | None = None) -> Delegations | None:
    """The delegations the ledger (default: ``replies-ledger.jsonl`` beside ``journal``) records for the
    invites in ``folder``, read now: what ``ics`` and ``solve --out`` give the invites they write, so a
    file written after a delegation was recorded carries the delegate as the mailed copies do (a re-export
    never quietly drops them). ``None`` (no ledger, no state): the delegates the last export wrote."""
    at = Path(ledger) if ledger else ledger_path(Path(journal))
    if not at.exists():
        return None
    return _read(at, Path(folder), read_history(journal))


def _read(at: Path, folder: Path, history: History) -> Delegations | None:
    """:func:`delegations_of` the answers in the ledger ``at`` to the invites in ``folder``."""
    if not at.exists():
        return None
    state = read_state(folder / STATE_NAME)
    if state is None:
        return None
    return delegations_of(judge(invitees(state, history), read_settled(at, "replies.ledger_busy").mails))


def delegations_of(found: Standings) -> dict[tuple[str, str], str]:
    """(meeting UID, participant) -> the delegate's address, for every meeting participant whose
    delegation stands (the first address of a DELEGATED-TO naming several; none for one naming no address)."""
    out = {}
    for row in found.rows:
        person = row.invitee
        to = [a.strip() for a in row.delegated_to.split(",") if "@" in a]
        if person.title and to:
            out[person.uid, person.name] = to[0]
    return out
