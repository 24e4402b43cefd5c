"""A reply's words in a line (QA timecal14 L6): quoted when there are some, nothing when there are none,
never ``（“-”）``."""

from __future__ import annotations

from scheduler.replies.report import said
from scheduler.text.messages import Message


def _line(comment: str | None) -> str:
    params = {"meeting": "审核一", "who": "李科长", "time": "3月12日 9:00-10:00", "proposed": "3月15日 12:00"}
    return Message("mreplies.counter", said=said(comment), **params).text("zh")


def test_a_proposal_without_words_says_none() -> None:
    assert _line(None).startswith("  审核一：李科长 不能 3月12日 9:00-10:00，提议改到 3月15日 12:00；提议不自动采用")
    assert _line("") == _line(None) and "“-”" not in _line(None)


def test_a_proposal_with_words_quotes_them() -> None:
    assert "提议改到 3月15日 12:00（“上午有会”）；" in _line("上午有会")
    outdated = Message(
        "mreplies.outdated", meeting="周会", who="王主任", time="3月12日", said_in=said("出差", inner=True)
    )
    assert outdated.text("zh") == "  周会：王主任 此前拒绝过 3月12日（对旧邀请的答复，“出差”）"
    assert (
        Message("mreplies.outdated", meeting="周会", who="王主任", time="3月12日", said_in=said("", inner=True)).text(
            "en"
        )
        == "  周会: 王主任 declined 3月12日 before (an answer to an earlier invite)"
    )
