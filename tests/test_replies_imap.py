"""``replies`` against a real IMAP server (Dovecot on 127.0.0.1, started here): TLS and STARTTLS with a
certificate made here, refusals (untrusted certificate, wrong password, no TLS), a folder with a Chinese
name, nothing marked as read, only new mail fetched on the next run, and the password never shown."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from scheduler.replies.imap import mailbox_name
from scheduler.replies.ledger import read_ledger
from tests import reply_mails as shapes
from tests.imap_helpers import DOVECOT, PASSWORD, USER, start_dovecot
from tests.imap_proxy import ImapProxy
from tests.replies_helpers import answer, both_from_a_wrong_clock, campaign, row, run

pytestmark = pytest.mark.skipif(
    shutil.which(DOVECOT) is None, reason="dovecot-imapd is not installed (.ci/run installs it)"
)


@pytest.fixture(scope="module")
def dovecot(tmp_path_factory):
    server = start_dovecot(tmp_path_factory.mktemp("dovecot"))
    yield server
    server.stop()


@pytest.fixture
def sent(example):
    return example / "notice_2021.csv", campaign(example)


def imap(server, table, *args, password=PASSWORD, secure=True):
    options = ["--imap-host", "127.0.0.1", "--user", USER]
    if secure:
        options += ["--cafile", str(server.cafile)]
    return run(
        "replies", str(table), *options, *args, env={"DOCKING_IMAP_PASSWORD": password, "DOCKING_SMTP_PASSWORD": None}
    )


def no_password(result, *paths):
    assert PASSWORD not in result.output
    for path in paths:
        if path.exists():
            assert PASSWORD not in path.read_text(encoding="utf-8", errors="replace")


def test_reads_over_tls_marks_nothing_read_and_fetches_only_new_mail(dovecot, sent, tmp_path):
    table, invites = sent
    folder = "答复-tls"
    dovecot.deliver(
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED", comment="当天有会")),
        shapes.gmail(answer(invites["区发改委"])),
        shapes.plain_mail("someone@example.org", "周报"),
        folder=folder,
    )
    port = ["--imap-port", str(dovecot.imaps_port), "--folder", folder]
    result = imap(dovecot, table, *port)
    assert result.exit_code == 0, result.output
    assert (
        f"读取 imaps://{USER}@127.0.0.1:{dovecot.imaps_port}/{folder}：检查 3 封邮件，新的日历答复邮件 2 封"
        in result.output
    )
    assert "接受 1，拒绝 1，" in result.output
    assert all("\\Seen" not in flags for flags in dovecot.flags(folder))  # nothing marked as read
    ledger = table.parent / "replies-ledger.jsonl"
    assert len(read_ledger(ledger).mails) == 2 and read_ledger(ledger).seen

    again = imap(dovecot, table, *port)
    assert again.exit_code == 0 and "检查 0 封邮件，新的日历答复邮件 0 封，此前已读 0 封" in again.output

    dovecot.deliver(shapes.foxmail(answer(invites["区民政局"], comment="收到")), folder=folder)
    third = imap(dovecot, table, *port)
    assert third.exit_code == 0 and "检查 1 封邮件，新的日历答复邮件 1 封" in third.output
    assert "接受 2，拒绝 1，" in third.output
    no_password(third, ledger)


def test_starttls_on_the_plain_port(dovecot, sent):
    table, invites = sent
    dovecot.deliver(shapes.apple(answer(invites["区司法局"], partstat="TENTATIVE")), folder="starttls")
    result = imap(dovecot, table, "--imap-port", str(dovecot.imap_port), "--starttls", "--folder", "starttls")
    assert result.exit_code == 0, result.output
    assert "暂定 1，" in result.output


@pytest.mark.parametrize(
    ("password", "secure", "folder", "text"),
    [
        (
            "wrong-password",
            True,
            "INBOX",
            f"拒绝 {USER} 登录：用户名或密码不对（服务器答复：[AUTHENTICATIONFAILED] Authentication failed）。"
            "请核对 --user 和密码",
        ),
        (PASSWORD, False, "INBOX", "建立 TLS 连接失败"),  # a self-signed certificate, not trusted without --cafile
        (PASSWORD, True, "不存在的文件夹", "上没有文件夹“不存在的文件夹”（服务器上的文件夹：INBOX"),
    ],
)
def test_refusals_say_why_in_one_line_and_keep_the_password(dovecot, sent, password, secure, folder, text):
    table, _ = sent
    port = ["--imap-port", str(dovecot.imaps_port), "--folder", folder]
    result = imap(dovecot, table, *port, password=password, secure=secure)
    assert result.exit_code == 1, result.output
    assert text in result.output and "Traceback" not in result.output
    # the server's words decoded, without Dovecot's timing or a doubled full stop
    assert "b'" not in result.output and "secs)" not in result.output and ".。" not in result.output
    # a new run cannot mend a password, a folder's name or a certificate: it is not advised
    assert "读取未开始" in result.output and "重新运行同一命令" not in result.output
    # nothing was read: that line alone, not "0 mails examined" and a table of 29 未答复 before it
    assert result.output.count("\n") == 1 and result.output.startswith("读取未开始：")
    assert not (table.parent / "replies-ledger.jsonl").exists()  # nothing read: no (empty) ledger left


def test_a_refused_login_in_english(dovecot, sent):
    table, _ = sent
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--lang", "en", password="wrong")
    assert result.exit_code == 1, result.output
    assert (
        f"reading did not start: the IMAP server 127.0.0.1:{dovecot.imaps_port} refused {USER}: the user name or "
        "password was not accepted (the server said: [AUTHENTICATIONFAILED] Authentication failed). Check --user "
        "and the password (DOCKING_IMAP_PASSWORD)"
    ) in result.output


def test_clear_text_only_when_asked_and_then_with_a_warning(dovecot, sent):
    table, invites = sent
    dovecot.deliver(shapes.outlook(answer(invites["区人社局"])), folder="plain")
    result = run(
        "replies",
        str(table),
        "--imap-host",
        "127.0.0.1",
        "--user",
        USER,
        "--imap-port",
        str(dovecot.imap_port),
        "--insecure-plain",
        "--folder",
        "plain",
        env={"DOCKING_IMAP_PASSWORD": PASSWORD},
    )
    # Dovecot lets a login in clear text through from 127.0.0.1 only (it counts localhost as secure)
    assert result.exit_code == 0, result.output
    assert "警告：--insecure-plain 将以明文发送密码和邮件" in result.output and "接受 1，" in result.output
    no_password(result)


def test_the_password_comes_from_a_prompt_too(dovecot, sent, monkeypatch):
    table, invites = sent
    dovecot.deliver(shapes.thunderbird(answer(invites["区卫健委"])), folder="prompt")
    monkeypatch.setattr("scheduler.cli.options.can_prompt", lambda: True)
    result = run(
        "replies",
        str(table),
        "--imap-host",
        "127.0.0.1",
        "--user",
        USER,
        "--imap-port",
        str(dovecot.imaps_port),
        "--cafile",
        str(dovecot.cafile),
        "--folder",
        "prompt",
        env={"DOCKING_IMAP_PASSWORD": None, "DOCKING_SMTP_PASSWORD": None},
        stdin=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert f"{USER} 的 IMAP 密码" in result.output and "接受 1，" in result.output
    no_password(result)


def test_the_password_is_asked_before_the_out_folder_is_locked(dovecot, sent, monkeypatch, tmp_path):
    """leftfix17 (as ``send``'s, QA review17b F1): with ``--out`` the CLI wrapper locked the out folder and the
    project folder before ``replies`` asked the IMAP password, so a prompt left open kept every other writer
    (``reschedule --out``, ``ics``, the web page) out for as long as it stayed open."""
    from scheduler.files.folderlock import LOCK_NAME

    table, invites = sent
    dovecot.deliver(shapes.thunderbird(answer(invites["区卫健委"])), folder="locks")
    out = tmp_path / "out"
    asked = []

    def watched(user: str):
        asked.append([(folder / LOCK_NAME).exists() for folder in (out, table.parent)])
        from scheduler.mail.server import Secret

        return Secret(PASSWORD, None)

    monkeypatch.setattr("scheduler.cli.replies._password", watched)
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--folder", "locks", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert asked == [[False, False]]
    assert "接受 1，" in result.output and (out / "timetable.csv").exists()


def test_without_a_terminal_and_without_the_variable_it_says_how(sent):
    table, _ = sent
    result = run("replies", str(table), "--imap-host", "127.0.0.1", "--user", USER, env={"DOCKING_SMTP_PASSWORD": None})
    assert result.exit_code == 2 and "DOCKING_IMAP_PASSWORD" in result.output


def test_folder_names_in_modified_utf7():
    assert mailbox_name("INBOX") == '"INBOX"'
    assert mailbox_name("~peter/mail/日本語/台北") == '"~peter/mail/&ZeVnLIqe-/&U,BTFw-"'  # RFC 3501 5.1.3
    assert mailbox_name("A&B \\x") == '"A&-B \\\\x"'
    from scheduler.replies.mailboxes import from_modified_utf7, modified_utf7

    for name in ("答复/存档", "A&B", "😀回执", "INBOX"):
        assert from_modified_utf7(modified_utf7(name)) == name


def test_a_maildir_folder_dovecot_wrote_is_found_by_its_chinese_name(dovecot, sent, tmp_path):
    """Dovecot keeps ``答复`` on disk as ``.&e1RZDQ-`` (modified UTF-7) and ``答复/存档`` as
    ``.&e1RZDQ-.&W1hoYw-``: ``--maildir … --folder`` finds them by the name the office sees."""
    table, invites = sent
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder="答复")
    dovecot.deliver(shapes.gmail(answer(invites["区发改委"])), folder="答复/存档")
    maildir = dovecot.folder / "home" / USER / "Maildir"
    assert (maildir / ".&e1RZDQ-").is_dir() and (maildir / ".&e1RZDQ-.&W1hoYw-").is_dir()
    for folder, unit, state in (("答复", "区财政局", "拒绝"), ("答复/存档", "区发改委", "接受")):
        result = run("replies", str(table), "--maildir", str(maildir), "--folder", folder)
        assert result.exit_code == 0, result.output
        assert f"读取 {maildir} [{folder}]：检查 1 封邮件，新的日历答复邮件 1 封" in result.output
        assert state in next(line for line in result.output.splitlines() if f"  {unit}  " in line)
    # the name as it is on disk still works, and a folder that is not there is still named
    assert run("replies", str(table), "--maildir", str(maildir), "--folder", "&e1RZDQ-").exit_code == 0
    missing = run("replies", str(table), "--maildir", str(maildir), "--folder", "答复/不存在")
    assert missing.exit_code == 2 and "没有子文件夹“答复/不存在”" in missing.output


def test_a_plain_reply_to_an_invite_is_fetched_and_named(dovecot, sent):
    """QA story 9, finding 2: over IMAP a text-only "回复：" mail was not even fetched (its headers were read for
    a calendar only); it replies to our invite (In-Reply-To), so it is fetched, named and kept."""
    table, invites = sent
    folder = "答复-plain"
    invite = invites["区城管执法局"]
    dovecot.deliver(
        shapes.plain_reply(
            "cgzfj@example.org",
            "回复：邀请：基层政务公开标准对接：区城管执法局",
            "来不了，能否改到9日上午？",
            "<imap-plain@example.org>",
            in_reply_to=f"<{invite.journal_key}.{invite.sequence}@example.org>",
        ),
        shapes.plain_mail("someone@example.org", "周报"),
        folder=folder,
    )
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--folder", folder)
    assert result.exit_code == 0, result.output
    assert "检查 2 封邮件，新的日历答复邮件 0 封" in result.output
    assert (
        "回复了 区城管执法局 的邀请，但不是日历答复，未计入：请手工查看：“来不了，能否改到9日上午？”" in result.output
    )
    assert "有邮件待人工查看 1 个：区城管执法局" in result.output
    again = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--folder", folder)
    assert "检查 0 封邮件" in again.output and "有邮件待人工查看 1 个：区城管执法局" in again.output


def test_answers_from_a_wrong_clock_are_ordered_by_when_the_server_received_them(dovecot, sent):
    """QA clients, D2: both answers' DTSTAMP and Date are from a PC whose clock says 2019 (before the invite was
    mailed); the server received the decline at 10:10 and the accept at 10:00 (INTERNALDATE), though the
    decline has the lower UID and the accept claims the later time: the decline is the newer answer."""
    from datetime import UTC, datetime

    table, invites = sent
    decline, accept = both_from_a_wrong_clock(invites["区发改委"])
    folder = "答复-clock"
    dovecot.deliver(decline, folder=folder, at=datetime(2021, 9, 6, 10, 10, tzinfo=UTC))
    dovecot.deliver(accept, folder=folder, at=datetime(2021, 9, 6, 10, 0, tzinfo=UTC))
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--folder", folder)
    assert result.exit_code == 0, result.output
    assert "拒绝" in row(result.output, "区发改委"), result.output
    arrived = sorted(mail.arrived for mail in read_ledger(table.parent / "replies-ledger.jsonl").mails)
    assert arrived == [datetime(2021, 9, 6, 10, 0, tzinfo=UTC), datetime(2021, 9, 6, 10, 10, tzinfo=UTC)]


def proxied(port, table, folder, **behaviour):
    """``replies`` through an :class:`ImapProxy` in front of Dovecot's ``port`` (``behaviour``: its
    ``client`` and ``server``), closed afterwards: the command's result and the proxy (what it saw sent)."""
    proxy = ImapProxy(port, **behaviour)
    try:
        return through(proxy, table, folder), proxy
    finally:
        proxy.close()


