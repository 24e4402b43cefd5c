"""Which invites ``send`` holds back because mail to their address bounced: the replies ledger, read for it.

The send flow (:mod:`scheduler.mail.flow`) sits below the replies and cannot
read the ledger itself; it asks a :data:`~scheduler.mail.flow.Bounces` function,
and :func:`campaign_bounces` is the one the command and the web app give it. A
bounce is live by the same rule as for reminders
(:func:`scheduler.replies.standing.live_bounces`): it returned mail to the
address the invitee has now (once the contacts give another address the
invite goes out there), and no mail from that address was read after it and
no ``--allow-bounced`` mailing went there after it. No ledger: nothing is held
back.
"""

from __future__ import annotations

from pathlib import Path

from scheduler.invites.calendar import Export
from scheduler.mail.campaign import journal_path
from scheduler.mail.flow import Bounces
from scheduler.mail.journal import History
from scheduler.mail.plan import Bounced
from scheduler.replies.answers import BOUNCE
from scheduler.replies.ledger import ledger_path, read_settled
from scheduler.replies.returns import bounce_cause
from scheduler.replies.standing import invitees, live_bounces


def campaign_bounces(table: str | Path, journal: str | Path | None = None, ledger: str | Path | None = None) -> Bounces:
    """The live bounces of ``table``'s campaign, read from ``ledger`` (default: ``replies-ledger.jsonl`` beside
    the journal, itself beside the table by default: where ``replies`` and ``send --remind`` find it).

    The ledger is read when the flow asks (under the journal's lock, against the invites about to be
    mailed); a damaged one is an :class:`~scheduler.errors.InputError` naming its line, before anything
    is written.
    """
    at = Path(ledger) if ledger else ledger_path(Path(journal) if journal else journal_path(table))

    def bounced(export: Export, history: History) -> dict[str, Bounced]:
        mails = read_settled(at, "replies.ledger_busy").mails
        if not any(signal.kind == BOUNCE for mail in mails for signal in mail.signals):
            return {}  # the usual case: no invitee to work out
        people = invitees(export.state, history)
        found = live_bounces(people, mails)
        current = {person.key or person.uid: person.address or "" for person in people}
        return {
            key: Bounced(
                notice.signal.attendee or current.get(key, ""), notice.signal.status, bounce_cause(notice.signal)
            )
            for key, notice in found.items()
        }

    return bounced
