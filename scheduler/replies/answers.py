"""What the replies reader found: an attendee's answer, a mail that held answers (or could not be read).

These are plain records: :mod:`scheduler.replies.itip` makes them from mail
bytes, :mod:`scheduler.replies.ledger` writes them down and reads them back,
:mod:`scheduler.replies.standing` weighs them against the invites.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from scheduler.text.messages import Message


class State(StrEnum):
    """A unit's (or a person's) answer to its current invite."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    TENTATIVE = "tentative"
    COUNTER = "counter"
    """Proposed another time (iTIP COUNTER)."""
    DELEGATED = "delegated"
    """Passed the invite to someone else (PARTSTAT=DELEGATED)."""
    NO_ANSWER = "no-answer"


ANSWER_METHODS = ("REPLY", "COUNTER")
_PARTSTATS = {
    "ACCEPTED": State.ACCEPTED,
    "DECLINED": State.DECLINED,
    "TENTATIVE": State.TENTATIVE,
    "DELEGATED": State.DELEGATED,
}
ANSWER_PARTSTATS = frozenset(_PARTSTATS)
"""The PARTSTATs a REPLY answers with (RFC 5546 3.2.3); any other (NEEDS-ACTION, a to-do's IN-PROCESS, an
X- value) says nothing about coming, and the reader names such a REPLY instead of taking it."""


@dataclass(frozen=True)
class Answer:
    """One attendee's answer in one calendar (a REPLY or a COUNTER).

    ``attendee`` is the address the answer speaks for (the ATTENDEE's
    ``mailto:``), ``sequence`` the SEQUENCE it answers. For a COUNTER, ``start``
    and ``end`` are the time proposed (``original``: the time it replaces, when
    the client says so); for a REPLY they are the time the client showed. Times
    are aware, or naive when the client gave no zone it knows (read them in the
    campaign's zone).
    """

    method: str
    uid: str
    sequence: int
    attendee: str
    name: str = ""
    partstat: str = ""
    comment: str = ""
    stamp: datetime | None = None
    start: datetime | None = None
    end: datetime | None = None
    original: datetime | None = None
    delegated_to: str = ""
    """Whom a DELEGATED answer passes the invite to (addresses, comma-separated)."""
    sent_by: str = ""
    """The ATTENDEE's SENT-BY: who answered on the attendee's behalf (a secretary)."""
    unsequenced: bool = False
    """The calendar has no SEQUENCE (``sequence`` is then RFC 5545's default, 0)."""

    @property
    def state(self) -> State:
        """What the answer says: a COUNTER is ``counter`` whatever its PARTSTAT."""
        if self.method == "COUNTER":
            return State.COUNTER
        return _PARTSTATS.get(self.partstat.upper(), State.NO_ANSWER)


REFRESH = "refresh"
BOUNCE = "bounce"


@dataclass(frozen=True)
class Signal:
    """What a mail says about one of our invites that is not an answer: the attendee asks for it again
    (``refresh``: iTIP REFRESH, RFC 5546 3.2.6), or it could not be delivered (``bounce``: a delivery
    status notification, RFC 3464, returning it or naming its Message-ID).

    ``attendee`` is the REFRESH's ATTENDEE, or the address the bounced mail went to; ``status`` a
    bounce's status code (``5.1.1``), ``message_id`` the bounced mail's Message-ID; ``sent_by`` a REFRESH's
    ATTENDEE's SENT-BY (who asks on the attendee's behalf), so a REFRESH is trusted as an answer is.
    """

    kind: str
    uid: str = ""
    attendee: str = ""
    sequence: int | None = None
    status: str = ""
    message_id: str = ""
    sent_by: str = ""
    cause: str = ""
    """A bounce's cause as it was read (:func:`scheduler.replies.returns.cause_of`): ``address``, ``full``,
    ``policy``, ``temporary``, ``other``; empty on a ledger line written before it was kept (then told by
    ``status`` alone: :func:`scheduler.replies.returns.bounce_cause`)."""


@dataclass(frozen=True)
class ReadMail:
    """A mail that held calendar data (answers, or something that could not be used).

    ``key`` identifies the mail wherever it is found (its Message-ID with a digest
    of its From, Subject and Date, else a hash of its bytes): the same mail read twice counts once. ``problems`` are
    the reasons parts of it could not be used, ``notes`` what was tolerated
    (a charset that was not the declared one). ``ignored`` counts calendars
    that are not answers (invitations, cancellations).
    """

    key: str
    source: str
    message_id: str
    sender: str
    sender_name: str = ""
    on_behalf: str = ""
    subject: str = ""
    date: datetime | None = None
    client: str = ""
    size: int = 0
    answers: tuple[Answer, ...] = ()
    problems: tuple[Message, ...] = ()
    notes: tuple[Message, ...] = ()
    ignored: int = 0
    read_at: datetime | None = None
    arrived: datetime | None = None
    """When the mail reached the mailbox, as the mailbox says: IMAP's INTERNALDATE, the delivery time a
    Maildir file's name starts with (``None`` for an mbox or ``.eml`` file)."""
    signals: tuple[Signal, ...] = ()
    """REFRESH requests and bounces of invites (not answers: they never count as one)."""
    plain: bool = False
    """A mail with no calendar data that may be about an invite (a reply written by hand, an out-of-office
    reply, a winmail.dat): never an answer, named so the office reads it by hand."""
    refs: tuple[str, ...] = ()
    """The Message-IDs it replies to (``In-Reply-To`` and ``References``)."""
    text: str = ""
    """What a plain mail says, on one line (its text up to the quotation)."""
    auto: bool = False
    """An automatic reply (out of office)."""
    receipt: bool = False
    """A read receipt (RFC 8098's MDN, or a client's plain-text 收条/回执): the invite was opened, nothing
    more; never an answer and never a letter to read by hand (QA qamailbox25 F2)."""
    invitations: tuple[tuple[str, str], ...] = ()
    """A plain mail that carries calendars which are no answers (an invitation forwarded back, a reply that
    kept the invite attached): (UID, ORGANIZER's address) of each of their events."""

    @property
    def shown_sender(self) -> str | Message:
        """Who the mail is from, as the lines and the sheet name it: the From address; when From held no
        address, its display name marked so (``区城管执法局（没有邮件地址）``); else ``-``."""
        if self.sender:
            return self.sender
        return Message("replies.sender_without_address", name=self.sender_name) if self.sender_name else "-"

    @property
    def shown_at(self) -> datetime | None:
        """When the mail came, as its lines show it: its Date (read in the office's zone when it names none),
        else when it arrived (IMAP's INTERNALDATE, a Maildir file's delivery time), else when it was read."""
        return self.date or self.arrived or self.read_at

    @property
    def key_date(self) -> datetime | None:
        """The Date a ledger line written before keys held one is keyed by again
        (:func:`~scheduler.replies.mime.key_of`): the one it records, held then only when the mail named its zone."""
        return self.date