def through(proxy, table, folder, *args):
    """``replies`` over the proxy in front of Dovecot's plain port (Dovecot trusts 127.0.0.1 with a password)."""
    options = ["--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(proxy.port), "--insecure-plain"]
    return run(
        "replies",
        str(table),
        *options,
        "--folder",
        folder,
        *args,
        env={"DOCKING_IMAP_PASSWORD": PASSWORD, "DOCKING_SMTP_PASSWORD": None},
    )


def uid_last(pieces, _command):
    """Exchange's and mail.ru's order: ``* 1 FETCH (RFC822.SIZE 2227 BODY[…] {81}<literal> UID 1)``."""
    first, literal = pieces[0]
    found = re.search(rb"UID (\d+) ", first)
    if not (first.startswith(b"* ") and b" FETCH (" in first and literal and found):
        return b"".join(line + lit for line, lit in pieces)
    pieces = [(first.replace(found[0], b"", 1), literal), *pieces[1:]]
    end, _ = pieces[-1]
    pieces[-1] = (b" UID " + found[1] + end, b"")
    return b"".join(line + lit for line, lit in pieces)


def test_the_uid_after_the_message_data_is_found(dovecot, sent):
    """QA mailbox, finding 1: the server put ``UID n`` after the header literal; no mail was examined and the
    checkpoint passed them all (later runs read nothing). The UID is found anywhere in the response."""
    table, invites = sent
    folder = "答复-uid-last"
    dovecot.deliver(
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")),
        shapes.gmail(answer(invites["区发改委"])),
        folder=folder,
    )
    result, _ = proxied(dovecot.imap_port, table, folder, server=uid_last)
    assert result.exit_code == 0, result.output
    assert "检查 2 封邮件，新的日历答复邮件 2 封" in result.output
    assert "拒绝" in row(result.output, "区财政局") and "接受" in row(result.output, "区发改委")


def empty_body(uids, *items):
    """Exchange's answer to a body FETCH of a mail it cannot convert: ``OK`` and no data (the server's FETCH
    responses for ``uids`` that carry one of ``items`` are dropped)."""

    def server(pieces, _command):
        text = b"".join(line for line, _ in pieces)
        found = re.search(rb"UID (\d+)", text)
        if text.startswith(b"* ") and found and int(found[1]) in uids and any(item in text for item in items):
            return b""
        return b"".join(line + literal for line, literal in pieces)

    return server


def test_a_body_fetch_answered_without_data_is_asked_again_another_way(dovecot, sent):
    table, invites = sent
    folder = "答复-empty-once"
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    result, _ = proxied(dovecot.imap_port, table, folder, server=empty_body({1}, b"BODY[]"))
    assert result.exit_code == 0, result.output
    assert "新的日历答复邮件 1 封" in result.output and "拒绝" in row(result.output, "区财政局")


def test_a_mail_the_server_never_hands_over_is_named_and_read_next_time(dovecot, sent):
    """QA mailbox, finding 2: the mail was dropped silently and the checkpoint passed it for good."""
    table, invites = sent
    folder = "答复-empty"
    dovecot.deliver(
        shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")),
        shapes.gmail(answer(invites["区发改委"])),
        folder=folder,
    )
    proxy = ImapProxy(dovecot.imap_port, server=empty_body({1}, b"BODY[]", b"BODY[HEADER]"))
    try:
        result = through(proxy, table, folder)
        assert result.exit_code == 0, result.output
        assert f"文件夹“{folder}”中 UID 1 的邮件：服务器没有给出内容，未读取" in result.output
        assert "新的日历答复邮件 1 封" in result.output and "未答复" in row(result.output, "区财政局")
        proxy.server = uid_last  # the server hands it over now (in another order)
        again = through(proxy, table, folder)
    finally:
        proxy.close()
    assert again.exit_code == 0, again.output
    assert "新的日历答复邮件 1 封，此前已读 1 封" in again.output, again.output
    assert "拒绝" in row(again.output, "区财政局")


def moves_before_the_head_fetch(dovecot, folder, uid, to):
    """A proxy's ``client``: just before the header FETCH, another session moves ``uid`` of ``folder`` to
    ``to`` (a mail client filing it)."""
    done = []

    def client(line):
        if b"RFC822.SIZE" in line and not done:
            done.append(line)
            other = dovecot.client()
            try:
                other.create(mailbox_name(to))
                other.select(mailbox_name(folder))
                status, data = other.uid("MOVE", str(uid), mailbox_name(to))
                assert status == "OK", data
            finally:
                other.logout()
        return None

    return client


def test_a_batch_the_server_answers_empty_costs_one_noop_and_one_search(dovecot, sent):
    """Review note: each UID named and not handed over cost a NOOP and a UID SEARCH, 400 round trips for
    Exchange's empty answer to a whole batch of 200. Now one of each per batch, with the same verdicts: the
    one another client moved meanwhile is said gone, the others read again next run."""
    table, invites = sent
    folder = "答复-empty-batch"
    units = ["区财政局", "区发改委", "区民政局", "区司法局", "区教育局"]
    dovecot.deliver(*(shapes.outlook(answer(invites[u], partstat="DECLINED")) for u in units), folder=folder)
    server = empty_body(set(range(1, 6)), b"BODY[HEADER")
    client = moves_before_the_head_fetch(dovecot, folder, 2, "已处理-empty-batch")
    result, proxy = proxied(dovecot.imap_port, table, folder, client=client, server=server)
    assert result.exit_code == 0, result.output
    assert "UID 2 的邮件在读取时被移走或删除" in result.output, result.output
    for uid in (1, 3, 4, 5):
        assert f"文件夹“{folder}”中 UID {uid} 的邮件：服务器没有给出内容，未读取" in result.output
    commands = [line.split(b" ", 2)[1:] for line in proxy.sent]
    noops = [c for c in commands if c and c[0].upper() == b"NOOP"]
    searches = [c for c in commands if len(c) > 1 and c[0].upper() == b"UID" and c[1].upper().startswith(b"SEARCH")]
    assert len(noops) == 1, proxy.sent
    assert len(searches) == 2, proxy.sent  # the new UIDs, then which of the five are still there


def netease(offer_id):
    """163/126/yeah.net: ``NO SELECT Unsafe Login`` until the client has sent ``ID`` (RFC 2971); ``offer_id``:
    whether the server's capabilities name ``ID``."""
    said = []

    def client(line):
        found = re.match(rb"(\S+) (SELECT|EXAMINE|ID)\b", line, re.IGNORECASE)
        if found and found[2].upper() == b"ID":
            said.append(line)
        elif found and not said:
            return found[1] + b" NO " + found[2].upper() + b" Unsafe Login. Please contact kefu@188.com for help\r\n"
        return None

    def server(pieces, _command):
        text = b"".join(line + literal for line, literal in pieces)
        return text if offer_id else re.sub(rb" ID\b", b"", text)

    return client, server


def test_the_client_says_who_it_is_as_netease_requires(dovecot, sent):
    """QA mailbox, finding 3: 163/126 refused EXAMINE with "Unsafe Login"; ID is sent after login when offered."""
    table, invites = sent
    folder = "答复-netease"
    dovecot.deliver(shapes.foxmail(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    client, server = netease(offer_id=True)
    result, proxy = proxied(dovecot.imap_port, table, folder, client=client, server=server)
    assert result.exit_code == 0, result.output
    assert any(re.match(rb'\S+ ID \("name" "docking-scheduler" "version" ', line) for line in proxy.sent)
    assert "拒绝" in row(result.output, "区财政局")


def test_a_refused_select_is_not_called_a_missing_folder(dovecot, sent):
    table, _ = sent
    client, server = netease(offer_id=False)
    result, proxy = proxied(dovecot.imap_port, table, "INBOX", client=client, server=server)
    assert result.exit_code == 1, result.output
    assert (
        f"读取未开始：IMAP 服务器 127.0.0.1:{proxy.port} 拒绝打开文件夹“INBOX”：EXAMINE Unsafe Login. "
        "Please contact kefu@188.com for help（网易邮箱：请在网页邮箱的设置中开启 IMAP 服务，并用授权码作密码）"
    ) in result.output
    assert "没有文件夹" not in result.output and "--folder" not in result.output


def test_an_untrusted_certificate_over_starttls_is_a_tls_refusal(dovecot, sent):
    """QA mailbox, finding 4: it was called a dropped connection, "run the same command again"."""
    table, _ = sent
    result = imap(dovecot, table, "--imap-port", str(dovecot.imap_port), "--starttls", secure=False)
    assert result.exit_code == 1, result.output
    assert f"读取未开始：与 IMAP 服务器 127.0.0.1:{dovecot.imap_port} 建立 TLS 连接失败：" in result.output
    assert "（自建证书可用 --cafile 指定）" in result.output
    assert "重新运行同一命令" not in result.output and "_ssl.c" not in result.output


def test_no_password_goes_out_in_clear_to_a_server_that_disabled_login(dovecot, sent):
    """QA mailbox, finding 7: with LOGINDISABLED advertised, --insecure-plain still sent LOGIN (RFC 3501 6.2.3:
    MUST NOT); and the failed run left an empty ledger (finding 11), which adds an all-未答复 答复 column."""
    table, _ = sent

    def server(pieces, _command):
        return re.sub(rb"\bIMAP4rev1\b", b"IMAP4rev1 LOGINDISABLED", b"".join(line + lit for line, lit in pieces))

    result, proxy = proxied(dovecot.imap_port, table, "INBOX", server=server)
    assert result.exit_code == 1, result.output
    assert (
        f"读取未开始：IMAP 服务器 127.0.0.1:{proxy.port} 要求先加密（LOGINDISABLED）：密码未发送。"
        "请去掉 --insecure-plain，改用 --starttls"
    ) in result.output
    assert not any(re.match(rb"\S+ (LOGIN|AUTHENTICATE)\b", line, re.IGNORECASE) for line in proxy.sent), proxy.sent
    assert not (table.parent / "replies-ledger.jsonl").exists()


def echoes_the_login():
    """A server that refuses every login and quotes what it received (LOGIN's arguments, AUTHENTICATE's data)."""
    waiting = []

    def client(line):
        found = re.match(rb"(\S+) (LOGIN|AUTHENTICATE) (.*)$", line)
        if found and found[2] == b"LOGIN":
            return found[1] + b" NO [AUTHENTICATIONFAILED] bad credentials: " + found[3] + b"\r\n"
        if found:
            waiting.append(found[1])
            return b"+ \r\n"
        if waiting:
            return waiting.pop() + b" NO [AUTHENTICATIONFAILED] bad credentials: " + line + b"\r\n"
        return None

    return client


@pytest.mark.parametrize("password", [PASSWORD, 'ascii"quote\\-7'])
def test_the_password_is_scrubbed_in_the_form_it_was_sent(dovecot, sent, password):
    """QA mailbox, finding 8: AUTHENTICATE PLAIN's base64 and LOGIN's quoted form were echoed unscrubbed."""
    import base64

    table, _ = sent
    proxy = ImapProxy(dovecot.imap_port, client=echoes_the_login())
    try:
        result = run(
            "replies",
            str(table),
            *("--imap-host", "127.0.0.1", "--user", USER, "--imap-port", str(proxy.port), "--insecure-plain"),
            env={"DOCKING_IMAP_PASSWORD": password, "DOCKING_SMTP_PASSWORD": None},
        )
    finally:
        proxy.close()
    assert result.exit_code == 1, result.output
    assert "bad credentials: " in result.output and "***" in result.output
    sasl = base64.b64encode(f"\0{USER}\0{password}".encode()).decode()
    quoted = password.replace("\\", "\\\\").replace('"', '\\"')
    assert password not in result.output and sasl not in result.output and quoted not in result.output


@pytest.fixture(scope="module")
def dotted(tmp_path_factory):
    """A server naming folders as Courier, Cyrus and hosting Dovecots do: ``INBOX.答复.存档``."""
    server = start_dovecot(tmp_path_factory.mktemp("dotted"), "prefix = INBOX.\n  separator = .")
    yield server
    server.stop()


def test_folder_names_follow_the_servers_namespace_and_separator(dotted, sent):
    """QA mailbox, finding 5: ``--folder 答复`` and ``答复/存档`` failed where the server calls them
    ``INBOX.答复`` and ``INBOX.答复.存档`` (NAMESPACE (("INBOX." ".")) NIL NIL)."""
    table, invites = sent
    dotted.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder="INBOX.答复")
    dotted.deliver(shapes.gmail(answer(invites["区发改委"])), folder="INBOX.答复.存档")
    port = ["--imap-port", str(dotted.imaps_port)]
    for folder, unit, state in (
        ("答复", "区财政局", "拒绝"),
        ("答复/存档", "区发改委", "接受"),
        ("INBOX.答复", "区财政局", "拒绝"),
    ):
        result = imap(dotted, table, *port, "--folder", folder, "--ledger", str(table.parent / f"{len(folder)}.jsonl"))
        assert result.exit_code == 0, result.output
        assert "新的日历答复邮件 1 封" in result.output, result.output
        assert state in row(result.output, unit)


def test_server_names_of_folders():
    from scheduler.replies.imap import server_name

    assert server_name("答复/存档", "INBOX.", ".") == "INBOX.答复.存档"
    assert server_name("inbox/答复", "INBOX.", ".") == "INBOX.答复"
    assert server_name("INBOX.答复", "INBOX.", ".") == "INBOX.答复"
    assert server_name("INBOX", "INBOX.", ".") == "INBOX"
    assert server_name("答复/存档", "", "/") == "答复/存档"  # Dovecot's and Gmail's layout: as typed
    assert server_name("[Gmail]/所有邮件", "", "/") == "[Gmail]/所有邮件"
    assert mailbox_name(server_name("答复/存档", "INBOX.", ".")) == '"INBOX.&e1RZDQ-.&W1hoYw-"'


def newsletter(subject: str, attachment: tuple[str, str, bytes] | None = None) -> bytes:
    """An ordinary multipart mail: text and HTML, and an attachment (type, file name, bytes) if given."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "news@example.org", f"{USER}@example.org", subject
    msg["Message-ID"] = f"<{abs(hash(subject))}@example.org>"
    msg.set_content("本周动态")
    msg.add_alternative("<p>本周动态</p>", subtype="html")
    if attachment is not None:
        kind, name, data = attachment
        msg.add_attachment(data, maintype=kind.split("/")[0], subtype=kind.split("/")[1], filename=name)
    return msg.as_bytes().replace(b"\n", b"\r\n")


def test_only_mails_whose_structure_may_hold_a_calendar_are_fetched_whole(dovecot, sent):
    """QA mailbox, finding 6: every multipart mail was fetched whole (428 MB for 20,029 mails). The
    BODYSTRUCTURE now says which may hold calendar data; the others are not downloaded."""
    table, invites = sent
    folder = "答复-bulk"
    calendar = shapes.outlook_calendar(answer(invites["区司法局"], partstat="DECLINED")).encode()
    dovecot.deliver(
        newsletter("周报"),  # UID 1: text and HTML
        newsletter("材料", ("application/pdf", "材料.pdf", b"%PDF-1.4 " * 1000)),  # 2
        shapes.gmail(answer(invites["区发改委"])),  # 3: a calendar part
        newsletter("附件", ("application/octet-stream", "data.bin", calendar)),  # 4: may be one, and is
        newsletter("日程", ("text/plain", "邀请.ics", calendar)),  # 5: named as one (RFC 2231 or 2047)
        folder=folder,
    )
    result, proxy = proxied(dovecot.imap_port, table, folder)
    assert result.exit_code == 0, result.output
    assert "检查 5 封邮件" in result.output
    assert "接受" in row(result.output, "区发改委") and "拒绝" in row(result.output, "区司法局")
    wholes = [line.split()[3] for line in proxy.sent if b"BODY.PEEK[]" in line]
    fetched = {int(uid) for whole in wholes for uid in whole.split(b",")}
    assert fetched == {3, 4, 5}, proxy.sent


def test_the_parts_a_bodystructure_names():
    from scheduler.replies.imap import body_parts
    from scheduler.replies.mime import inert_parts

    mixed = (
        '7 (UID 7 BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 10 1 NIL NIL NIL NIL)'
        '("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 100 NIL ("attachment" ("filename" "a.pdf")) NIL NIL)'
        ' "mixed" ("boundary" "xx") NIL NIL NIL) BODY[HEADER.FIELDS (FROM)] {20}'
    )
    assert body_parts(mixed) == [("text/plain", []), ("application/pdf", ["a.pdf", "a.pdf"])]
    assert inert_parts(body_parts(mixed) or [])
    named = '1 (BODYSTRUCTURE ("text" "plain" ("name*0*" "utf-8\'\'%E9%82%80" "name*1*" "%E8%AF%B7.ics") NIL NIL))'
    assert body_parts(named) == [("text/plain", ["邀请.ics"])]  # RFC 2231, in pieces
    assert body_parts('1 (BODYSTRUCTURE ("text" "plain" ("name" {5}') is None  # a literal: not read here
    assert body_parts("1 (UID 1 RFC822.SIZE 9)") is None
    assert not inert_parts([("text/calendar", [])])
    assert not inert_parts([("application/octet-stream", ["a.bin"])])
    assert not inert_parts([("message/rfc822", [])])
    assert not inert_parts([("text/plain", ["=?gb2312?B?0fvH6y5pY3M=?="])])  # 邀请.ics, as Outlook writes it
    assert not inert_parts([("application/pdf", ["WINMAIL.DAT"])])
    assert inert_parts([("image/png", ["logo.png"]), ("text/html", [])])


def test_a_long_read_says_how_far_it_is(dovecot, sent, monkeypatch):
    table, _ = sent
    folder = "答复-progress"
    dovecot.deliver(*(newsletter(f"周报 {n}") for n in range(3)), folder=folder)
    monkeypatch.setattr("scheduler.cli.replies.PROGRESS_EVERY", 2, raising=False)  # 1000 in use
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--folder", folder)
    assert result.exit_code == 0, result.output
    assert "读取中：已检查 2 封邮件…" in result.output and "已检查 3 封" not in result.output


def test_a_missing_folder_is_named_with_the_folders_there_are(dotted, sent):
    """QA mailbox, finding 5: the line gave no hint of the names the server uses."""
    table, invites = sent
    dotted.deliver(shapes.outlook(answer(invites["区财政局"])), folder="INBOX.回执")
    result = imap(dotted, table, "--imap-port", str(dotted.imaps_port), "--folder", "收件箱/答复")
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if "没有文件夹“收件箱/答复”" in line)
    assert "（服务器上的文件夹：" in line and "INBOX、" in line and "INBOX.回执" in line
    assert line.endswith("请核对 --folder 的文件夹名（子文件夹写作 上级/下级）后再运行")


def test_starttls_on_the_implicit_tls_port_says_so_at_once(dovecot, sent, monkeypatch):
    """QA qamail18 F8: --starttls against the IMAPS port waited 61 s, printed "检查 0 封邮件" and "读取中断
    … 重新运行同一命令即可继续", which can only fail the same way. The server says nothing (it waits for a
    TLS handshake): after the greeting wait, one line saying to drop --starttls, as send says of SMTP."""
    import scheduler.replies.imap as reading

    monkeypatch.setattr(reading, "GREETING_SECONDS", 2.0)
    table, _ = sent
    result = imap(dovecot, table, "--imap-port", str(dovecot.imaps_port), "--starttls")
    assert result.exit_code != 0
    assert "连接后 2 秒内没有发出问候：这是 993 那样的隐式 TLS 端口吗？去掉 --starttls" in result.output, result.output
    assert "检查 0 封" not in result.output and "重新运行同一命令" not in result.output, result.output


def test_implicit_tls_on_the_starttls_port_says_to_add_starttls_not_a_ca(dovecot, sent):
    table, _ = sent
    result = imap(dovecot, table, "--imap-port", str(dovecot.imap_port))
    assert result.exit_code != 0
    assert "在此端口讲明文 IMAP，不是从第一个字节起的 TLS：加 --starttls" in result.output, result.output
    assert "--cafile" not in result.output and "WRONG_VERSION_NUMBER" not in result.output, result.output


def older_checkpoint(ledger, uid):
    """The ledger as a build before the reader's version was kept leaves it: its ``seen`` line says the folder
    was read up to ``uid``, and names no reader."""
    lines = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    seen = [line for line in lines if line["kind"] == "seen"][-1]
    old = {k: v for k, v in seen.items() if k != "reader"} | {"uid": uid}
    kept = [line for line in lines if line["kind"] != "seen"] + [old]
    ledger.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in kept), encoding="utf-8")


def _our_invite_mail(invite):
    """The invite mail we sent ``invite`` in (its Message-ID as the send writes it), as a bounce quotes it."""
    return shapes.invite_mail(
        invite.attendee.address or "",
        f"<{invite.journal_key.replace('/', '.')}.{invite.sequence}@example.org>",
        invite.data,
    )


def test_a_mail_an_older_build_passed_over_is_looked_at_again_once(dovecot, sent):
    """QA upgrade21, F1: a Coremail bounce read by a build that did not know its shape stayed below the IMAP
    checkpoint, and the unit whose address is dead stayed 未答复 for good after the upgrade."""
    table, invites = sent
    folder = "答复-upgrade"
    invite = invites["区司法局"]
    ours = _our_invite_mail(invite)
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    port = ["--imap-port", str(dovecot.imaps_port), "--folder", folder]
    first = imap(dovecot, table, *port)
    assert first.exit_code == 0 and "拒绝" in row(first.output, "区财政局"), first.output
    dovecot.deliver(shapes.coremail_bounce(ours, invite.attendee.address or ""), folder=folder)
    ledger = table.parent / "replies-ledger.jsonl"
    older_checkpoint(ledger, 2)  # the older build read UIDs 1 and 2, kept the answer, passed over the bounce

    result = imap(dovecot, table, *port)
    assert result.exit_code == 0, result.output
    assert "检查 2 封邮件，新的日历答复邮件 0 封，此前已读 1 封" in result.output
    assert "其中 2 封本程序较早的版本读过（UID 2 及以前），已按当前版本重看：新认出 1 封" in result.output
    assert f"寄给 区司法局（{invite.attendee.address}）的邀请被退回（550）" in result.output
    assert "邀请被退回" in row(result.output, "区司法局")
    assert "拒绝 1，" in result.output  # the answer read before counts once
    lines = [json.loads(line) for line in ledger.read_text(encoding="utf-8").splitlines()]
    assert [line["uid"] for line in lines if line["kind"] == "seen"][-1] == 2
    assert sum(line["kind"] == "mail" for line in lines) == 2

    again = imap(dovecot, table, *port, "--lang", "en")  # looked at once: the checkpoint names this reader now
    assert again.exit_code == 0 and "0 messages examined, 0 new calendar mails, 0 read before" in again.output
    assert "earlier version" not in again.output


def test_a_mail_below_an_older_checkpoint_not_handed_over_is_looked_at_again_next_run(dovecot, sent):
    """The looking again ends only when every mail below was handed over: until then the checkpoint keeps
    the older reader (the newer mails read meanwhile count once)."""
    table, invites = sent
    folder = "答复-upgrade-held"
    invite = invites["区司法局"]
    ours = _our_invite_mail(invite)
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    proxy = ImapProxy(dovecot.imap_port)
    try:
        assert through(proxy, table, folder).exit_code == 0
        dovecot.deliver(shapes.coremail_bounce(ours, invite.attendee.address or ""), folder=folder)
        older_checkpoint(table.parent / "replies-ledger.jsonl", 2)
        dovecot.deliver(shapes.gmail(answer(invites["区发改委"])), folder=folder)  # UID 3, after the upgrade
        proxy.server = empty_body({2}, b"BODY[]", b"BODY[HEADER]")
        held = through(proxy, table, folder)
        proxy.server = uid_last  # hands it over now
        before = len(proxy.sent)
        handed = through(proxy, table, folder)
        wholes = [line.split()[3] for line in proxy.sent[before:] if b"BODY.PEEK[]" in line]
        done = through(proxy, table, folder)
    finally:
        proxy.close()
    assert held.exit_code == 0, held.output
    assert f"文件夹“{folder}”中 UID 2 的邮件：服务器没有给出内容" in held.output
    assert "其中 2 封本程序较早的版本读过（UID 2 及以前），已按当前版本重看：新认出 0 封" in held.output
    assert "接受 1，拒绝 1，" in held.output and "未答复" in row(held.output, "区司法局")
    assert handed.exit_code == 0, handed.output
    assert "检查 3 封邮件，新的日历答复邮件 0 封，此前已读 2 封" in handed.output
    assert "其中 3 封本程序较早的版本读过（UID 3 及以前），已按当前版本重看：新认出 1 封" in handed.output
    assert "邀请被退回" in row(handed.output, "区司法局") and "接受 1，拒绝 1，" in handed.output
    assert wholes == [b"2"]  # the mails the ledger holds are known by their headers: not fetched whole again
    assert done.exit_code == 0 and "检查 0 封邮件" in done.output and "较早的版本" not in done.output


def closes_on_fetch(pieces, command):
    """A server that closes the connection when it is asked for mail (a proxy, a firewall, a restart)."""
    if b"FETCH" in command.upper():
        raise OSError("closed")
    return b"".join(line + literal for line, literal in pieces)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_connection_dropped_mid_fetch_is_one_plain_line_saying_rerunning_resumes(dovecot, sent, lang):
    """QA qaimap21 F6: the line quoted imaplib's own words ("command: UID => socket error: EOF"). It says
    the server closed the connection, in the office's language, and that the same command goes on."""
    table, invites = sent
    folder = f"答复-cut-{lang}"
    dovecot.deliver(shapes.outlook(answer(invites["区财政局"], partstat="DECLINED")), folder=folder)
    proxy = ImapProxy(dovecot.imap_port, server=closes_on_fetch)
    try:
        result = through(proxy, table, folder, "--lang", lang)
    finally:
        proxy.close()
    assert result.exit_code == 1, result.output
    assert "socket error" not in result.output and "command:" not in result.output and "EOF" not in result.output
    words = {"zh": "服务器关闭了连接", "en": "the server closed the connection"}[lang]
    again = {"zh": "重新运行同一命令即可继续", "en": "run the same command again"}[lang]
    (line,) = [line for line in result.output.splitlines() if words in line]
    assert "127.0.0.1" in line and again in line, line


def test_a_reply_to_another_mail_is_said_once_even_when_an_older_checkpoint_is_looked_below(dovecot, sent):
    """Twenty-first session: a reply in words to the office's notice is said on one line when read, and
    remembered as seen, not this campaign's: a re-look below an older build's checkpoint does not say it
    again."""
    table, _invites = sent
    folder = "答复-aside"
    words = "我局9月8日全天在市里开会，无法参加对接，请改期"
    dovecot.deliver(
        shapes.plain_reply(
            "czj@example.org", "回复：关于做好26个试点领域基层政务公开标准对接工作的通知", words, "<n1i@example.org>",
            in_reply_to="<notice-1@oa.example.test>",
        ),
        folder=folder,
    )  # fmt: skip
    port = ["--imap-port", str(dovecot.imaps_port), "--folder", folder]
    first = imap(dovecot, table, *port)
    assert first.exit_code == 0 and "回复的是别的邮件" in first.output, first.output
    older_checkpoint(table.parent / "replies-ledger.jsonl", 1)
    again = imap(dovecot, table, *port)
    assert again.exit_code == 0 and "已按当前版本重看" in again.output, again.output
    assert "回复的是别的邮件" not in again.output and words not in again.output


LOGIN = rb"(?:LOGIN|AUTHENTICATE)"
"""A login, as imaplib sends it: LOGIN, or AUTHENTICATE PLAIN for a password that is not ASCII."""


def refusing(command, answer):
    """A proxy's ``client`` answering the first ``command`` (LOGIN, EXAMINE, UID SEARCH…) with ``answer``."""

    def client(line):
        found = re.match(rb"(\S+) " + command + rb"\b", line, re.IGNORECASE)
        return found[1] + b" " + answer + b"\r\n" if found else None

    return client


@pytest.mark.parametrize(
    ("command", "answer", "said", "not_said"),
    [
        (LOGIN, b"NO [UNAVAILABLE] Temporary authentication failure", "服务器暂时无法处理，请稍后再运行", "--user"),
        (LOGIN, b"NO [EXPIRED] Password expired", "密码已过期：请先在网页邮箱中修改密码", "请稍后"),
        (b"EXAMINE", b"NO [OVERQUOTA] Quota exceeded", "邮箱已满（超出配额）：请在网页邮箱中清理后再运行", "--folder"),
        (b"UID SEARCH", b"NO [LIMIT] Too many connections", "超出了服务器的限制（同一账号的连接太多？）", "b'"),
    ],
)
def test_a_server_s_refusal_is_said_in_the_user_s_words_with_what_to_do(dovecot, sent, command, answer, said, not_said):
    """Twenty-first session: a refusal other than a dropped connection kept the server's text alone ("拒绝 …
    登录：[UNAVAILABLE] Temporary authentication failure。请核对 --user 和密码": the wrong advice). A response
    code (RFC 5530) is said in the user's words with what to do, the server's words beside it."""
    table, _ = sent
    result, proxy = proxied(dovecot.imap_port, table, "INBOX", client=refusing(command, answer))
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.splitlines() if said in x)
    assert f"127.0.0.1:{proxy.port}" in line and answer[3:].decode() in line and not_said not in line, line
    proxy = ImapProxy(dovecot.imap_port, client=refusing(command, answer))
    try:
        english = through(proxy, table, "INBOX", "--lang", "en")
    finally:
        proxy.close()
    assert "the server said: " + answer[3:].decode() in english.output, english.output


