"""A recipient named by their address alone (a delegate the people sheet does not list) is said with
the address once, not ``delegate0@example.org <delegate0@example.org>`` (QA qaint26 F6); a named one keeps
``名字 <address>``."""

from __future__ import annotations

from types import SimpleNamespace

from scheduler.mail.batch import Retrying
from scheduler.mail.flow import Finishing, Waiting
from scheduler.text.messages import Message, render


def _mail(unit: str, address: str) -> object:
    return SimpleNamespace(unit=unit, recipient=address)


def test_a_delegate_without_a_name_is_said_by_the_address_once():
    reason = Message("mail.reason.closed")
    bare = _mail("delegate0@example.org", "delegate0@example.org")
    waiting = Waiting(Retrying(bare, 5, 5, 32, reason), 26, 58).message()  # type: ignore[arg-type]
    assert render(waiting, "zh") == (
        "发送邀请 27/58：32 秒后重试（第 5/5 次）：delegate0@example.org 暂时失败（连接被服务器关闭）"
    )
    assert "<" not in render(waiting, "en")
    finishing = render(Finishing(bare, 26, 58).message(), "zh")  # type: ignore[arg-type]
    assert "（delegate0@example.org）正在交给服务器" in finishing
    named = _mail("徐科长", "xu@example.org")
    said = render(Waiting(Retrying(named, 1, 5, 2, reason), 0, 3).message(), "zh")  # type: ignore[arg-type]
    assert "：徐科长 <xu@example.org> 暂时失败" in said
