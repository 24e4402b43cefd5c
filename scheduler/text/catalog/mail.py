"""Messages: Mailing the invites: the letter, refusals, the journal, the server, the summary."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- mailing the invites (issue 4): the letter (always rendered in Chinese: the units read it)
    "mail.subject.new": ("邀请：{summary}", "Invitation: {summary}"),
    "mail.subject.updated": ("已更新：{summary}", "Updated: {summary}"),
    "mail.subject.cancelled": ("已取消：{summary}", "Cancelled: {summary}"),
    "mail.subject.uninvited": ("您已不在参会名单中：{summary}", "No longer invited: {summary}"),
    "mail.hello": ("您好！", "Hello,"),
    "mail.dear": ("{name}：", "Dear {name},"),
    "mail.intro.new": (
        "{organizer}邀请贵单位参加以下对接。请在日历中点“接受”或“拒绝”答复。",
        "{organizer} invites you to the meeting below. Please answer with Accept or Decline in your calendar.",
    ),
    "mail.intro.updated": (
        "对接安排有变化，请以本邮件为准：日历中原有的邀请会随之更新。请在日历中重新答复。",
        "The meeting has changed; this message replaces the last one and updates it in your calendar. "
        "Please answer again.",
    ),
    "mail.change.time_in": (
        "原定 {was}，改为 {now}（地点不变：{room}）。",
        "Was {was}, now {now} (same place: {room}).",
    ),
    "mail.change.zone": (
        "本次活动的时区设置已更改（原为 {was_zone}，现为 {zone}），会议时刻随之改变：原定 {was}（{was_zone}），"
        "现为 {now}（{zone}），即 {now_then}（{was_zone}）。",
        "This campaign's time zone changed (was {was_zone}, now {zone}), which moves the meeting: it was {was} "
        "({was_zone}), now {now} ({zone}), which is {now_then} ({was_zone}).",
    ),
    "mail.change.zone_room": ("地点原定 {was}，改为 {now}。", "The place was {was}, now {now}."),
    "mail.change.time": ("原定 {was}，改为 {now}。", "Was {was}, now {now}."),
    "mail.change.room": (
        "地点原定 {was}，改为 {now}（时间不变：{time}）。",
        "The place was {was}, now {now} (same time: {time}).",
    ),
    "mail.change.both": ("原定 {was}，改为 {now}。", "Was {was}, now {now}."),
    "mail.change.end": (
        "开始时间、地点不变（{where}），结束时间原定 {was}，改为 {now}（{was_length} → {length}）。",
        "Same start and place ({where}); the end was {was}, now {now} ({was_length} → {length}).",
    ),
    "mail.change.room_start": (
        "地点原定 {was}，改为 {now}（开始时间不变：{time}）。",
        "The place was {was}, now {now} (same start: {time}).",
    ),
    "mail.change.length": (
        "结束时间原定 {was}，改为 {now}（{was_length} → {length}）。",
        "The end was {was}, now {now} ({was_length} → {length}).",
    ),
    "mail.length.hours": ("{hours}小时", "{hours} h"),
    "mail.length.minutes": ("{minutes}分钟", "{minutes} min"),
    "mail.people.changed": ("参会人员有变：{parts}。", "The participants changed: {parts}."),
    "mail.people.added": ("新增 {names}", "added {names}"),
    "mail.people.removed": ("不再参加：{names}", "no longer attending: {names}"),
    "mail.change.neither": (
        "时间、地点不变（{where}），其他内容有更新，见下文。",
        "Same time and place ({where}); something else changed, see below.",
    ),
    "mail.attachment": (
        "附件 invite.ics 是本次对接的日历邀请。",
        "The attachment invite.ics is the calendar invite.",
    ),
    "mail.attachments": (
        "附件 invite.ics 是本次对接的日历邀请；"
        "deadlines.ics 是通知中与贵单位有关的时间节点，可导入日历（全天事项，不占用日程）。",
        "The attachment invite.ics is the calendar invite; deadlines.ics holds the notice's dates for you, "
        "to import into your calendar (all-day items that do not block the day).",
    ),
    "mail.attachments.cancelled": (
        "附件 deadlines.ics 撤销此前发送的时间节点。",
        "The attachment deadlines.ics withdraws the dates sent before.",
    ),
    "mail.reply": ("如有疑问，请直接回复本邮件。", "Any question: reply to this message."),
    # -- mailing the invites (issue 4): refusing a message, the journal, the server, the summary
    "mail.refused": ("单位“{unit}”的邀请不能发送：{reason}", "the invite of {unit} cannot be mailed: {reason}"),
    "mail.refused.people": (
        "参会人“{unit}”的邀请不能发送：{reason}",
        "the invite of the participant {unit} cannot be mailed: {reason}",
    ),
    "mail.no_address": ("没有邮箱地址", "it has no mail address"),
    "mail.server_reply": ("服务器答复 {reply}", "the server replied {reply}"),
    "mail.untidy": (
        "不是导出时写下的形式（state.json 被手工改过？）",
        "not as the export wrote it (state.json edited?)",
    ),
    "mail.bad_calendar": ("邀请文件无法解析：{reason}", "the invite file cannot be read: {reason}"),
    "mail.mismatch": (
        "邀请文件中的 {what} 与 state.json 记录的不一致：请重新导出（ics 命令）",
        "the invite file's {what} differs from state.json: export again (ics)",
    ),
    "mail.sequence_back": (
        "单位“{unit}”的邀请 SEQUENCE {sequence} 低于已发出的 {sent}"
        "（state.json 被删除或替换过？见源代码的 docs/invites.md）",
        "the invite of {unit} has SEQUENCE {sequence}, lower than the {sent} already sent "
        "(state.json deleted or replaced? see the source's docs/invites.md)",
    ),
    "mail.sequence_back.people": (
        "参会人“{unit}”的邀请 SEQUENCE {sequence} 低于已发出的 {sent}"
        "（state.json 被删除或替换过？见源代码的 docs/invites.md）",
        "the invite of the participant {unit} has SEQUENCE {sequence}, lower than the {sent} already sent "
        "(state.json deleted or replaced? see the source's docs/invites.md)",
    ),
    "mail.bad_journal": (
        "发送日志第 {line} 行已损坏或不是本程序写的：请从备份恢复",
        "line {line} of the mail journal is damaged or not ours: restore it from a backup",
    ),
    "mail.journal_locked": (
        "另一个 send 正在使用这个发送日志：请等它结束",
        "another send is using this mail journal: wait for it to finish",
    ),
    "mail.journal_write": ("无法写入发送日志：{reason}", "cannot write the mail journal: {reason}"),
    "mail.journal_stopped": (
        "{path}: {problem}；已停止发送：腾出空间（或修好磁盘）后重新运行同一命令",
        "{path}: {problem}; sending stopped: make room (or fix the disk) and run the same command again",
    ),
    "mail.host_with_port": (
        "只写服务器名称，端口另用 --smtp-port {port} 指定",
        "the server's name only: give the port as --smtp-port {port}",
    ),
    "mail.no_host": (
        "缺少发信服务器（或用 --dry-run DIR 只生成邮件文件）",
        "the mail server is missing (or --dry-run DIR to only write the mails)",
    ),
    "mail.security": (
        "--starttls、--ssl 和 --insecure-plain 只能选一个",
        "choose one of --starttls, --ssl and --insecure-plain",
    ),
    "mail.no_password": (
        "没有密码：请设置环境变量 {variable}，或在终端中运行以便输入",
        "no password: set {variable}, or run in a terminal to type it",
    ),
    "mail.password_prompt": ("{user} 的 SMTP 密码", "SMTP password of {user}"),
    "mail.plain_password": (
        "警告：--insecure-plain 将以明文发送密码",
        "warning: --insecure-plain sends the password in clear text",
    ),
    "mail.no_starttls": (
        "服务器 {host} 不支持 STARTTLS：未发送任何内容（可用 --ssl；确需明文时用 --insecure-plain）",
        "the server {host} does not offer STARTTLS: nothing sent (try --ssl; --insecure-plain if you must)",
    ),
    "mail.no_greeting": (
        "服务器 {host} 连接后 {seconds} 秒内没有发出问候：这是隐式 TLS 端口（如 465）吗？试试 --ssl",
        "no greeting from {host} within {seconds} s of connecting: is this an implicit-TLS port (such as 465)? "
        "try --ssl",
    ),
    "mail.not_implicit_tls": (
        "服务器 {host} 在此端口讲明文 SMTP，不是从第一个字节起的 TLS：去掉 --ssl（将使用 STARTTLS）",
        "the server {host} speaks plain SMTP here, not TLS from the first byte: drop --ssl (STARTTLS is used)",
    ),
    "mail.tls_failed": (
        "与 {host} 建立 TLS 连接失败：{reason}（自建证书可用 --cafile 指定）",
        "TLS with {host} failed: {reason} (a private CA: --cafile)",
    ),
    "mail.tls_expired": (
        "与 {host} 建立 TLS 连接失败：{reason}（服务器的证书已过期或尚未生效，本机无法修正：请告知邮件管理员更新证书，"
        "并核对本机的日期）",
        "TLS with {host} failed: {reason} (the server's certificate has expired or is not valid yet, which "
        "nothing here can mend: tell the mail administrator, and check this computer's date)",
    ),
    "mail.tls_wrong_name": (
        "与 {host} 建立 TLS 连接失败：{reason}（证书上的服务器名称与 --smtp-host 不符："
        "请改用证书上的名称，可向邮件管理员确认）",
        "TLS with {host} failed: {reason} (the certificate names another server than --smtp-host: use the "
        "name on the certificate; the mail administrator knows it)",
    ),
    "mail.tls_other_ca": (
        "与 {host} 建立 TLS 连接失败：{reason}（--cafile 中的证书不是签发此服务器证书的那一个："
        "请向邮件管理员索取对应的 CA 证书）",
        "TLS with {host} failed: {reason} (the certificate in --cafile is not the one that signed this "
        "server's: ask the mail administrator for the right CA certificate)",
    ),
    "mail.tls_broken": ("与 {host} 建立 TLS 连接失败：{reason}", "TLS with {host} failed: {reason}"),
    "mail.auth_failed": ("服务器拒绝登录：{reply}", "the server refused the login: {reply}"),
    "mail.auth_refused": (
        "服务器拒绝登录：{reply}（用户名或密码未被接受：原样重新运行无济于事）",
        "the server refused the login: {reply} (the user name or the password was not accepted: running "
        "again as it is will not help)",
    ),
    "mail.check_login": (
        "请检查 --user {user} 和密码（{source}），改正后重新运行",
        "check --user {user} and the password ({source}), then run again",
    ),
    "mail.password_from_variable": ("取自环境变量 {variable}", "from {variable}"),
    "mail.password_from_prompt": ("在提示处输入的", "typed at the prompt"),
    "mail.needs_login": (
        "服务器要求先登录：{reply}（请加 --user 用户名，密码取自环境变量 DOCKING_SMTP_PASSWORD 或提示输入）",
        "the server needs a login: {reply} (add --user NAME; the password comes from DOCKING_SMTP_PASSWORD or "
        "a prompt)",
    ),
    "mail.no_common_login": (
        "服务器提供的登录方式（{offered}）本程序都不支持；支持的是 {known}（不支持 OAuth）："
        "请在邮箱设置中开启密码登录，或换一台服务器",
        "the server offers the login mechanisms {offered}, none of which send knows; it knows {known} (no OAuth): "
        "turn on password login for the mailbox, or use another server",
    ),
    "mail.no_auth": (
        "服务器不支持登录（AUTH）：若它无需登录即为本机转发邮件，去掉 --user；否则请核对 --smtp-host 和 --smtp-port"
        "（通常是 587 端口加 STARTTLS，或 465 端口加 --ssl）",
        "the server offers no login (AUTH): if it relays for this computer without one, drop --user; otherwise "
        "check --smtp-host and --smtp-port (most often port 587 with STARTTLS, or 465 with --ssl)",
    ),
    "mail.no_smtputf8": (
        "地址含非 ASCII 字符，而服务器不支持 SMTPUTF8："
        "请向对方要一个 ASCII 地址写入通讯录，或换用支持 SMTPUTF8 的服务器",
        "the address is not ASCII and the server does not offer SMTPUTF8: ask for an ASCII address for the "
        "contacts, or use a server that offers SMTPUTF8",
    ),
    "mail.too_big": (
        "邮件 {size} 字节，超过服务器允许的 {limit} 字节，未发送",
        "the message is {size} bytes, more than the {limit} the server takes: not sent",
    ),
    "mail.too_big_units": (
        "{count} 封邮件（{smallest}–{largest} 字节）超过服务器允许的 {limit} 字节，未发送：{units}；"
        "请邮件管理员放宽大小限制，或换用允许更大邮件的服务器，之后重新运行同一命令（已发送的不会重发）",
        "{count} {count|message|messages} ({smallest}-{largest} bytes) {count|is|are} larger than the {limit} "
        "bytes the server takes, not sent: {units}; ask the mail administrator to raise the limit, or use a "
        "server that takes larger mail, then run the same command again (nothing is sent twice)",
    ),
    "mail.unreachable": ("无法连接服务器 {host}：{reason}", "cannot reach the server {host}: {reason}"),
    "mail.disconnected": ("连接中断：{reason}", "connection lost: {reason}"),
    "mail.reason.timeout": ("等待超时", "timed out"),
    "mail.reason.refused": (
        "服务器拒绝连接（该端口没有邮件服务，请核对服务器名和端口）",
        "the server refused the connection (no mail service on that port: check the host and port)",
    ),
    "mail.reason.reset": ("连接被对方断开", "the other end closed the connection"),
    "mail.reason.closed": ("连接被服务器关闭", "the server closed the connection"),
    "mail.gone": (
        "服务器 {host} 不再接受连接（本次运行中已连上过它，收下了 {count} 封：它可能已停止或正在重启）",
        "the server {host} no longer accepts connections (this run reached it, {count} {count|message|messages} "
        "taken: it may have stopped or be restarting)",
    ),
    "mail.reason.no_such_name": (
        "找不到这个服务器名（请核对拼写）",
        "no server has that name (check the spelling)",
    ),
    "mail.reason.name_lookup": (
        "暂时无法查询服务器名（请检查网络）",
        "the server's name could not be looked up for now (check the network)",
    ),
    "mail.reason.no_route": ("网络不通，无法到达服务器", "no network route to the server"),
    "mail.unanswered": (
        "整封邮件已交给服务器，但没有收到答复（{reason}）：可能已送达，本次运行不再重发",
        "the whole message reached the server, but no answer came ({reason}): it may have arrived; "
        "not sent again in this run",
    ),
    "mail.refused_sender": (
        "连续 {count} 封邮件都被服务器以同一答复拒绝：{reply}；这是对发件人或账户的拒绝，不是收件人的问题，"
        "停止本批发送：请检查发件地址（--from 或组织者邮箱）与登录账户（--user）是否一致、该账户是否允许经此服务器"
        "发信（转发/relay 权限），改正后重新运行同一命令（已发送的不会重发）",
        "{count} messages in a row were refused with the same reply: {reply}; it refuses the sender or the "
        "account, not a recipient, so the batch stops: check that the From address (--from, or the organiser's "
        "address) matches the login (--user) and that this account may send (relay) through the server, then "
        "run the same command again (nothing is sent twice)",
    ),
    "mail.refused_content": (
        "{count} 位不同收件人的邮件接连被服务器以同样的答复拒收：{reply}；多半是邮件服务商的反垃圾过滤把邀请的内容判为"
        "垃圾邮件，不是收件人的问题，停止本批发送（继续发送可能使账户被限制或冻结）：请联系邮件管理员或服务商解除拦截"
        "（答复中如有链接，有说明），之后重新运行同一命令（已发送的不会重发）",
        "messages to {count} different recipients in a row were refused with the same reply: {reply}; most "
        "likely the provider's spam filter refuses the invite's content, not a recipient, so the batch stops "
        "(sending on may get the account throttled or frozen): ask the mail administrator or the provider to "
        "release the sender (a link in the reply, if any, says how), then run the same command again "
        "(nothing is sent twice)",
    ),
    "mail.busy": (
        "服务器繁忙（421）：其余邮件均未发送；请稍后重新运行同一命令",
        "the server is busy (421): nothing more was sent; run again later",
    ),
    "mail.rate_limited": (
        "服务器限制发送频率（{reply}）：其余邮件均未发送，以免每次重试延长限制；请过一段时间（如一小时）后重新运行同一命令",
        "the server limits how fast it takes mail ({reply}): nothing more was sent, since each try prolongs the "
        "limit; run the same command again later (in an hour, say)",
    ),
    "mail.gave_up": (
        "连续 {count} 封邮件暂时失败，停止本批发送：请稍后重新运行同一命令（已发送的不会重发）",
        "{count} messages in a row failed for now; stopping: run the same command later (nothing is sent twice)",
    ),
    "mail.stopped": ("发送已停止：{reason}", "sending stopped: {reason}"),
    "mail.stopped_gone": (
        "发送已停止：{reason}；服务器恢复后重新运行同一命令即可继续（已发送的不会重发）",
        "sending stopped: {reason}; once the server is back, run the same command again to go on (nothing is "
        "sent twice)",
    ),
    "mail.progress": ("发送邀请", "Sending invites"),
    "mail.finishing": (
        "已收到中断：发送邀请 {number}/{total}（{unit} <{address}>）正在交给服务器，等它答复并记下后停止；"
        "再按一次 Ctrl-C 立即停止（这封邮件若已交出，可能收到两份，下次运行会注明）",
        "interrupt heard: invite {number}/{total} ({unit} <{address}>) is being handed to the server; stopping "
        "once its answer is recorded. Press Ctrl-C again to stop now (if it was already handed over, it may "
        "arrive twice: the next run names it)",
    ),
    "mail.finishing.bare": (
        "已收到中断：发送邀请 {number}/{total}（{unit}）正在交给服务器，等它答复并记下后停止；"
        "再按一次 Ctrl-C 立即停止（这封邮件若已交出，可能收到两份，下次运行会注明）",
        "interrupt heard: invite {number}/{total} ({unit}) is being handed to the server; stopping "
        "once its answer is recorded. Press Ctrl-C again to stop now (if it was already handed over, it may "
        "arrive twice: the next run names it)",
    ),
    "mail.retrying.bare": (
        "发送邀请 {number}/{total}：{seconds} 秒后重试（第 {attempt}/{retries} 次）：{unit} 暂时失败（{reason}）",
        "Sending invites {number}/{total}: retrying in {seconds} s (retry {attempt} of {retries}): {unit} "
        "failed for now ({reason})",
    ),
    "mail.retrying": (
        "发送邀请 {number}/{total}：{seconds} 秒后重试（第 {attempt}/{retries} 次）：{unit} <{address}> "
        "暂时失败（{reason}）",
        "Sending invites {number}/{total}: retrying in {seconds} s (retry {attempt} of {retries}): {unit} "
        "<{address}> failed for now ({reason})",
    ),
    "mail.summary": (
        "发送：已发送 {sent}，此前已发送 {already}，无邮箱跳过 {no_address}，失败 {failed}",
        "Mail: {sent} sent, {already} already sent before, {no_address} skipped without address, {failed} failed",
    ),
    "mail.summary.deferred": (
        "{count} 封被对方暂缓（greylisting），稍后再运行 send 即可：{units}",
        "{count} put off by the recipient's server (greylisting): run send again in a few minutes: {units}",
    ),
    "mail.summary.not_attempted": ("未尝试 {count}（重新运行同一命令继续）", "{count} not attempted (run again)"),
    "mail.summary.not_attempted_held": ("未尝试 {count}", "{count} not attempted"),
    "mail.interrupted_done": (
        "已中断，但每封邮件都已处理完：没有要接着发送的",
        "interrupted after every message was dealt with: nothing is left to send",
    ),
    "mail.summary.never_sent": (
        "--only-changed 跳过从未发送过的单位 {count} 个：{units}；去掉 --only-changed 再运行即可发出",
        "--only-changed skipped {count} {count|unit|units} never mailed: {units}; run again without "
        "--only-changed to mail them",
    ),
    "mail.when_beijing": ("以上为北京时间。", "The times above are Beijing time (Asia/Shanghai). "),
    "mail.when_zone": ("以上时间为 {zone} 当地时间。", "The times above are local time in {zone}. "),
    "mail.when_year": ("日期在 {year} 年。", "The dates are in {year}."),
    "mail.when_years": (
        "会议在 {year} 年；时间节点在 {years} 年。",
        "The meeting is in {year}; the deadlines are in {years}.",
    ),
    "mail.summary.past": (
        "{count} 个会议已开始或已结束，不再发送邀请、更新或取消：{meetings}",
        "{count} {count|meeting has|meetings have} started or {count|is|are} over: no invitation, update or "
        "cancellation mailed: {meetings}",
    ),
    "mail.summary.past_changed": (
        "其中 {count} 个单位的邀请已发出、之后有改动（时间、时间节点、说明或参会人员），这次更新不会发送，"
        "请用其他方式通知：{units}",
        "of these, {count} {count|unit was|units were} mailed an invite that has changed since (time, deadlines, "
        "description or participants): the update is not mailed; tell {count|it|them} another way: {units}",
    ),
    "mail.summary.past_changed.people": (
        "其中 {count} 人的邀请已发出、之后有改动（时间、说明或参会人员），这次更新不会发送，请用其他方式通知：{units}",
        "of these, {count} {count|person was|people were} mailed an invite that has changed since (time, "
        "description or participants): the update is not mailed; tell them another way: {units}",
    ),
    "mail.aside": ("{text}（{note}）", "{text} ({note})"),
    "send.zone_changed": (
        "规则文件的时区改了（已寄出的邀请按 {was}，现为 {zone}）：{count} 份更新只因此换了时刻，将把整个活动重新寄出："
        "{units}。若时区确实改了，请加 --allow-zone-change；若是写错了，请改回规则文件的 timezone",
        "the rules' time zone changed since the invites were mailed (they gave times in {was}, now {zone}): "
        "{count} {count|update moves|updates move} only because of it, re-mailing the campaign: {units}. If "
        "the zone did change, add --allow-zone-change; if not, put the rules' timezone back",
    ),
    "send.all_past": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：没有可发送的邮件；"
        "若是写错了年份，请改正时间表或规则中的 year；要按另一时刻计算，请用 --now",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): nothing to mail; "
        "a wrong year is fixed in the timetable or the rules' year; to judge as of another time, give --now",
    ),
    "send.all_past_changed": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：{count} 封邀请的更新（时间节点、说明或"
        "参会人员有改动）不会发送——send 不为已开始的会议发邮件，请用其他方式通知这些单位",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): {count} "
        "{count|update|updates} of invites (deadlines, description or participants changed) "
        "{count|is|are} not mailed: send mails nothing for meetings that have started; tell those units another way",
    ),
    "send.all_past_changed.people": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：{count} 封邀请的更新（说明或参会人员"
        "有改动）不会发送——send 不为已开始的会议发邮件，请用其他方式通知这些人",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): {count} "
        "{count|update|updates} of invites (description or participants changed) "
        "{count|is|are} not mailed: send mails nothing for meetings that have started; tell those people another way",
    ),
    "ics.all_past": (
        "注意：这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：邀请已写出，但 send 会拒绝发送"
        "（若是写错了年份，请改正时间表或规则中的 year）",
        "note: every meeting of this timetable ({first} to {last}) has started by now ({now}): the invites are "
        "written, but send refuses to mail them (a wrong year is fixed in the timetable or the rules' year)",
    ),
    "send.all_past_drafted": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：草稿按第一个会议之前发送的样子写出；"
        "真正发送时会拒绝（若是写错了年份，请改正时间表或规则中的 year；要按另一时刻计算，请用 --now）",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): the drafts are written "
        "as they would have been mailed before the first meeting; a real send is refused (a wrong year is fixed "
        "in the timetable or the rules' year; to judge as of another time, give --now)",
    ),
    "now.bad": (
        "“{value}”不是带时差的时间（例：2027-01-04T08:00+08:00）",
        "'{value}' is not a time with its offset (e.g. 2027-01-04T08:00+08:00)",
    ),
    "mail.summary.not_invited": (
        "{count} 个取消未发送（收件地址从未收到过邀请）：{units}",
        "{count} {count|cancellation|cancellations} not sent (the invite never reached that address): {units}",
    ),
    "mail.summary.bounced_cancel": (
        "{count} 个取消未发送（寄往该地址的邮件被退回过）：{units}",
        "{count} {count|cancellation|cancellations} not sent (mail to that address bounced): {units}",
    ),
    "mail.summary.bounced_cancel.people": (
        "{count} 个取消未发送（寄往该参会人地址的邮件被退回过）：{units}",
        "{count} {count|cancellation|cancellations} not sent (mail to that participant's address bounced): {units}",
    ),
    "mail.summary.never_sent.meeting": (
        "会议“{meeting}”的 {count} 份邀请从未发出，--only-changed 不发：{units}；去掉 --only-changed 再运行即可发出"
        "（已发出且未变的不会重发）",
        "the {count} {count|invitation|invitations} of meeting '{meeting}' were never mailed and --only-changed "
        "leaves them: {units}; run again without --only-changed to mail them (what was mailed and has not "
        "changed is not mailed again)",
    ),
    "mail.summary.not_invited.people": (
        "{count} 人的取消未发送（此人从未收到过该会议的邀请）：{units}",
        "{count} {count|participant|participants} not mailed a cancellation (never mailed that meeting's invite): "
        "{units}",
    ),
    "mail.summary.resent": (
        "其中 {count} 封是在无法确认是否送达后重发的"
        "（服务器可能已收到过；Message-ID 和 UID/SEQUENCE 相同，日历中不会出现两次）：{units}",
        "{count} of them were sent again because their delivery could not be confirmed (the server may "
        "have had them; same Message-ID and UID/SEQUENCE, so no calendar shows them twice): {units}",
    ),
    "mail.summary.resent_reminders": (
        "其中 {count} 封提醒是在无法确认是否送达后重发的（服务器可能已收到过，对方可能收到两封相同的提醒）：{units}",
        "{count} of them {count|is a reminder|are reminders} sent again because delivery could not be confirmed "
        "(the server may have had {count|it|them}: the same reminder may arrive twice): {units}",
    ),
    "mail.failed": ("失败：{unit} <{address}>：{reason}", "failed: {unit} <{address}>: {reason}"),
    "mail.failed.bare": ("失败：{unit}：{reason}", "failed: {unit}: {reason}"),
    "mail.no_address_units": (
        "{count} 个单位没有邮箱，未发送（邀请文件需另行送达）：{units}",
        "{count} {count|unit|units} {count|has|have} no address and {count|was|were} not mailed (hand their files "
        "over otherwise): {units}",
    ),
    "mail.no_address_units.people": (
        "{count} 人没有邮箱，未发送（邀请文件需另行送达）：{units}",
        "{count} {count|participant|participants} {count|has|have} no address and {count|was|were} not mailed (hand "
        "their files over otherwise): {units}",
    ),
    "mail.bounced": (
        "未发送给 {unit}：寄往 {address} 的邮件被退回过（{status}）：{advice}",
        "not mailed to {unit}: mail to {address} bounced ({status}): {advice}",
    ),
    "mail.bounced.people": (
        "未发送给 {unit}（{meetings}）：寄往 {address} 的邮件被退回过（{status}）：{advice}",
        "not mailed to {unit} ({meetings}): mail to {address} bounced ({status}): {advice}",
    ),
    "mail.bounce_advice.address": (
        "地址不对（查无此人、邮箱停用或域名有误）：请核对其邮件地址，在通讯录中改正（确认地址无误、邮箱已修复时，"
        "用命令行 send --allow-bounced 照发）；在此之前 send 和 send --remind 不再寄往这个地址",
        "the address is wrong (no such user, a disabled mailbox or a wrong domain): check it and correct it in "
        "the contacts (once sure the address is right and the mailbox fixed, the command line's "
        "send --allow-bounced mails it); "
        "until then send and send --remind mail nothing to it",
    ),
    "mail.bounce_advice.full": (
        "对方邮箱已满，地址没有错：请电话告知对方清理邮箱，然后用命令行 send --allow-bounced 重寄；"
        "在此之前 send 和 send --remind 不再寄往这个地址",
        "the mailbox is full; the address is right: ask the unit by telephone to clear it, then mail again with "
        "the command line's send --allow-bounced; until then send and send --remind mail nothing to it",
    ),
    "mail.bounce_advice.policy": (
        "被对方服务器当作垃圾邮件或按其规定拒收，地址没有错：请联系对方，请其信息中心放行本办公室的来信，"
        "然后用命令行 send --allow-bounced 重寄；在此之前 send 和 send --remind 不再寄往这个地址",
        "the receiving server refused it as spam or by its policy; the address is right: ask the unit to have "
        "its mail administrators accept the office's mail, then mail again with the command line's "
        "send --allow-bounced; until "
        "then send and send --remind mail nothing to it",
    ),
    "mail.bounce_advice.temporary": (
        "对方服务器暂时无法投递，多次重试后放弃，地址没有错：过后用命令行 send --allow-bounced 重寄；"
        "在此之前 send 和 send --remind 不再寄往这个地址",
        "the receiving server could not take it for a while and gave up; the address is right: mail again "
        "later with the command line's send --allow-bounced; until then send and send --remind mail nothing to it",
    ),
    "mail.bounce_advice.other": (
        "原因请看退信原文：地址有误请在通讯录中改正，否则联系对方后用命令行 send --allow-bounced 重寄；"
        "在此之前 send 和 send --remind 不再寄往这个地址",
        "read the bounce for why: a wrong address is corrected in the contacts; otherwise ask the unit, then "
        "mail again with the command line's send --allow-bounced; until then send and send --remind mail nothing to it",
    ),
    "mail.bounce_short.address": ("地址不对", "wrong address"),
    "mail.bounce_short.full": ("对方邮箱已满", "mailbox full"),
    "mail.bounce_short.policy": ("被对方拒收：垃圾邮件或其规定", "refused as spam or by policy"),
    "mail.bounce_short.temporary": ("暂时无法投递", "could not be delivered for a while"),
    "mail.bounce_short.other": ("原因见退信", "see the bounce"),
    "mail.journal": ("发送日志：{path}", "Mail journal: {path}"),
    "mail.dry_run": (
        "试运行：{count} 封邮件写入 {path}，未发送，发送日志未改动",
        "Dry run: {count} {count|message|messages} written to {path}; nothing sent, the journal untouched",
    ),
    "mail.dry_summary": (
        "将发送 {count}，此前已发送 {already}，无邮箱跳过 {no_address}",
        "Would send {count}; {already} already sent before; {no_address} skipped without address",
    ),
    "input.unit_name": (
        "单位名称“{value}”含有换行或控制字符",
        "the unit name '{value}' holds a line break or a control character",
    ),
    "input.contacts_need": (
        "通讯录需要“单位”和“邮箱”两列，这一行的列是：{found}（“单位”可写作：{units}；“邮箱”可写作：{mails}）",
        "a contacts table needs a unit column and a mail column; this row has: {found} (the unit column may be"
        " headed {units}; the mail column {mails})",
    ),
    "input.contacts_need_none": (
        "通讯录需要“单位”和“邮箱”两列，表头一行没有找到（“单位”可写作：{units}；“邮箱”可写作：{mails}）",
        "a contacts table needs a unit column and a mail column; no header row was found (the unit column may"
        " be headed {units}; the mail column {mails})",
    ),
    "input.contacts_column": (
        "通讯录的“{header}”列像是“{column}”，但读不出：请把表头改为“{column}”（可写作：{known}）",
        "the contacts' column '{header}' looks like {column} but is not read: name it {column} (also read: {known})",
    ),
    "input.contacts_no_mail": (
        "通讯录缺少“{column}”列（“{delegate}”列读作代理邮箱：可代单位答复的地址，不发邀请）：请另加一列“{column}”，写各单位自己的邮箱",
        "the contacts have no {column} column: '{delegate}' is the delegates' (addresses that may answer for a unit,"
        " never invited); add a {column} column with the units' own addresses",
    ),
    "input.unit_address": (
        "单位“{unit}”的邮箱地址“{value}”无效：{reason}",
        "the mail address '{value}' of {unit} is not valid: {reason}",
    ),
    "input.unit_delegate": (
        "单位“{unit}”的代理邮箱“{value}”无效：{reason}",
        "the delegate addresses '{value}' of {unit} are not valid: {reason}",
    ),
    "input.duplicate_address": (
        "单位“{unit}”的邮箱 {address} 重复（第 {first} 行已有）",
        "the address {address} of {unit} is listed twice (first in row {first})",
    ),
    "input.duplicate_address_cell": (
        "单位“{unit}”的邮箱 {address} 在这一格里写了两次",
        "the address {address} of {unit} is written twice in this cell",
    ),
    "input.first_row_no_address": (
        "单位“{unit}”的第 {first} 行没有邮箱，这一行又加了邮箱：请把这个邮箱写在第 {first} 行，"
        "或给第 {first} 行也写上邮箱（每个邮箱一行，单位重写一次）",
        "{unit}'s first row ({first}) has no address and this row adds one: write this address in row {first},"
        " or give row {first} an address too (a row per address, the unit written again)",
    ),
    "input.contact_names": (
        "单位“{unit}”的联系人“{value}”有 {names} 个名字，而邮箱有 {count} 个：请按邮箱的顺序每个写一个名字，或只写一个",
        "the contacts '{value}' of {unit} are {names} names for {count} {count|address|addresses}:"
        " write one name per address, in the addresses' order, or just one",
    ),
    "input.unit_person": (
        "单位“{unit}”的联系人“{value}”含有换行或控制字符",
        "the contact '{value}' of {unit} holds a line break or a control character",
    ),
}