def test_a_server_that_cannot_be_reached_is_said_in_the_user_s_words(sent, monkeypatch):
    """Twenty-first session: "无法连接 IMAP 服务器 …：Connection refused", "timed out", "Name or service not
    known" were the system's English, and the line said "读取中断 … 重新运行同一命令即可继续" of a reading that
    never began. Each is said as ``send`` says it, with what to check."""
    import socket

    table, _ = sent
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    refused = imap(None, table, "--imap-port", str(port), secure=False)
    assert refused.exit_code == 1 and "Connection refused" not in refused.output, refused.output
    assert refused.output == (
        f"读取未开始：无法连接 IMAP 服务器 127.0.0.1:{port}："
        "服务器拒绝连接（该端口没有邮件服务，请核对服务器名和端口）。"
        "请核对 --imap-host 和 --imap-port，网络通畅后再运行\n"
    )
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never says a word: the TLS handshake waits
    real = socket.create_connection
    monkeypatch.setattr(socket, "create_connection", lambda address, *_a, **_k: real(address, 1.0))
    try:
        waited = imap(None, table, "--imap-port", str(silent.getsockname()[1]), secure=False)
    finally:
        silent.close()
    assert waited.exit_code == 1 and "等待超时。请核对 --imap-host" in waited.output, waited.output
    assert "timed out" not in waited.output


def test_a_name_that_cannot_be_found_is_said_in_the_user_s_words(sent, monkeypatch):
    import socket

    def no_such_name(*_args, **_kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    table, _ = sent
    result = run("replies", str(table), "--imap-host", "imap.example.invalid", "--user", USER, "--lang", "en",
                 env={"DOCKING_IMAP_PASSWORD": PASSWORD})  # fmt: skip
    assert result.exit_code == 1 and "Name or service" not in result.output, result.output
    assert "cannot reach the IMAP server imap.example.invalid:993: no server has that name" in result.output


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (10, "服务器的证书已过期或尚未生效"),
        (62, "证书上的服务器名称与 --imap-host 不符"),
        (18, "自建证书可用 --cafile 指定"),
    ],
)
def test_a_tls_failure_over_imap_says_what_fits_its_cause(code, said):
    """As ``send`` does (QA qasmtp20 F4): a CA file only for an issuer not known."""
    import ssl

    from scheduler.mail.server import Secret
    from scheduler.replies.imap import ImapFolder, ImapServer
    from scheduler.text.messages import render

    exc = ssl.SSLCertVerificationError(1, "certificate verify failed")
    exc.verify_code, exc.verify_message = code, "certificate verify failed"
    folder = ImapFolder(ImapServer("imap.example.org", USER, Secret("x"), 993))
    line = render(folder._tls(exc).reason, "zh")
    assert line.startswith("与 IMAP 服务器 imap.example.org:993 建立 TLS 连接失败：") and said in line, line


def test_a_further_address_s_reply_in_words_an_older_build_set_aside_is_looked_at_again(dovecot, example):
    """Twenty-first session (QA upgrade22 F1): the build of ca37adbe set aside a reply in words from a unit's
    further address whose title names its person when the first address names none (…区财政局（陈某）), and
    wrote the folder's checkpoint past it (tests/data/upgrade22/imap-ledger-ca37adbe.jsonl, its ledger after
    reading that one mail: one ``seen`` line, ``"reader": 1``; the mailbox and UIDVALIDITY are this server's).
    The reading now files that mail, so its version is raised and the mail below the checkpoint is read again
    once: the clerk is told to look at it, as a Maildir copy of the same box tells."""
    from pathlib import Path

    from tests.conftest import edit
    from tests.replies_helpers import mailed_with_contact_titles

    fixtures = Path(__file__).parent / "data" / "upgrade22"

    edit(
        example / "contacts_2021.csv",
        "区财政局,czj@example.org,刘某\n",
        "区财政局,czj@example.org,\n区财政局,czj2@example.org,陈某\n",
    )
    table = mailed_with_contact_titles(example)
    folder = "答复-upgrade22"
    words = "9月8日我不能来"
    subject = "回复：邀请：基层政务公开标准对接：区财政局（陈某）"
    dovecot.deliver(shapes.plain_reply("czj2@example.org", subject, words, "<w2-upgrade22@example.org>"), folder=folder)
    port = ["--imap-port", str(dovecot.imaps_port), "--folder", folder]
    imap_box = dovecot.client()
    try:
        imap_box.select(mailbox_name(folder), readonly=True)
        validity = int(imap_box.response("UIDVALIDITY")[1][0])
    finally:
        imap_box.logout()
    (old,) = [json.loads(line) for line in (fixtures / "imap-ledger-ca37adbe.jsonl").read_text("utf-8").splitlines()]
    assert old["kind"] == "seen" and old["reader"] == 1 and old["uid"] == 1
    mailbox = f"imaps://{USER}@127.0.0.1:{dovecot.imaps_port}/{folder}"
    line = {**old, "mailbox": mailbox, "uidvalidity": validity}
    (example / "replies-ledger.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")

    result = imap(dovecot, table, *port)
    assert result.exit_code == 0, result.output
    assert "已按当前版本重看：新认出 1 封" in result.output, result.output
    assert (
        f"邮件“{subject}”（czj2@example.org" in result.output
        and "回复了 区财政局 <czj2@example.org> 的邀请" in result.output
    )
    mine = [line for line in result.output.splitlines() if "  区财政局  " in line]
    assert "陈某" in mine[1] and "待人工查看" in mine[1], mine
    again = imap(dovecot, table, *port)
    assert again.exit_code == 0 and "检查 0 封邮件" in again.output and "较早的版本" not in again.output, again.output
    assert "待人工查看" in [line for line in again.output.splitlines() if "  区财政局  " in line][1]
