"""Messages: reading the units' answers (replies), replanning from them, reminding the silent."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- the answers, as the office reads them
    "replies.state.accepted": ("接受", "accepted"),
    "replies.state.declined": ("拒绝", "declined"),
    "replies.state.tentative": ("暂定", "tentative"),
    "replies.state.counter": ("提议新时间", "counter"),
    "replies.state.delegated": ("转交他人", "delegated"),
    "replies.state.no-answer": ("未答复", "no answer"),
    "replies.verdict.current": ("采信", "counted"),
    "replies.verdict.outdated": ("答复的是旧邀请", "answers an earlier invite"),
    "replies.verdict.untrusted": ("未采信", "not trusted"),
    "replies.verdict.foreign": ("不是本次的邀请", "not one of these invites"),
    "replies.verdict.cancelled": ("该单位已取消", "the unit was cancelled"),
    "replies.verdict.cancelled.people": ("邀请已取消", "the invite was cancelled"),
    "replies.version.first": ("最初的邀请", "the first invite"),
    "replies.version.update": ("第 {number} 次更新的邀请", "update {number}"),
    "replies.col.answer": ("答复", "Answer"),
    "replies.col.person": ("人员", "Person"),
    "replies.col.comment": ("留言", "Comment"),
    "replies.col.note": ("说明", "Note"),
    "replies.col.proposed": ("提议时间", "Proposed"),
    "replies.col.sequence": ("所答邀请版本", "Invite SEQUENCE"),
    "replies.sequence_unstated": ("未写明（按第 {weighed} 版计）", "not stated (weighed as {weighed})"),
    "replies.col.when": ("答复时间", "Answered"),
    "replies.col.sender": ("发件人", "From"),
    "replies.col.verdict": ("是否采信", "Counted"),
    "replies.col.subject": ("邮件主题", "Subject"),
    "replies.sheet": ("答复情况", "Answers"),
    "replies.summary": (
        "接受 {accepted}，拒绝 {declined}，暂定 {tentative}，提议新时间 {counter}，未答复 {none}（共 {total} 个单位）",
        "{accepted} accepted, {declined} declined, {tentative} tentative, {counter} counter, "
        "{none} no answer ({total} {total|unit|units})",
    ),
    "replies.summary.addresses": (
        "接受 {accepted}，拒绝 {declined}，暂定 {tentative}，提议新时间 {counter}，未答复 {none}"
        "（{meetings} 个单位，共 {total} 个邮箱）",
        "{accepted} accepted, {declined} declined, {tentative} tentative, {counter} counter, "
        "{none} no answer ({total} {total|address|addresses}, {meetings} {meetings|unit|units})",
    ),
    "replies.summary.meetings": (
        "接受 {accepted}，拒绝 {declined}，暂定 {tentative}，提议新时间 {counter}，未答复 {none}"
        "（{meetings} 个会议，共 {total} 人次）",
        "{accepted} accepted, {declined} declined, {tentative} tentative, {counter} counter, "
        "{none} no answer ({total} {total|invitation|invitations} to people, {meetings} {meetings|meeting|meetings})",
    ),
    "replies.summary.letters": (
        "有邮件待人工查看 {count} 个：{who}（回复了邀请，但不是可用的日历答复）",
        "{count} with a mail to read by hand: {who} (a reply to the invite that is no usable calendar answer)",
    ),
    "replies.summary.away": (
        "收到自动回复 {count} 个：{who}（联系人可能不在）",
        "{count} automatic reply(ies): {who} (the contact may be away)",
    ),
    "replies.summary.opened": (
        "已读邀请、尚未答复 {count} 个：{who}（收到已读回执；提醒照常发送）",
        "{count} opened the invite and have not answered: {who} (read receipts; reminders go as usual)",
    ),
    "replies.summary.cancelled": (
        "邀请已取消、仍有答复 {count} 个：{who}（对方可能仍以为要参加）",
        "{count} whose invite was cancelled still answered: {who} (they may think they are coming)",
    ),
    "replies.withdrawn_cell": (
        "{state}（邀请已取消：对方可能仍以为要参加）",
        "{state} (its invite was cancelled: it may think it is coming)",
    ),
    "replies.optional": ("{name}（可选）", "{name} (optional)"),
    "replies.summary.delegated": ("另有 {count} 个单位转交他人", "{count} delegated"),
    "replies.summary.delegated_people": ("另有 {count} 人次转交他人", "{count} delegated"),
    "replies.note.no_address": ("无邮箱，邀请未邮寄", "no address: the invite was not mailed"),
    "replies.note.never_sent": ("邀请尚未发出", "the invite was not mailed yet"),
    "replies.note.update_unsent": (
        "当前邀请（{version}）尚未发出",
        "the current invite ({version}) was not mailed yet",
    ),
    "replies.note.proposed": ("提议改到 {time}", "proposes {time}"),
    "replies.note.proposed_none": ("提议了新时间，但未写明时间", "proposes another time, without saying which"),
    "replies.note.delegated": ("转交 {to}", "delegated to {to}"),
    "replies.note.outdated": (
        "此前对{version}答复“{state}”，对当前邀请尚未答复",
        "answered {state} to an earlier invite ({version}); not yet the current one",
    ),
    "replies.note.letter": (
        "有邮件待人工查看（{when}，{words}）",
        "a mail to read by hand ({when}: {words})",
    ),
    "replies.note.letter_unusable": (
        "有邮件待人工查看（{when}，{words}：{problem}）",
        "a mail to read by hand ({when}: {words}: {problem})",
    ),
    "replies.note.away": (
        "收到自动回复（“{words}”）：联系人可能不在",
        "automatic reply ('{words}'): the contact may be away",
    ),
    "replies.note.opened": (
        "已读邀请（已读回执，{when}），尚未答复",
        "opened the invite (read receipt, {when}), not answered",
    ),
    "replies.note.order_unclear": (
        "两封答复先后不明：{other_arrived} 收到“{other}”（邮件写明 {other_written}），晚于 {arrived} 收到的“{state}”"
        "（写于 {written}）：对方电脑时钟可能不准，或邮件迟发；按写明的时间计为“{state}”，请电话确认",
        "two answers in an unclear order: '{other}' arrived {other_arrived} (it says {other_written}), after "
        "'{state}' arrived {arrived} (written {written}): a computer clock may be wrong, or the mail sent late; "
        "counted as '{state}' by the times written: please confirm by phone",
    ),
    "replies.note.untrusted": (
        "另有 {count} 封答复未采信：{sender}（{state}）",
        "{count} more {count|answer|answers} not trusted: {sender} ({state})",
    ),
    "replies.why.not_invitee": (
        "答复的参加人 {attendee} 不是受邀地址 {invitee}",
        "it answers for {attendee}, not the invited address {invitee}",
    ),
    "replies.why.sequence_above": (
        "答复的是第 {sequence} 版邀请，但答复之前发出的最高为第 {sent} 版：按第 {sent} 版计",
        "it answers SEQUENCE {sequence}, but the highest mailed before it was written is {sent}: weighed as {sent}",
    ),
    "replies.why.sequence_above_time": (
        "答复的是第 {sequence} 版邀请，但其中的时间不是当前邀请的时间：按此前发出的第 {sent} 版计",
        "it answers SEQUENCE {sequence}, but its time is not the current invite's: weighed as {sent}, mailed before",
    ),
    "replies.why.sequence_by_time": (
        "答复没有写明版本（SEQUENCE），其中的时间是第 {sequence} 版邀请的：按第 {sequence} 版计",
        "it names no SEQUENCE, and its time is that of SEQUENCE {sequence}: weighed as {sequence}",
    ),
    "replies.why.sent_by": ("由 {sender} 代为答复（SENT-BY）", "sent by {sender} on the attendee's behalf (SENT-BY)"),
    "replies.why.delegate_for": ("{sender} 代 {who} 答复", "{sender} for {who}"),
    "replies.why.delegate": (
        "{delegator} 已转交 {attendee}，由其答复",
        "answered by {attendee}, to whom {delegator} delegated",
    ),
    "replies.sender_without_address": ("{name}（没有邮件地址）", "{name} (no mail address)"),
    "replies.why.on_behalf": (
        "由 {sender} 代 {attendee} 答复（SENT-BY），未计入：{sender} 不是发给其邀请的地址，也不是其代理邮箱",
        "answered on behalf of {attendee} by {sender} (SENT-BY), not counted: {sender} is not an address the invite"
        " went to, nor one of its delegates",
    ),
    "replies.why.shared_address": (
        "{address} 是 {names} 共用的地址，无法分辨是谁的答复：未计入任何一人，请手工确认",
        "{address} is the address of {names} alike: whose answer it is cannot be told; counted for none of "
        "them, check by hand",
    ),
    "replies.why.other_sender": (
        "发件人 {sender} 与答复的参加人 {attendee} 不符",
        "sent from {sender}, not from {attendee} whom it answers for",
    ),
    # -- replanning from the answers (reschedule --from-replies)
    "replies.wishes": (
        "按 {count} 个单位的答复调整：",
        "Changes asked for in the answers of {count} {count|unit|units}:",
    ),
    "replies.wishes_none": (
        "答复中没有拒绝或提议新时间的单位：不因答复调整",
        "no unit declined or proposed another time: nothing to change for the answers",
    ),
    "replies.wishes_held": (
        "{count} 个单位只有部分人员拒绝或提议新时间（同单位还有人参加）：不因答复调整（{units}）",
        "{count} {count|unit|units} where only some people declined or proposed another time (others of the unit "
        "still come): nothing changed for those answers ({units})",
    ),
    "replies.said": ("（“{words}”）", " ('{words}')"),
    "replies.said_in": ("，“{words}”", ", '{words}'"),
    "replies.wish.declined": ("  {unit}：拒绝 {times}{said}", "  {unit}: declined {times}{said}"),
    "replies.wish.counter": (
        "  {unit}：不能 {times}，提议改到 {proposed}{said}",
        "  {unit}: not {times}, proposes {proposed}{said}",
    ),
    "replies.wish.counter_not_slot": (
        "  {unit}：不能 {times}，提议的 {proposed} 不是对接时间，未采用{said}",
        "  {unit}: not {times}; its proposed {proposed} is not a meeting time, left out{said}",
    ),
    "replies.wish.counter_declined": (
        "  {unit}：不能 {times}，提议的 {proposed} 正是其拒绝的时间，未采用{said}",
        "  {unit}: not {times}; its proposed {proposed} is the time it declines, left out{said}",
    ),
    "replies.wish.named_days": (
        '    “{words}”说到 {days}：若该单位那时都不能来，请加上 --unavailable "{unit}@{days}"'
        "（答复的文字不会自动写进规则）",
        "    '{words}' names {days}: if the unit cannot come at all then, add --unavailable \"{unit}@{days}\" "
        "(the reply's words are never turned into rules)",
    ),
    "replies.wish.outdated": (
        "  {unit}：此前拒绝过 {times}（对旧邀请的答复{said_in}）",
        "  {unit}: declined {times} before (an answer to an earlier invite{said_in})",
    ),
    "replies.wish.letter": (
        "  {who}：有邮件待人工查看（{when}，{words}）：不是日历答复，未用于调整；需要时请用 --unavailable 或 --pin",
        "  {who}: a mail to read by hand ({when}: {words}): no calendar answer, not used; "
        "use --unavailable or --pin if it asks for a change",
    ),
    "replies.pin_lifted": (
        "  {unit}：此前按其提议固定在 {time}，已按其对新邀请的答复取消该固定",
        "  {unit}: its pin at {time} (from an earlier proposal) is lifted for its answer to the newer invite",
    ),
    "replies.pin_lifted_unmarked": (
        '  {unit}：固定在 {time} 的 [[pins]] 没有写 from = "reply"，但正是它此前提议的时间：按其提议的固定对待，'
        "已按其对新邀请的答复取消该固定",
        '  {unit}: its [[pins]] at {time} has no from = "reply" but is the time it proposed before: taken as its '
        "proposal's pin, and lifted for its answer to the newer invite",
    ),
    "replies.pin_from_proposal": (
        "{unit} 固定在 {time} 是它此前提议的时间（reschedule --from-replies 写下的固定）：它不能来这个时间的话，"
        '请删去 {rules} 中 unit = "{unit}" 的 [[pins]] 再运行',
        "{unit} is pinned at {time} because it proposed that time (a pin written by reschedule --from-replies): "
        'if it cannot come then, delete the [[pins]] with unit = "{unit}" from {rules} and run again',
    ),
    "replies.proposals_dropped": (
        "以下提议的时间无法安排，未采用（拒绝的时间仍然避开）：{items}",
        "these proposed times cannot be kept and were left out (the declined times are still avoided): {items}",
    ),
    "send.contacts_recorded": (
        "{rules}：[invites] contacts 已改为 {contacts}（--contacts），"
        "之后的 send、ics、replies、reschedule、solve 都读它",
        "{rules}: [invites] contacts now names {contacts} (--contacts): send, ics, replies, reschedule and solve "
        "read it from now on",
    ),
    "send.contacts_recorded_outside": (
        "{rules}：[invites] contacts 已改为 {contacts}（--contacts），"
        "之后的 send、ics、replies、reschedule、solve 都读它；"
        "它在该文件夹之外，复制文件夹到别处时不会随之复制：请把它放进文件夹再 send --contacts 一次"
        "（下次 reschedule --out 也会把它复制进来）",
        "{rules}: [invites] contacts now names {contacts} (--contacts): send, ics, replies, reschedule and solve "
        "read it from now on; it is outside this folder, and a copy of the folder elsewhere will not take it "
        "along: put it into the folder and send --contacts once more (the next reschedule --out copies it in, too)",
    ),
    "send.contacts_not_recorded": (
        "警告：未能在 {rules} 中把 [invites] contacts 改为 {contacts}{reason}："
        "之后的 send、ics、replies、reschedule、solve 仍读原来的联系人表，请手工修改这一行",
        "warning: {rules}: [invites] contacts could not be set to {contacts}{reason}: send, ics, replies, "
        "reschedule and solve still read the contacts table it names; change that line by hand",
    ),
    "send.contacts_to_change": (
        "{rules} 第 {line} 行：之后的 send、ics、replies、reschedule、solve 仍读这一行的联系人表，"
        "不是 --contacts 给的 {contacts}（本程序不改您自己的规则文件）；"
        "要它们也读 {contacts}，请把这一行改为 {written}",
        "{rules} line {line}: send, ics, replies, reschedule and solve still read the contacts table this line "
        "names, not {contacts} given by --contacts (your own rules file is not changed); for them to read it, "
        "change this line to {written}",
    ),
    "send.contacts_to_add": (
        "{rules} 第 {line} 行 [invites]：之后的 send、ics、replies、reschedule、solve 不读 --contacts 给的 {contacts}"
        "（本程序不改您自己的规则文件）；要它们也读它，请在这一行下加一行 {written}",
        "{rules} line {line} [invites]: send, ics, replies, reschedule and solve do not read {contacts} given by "
        "--contacts (your own rules file is not changed); for them to read it, add the line {written} under "
        "this one",
    ),
    "send.contacts_reason": ("（{reason}）", " ({reason})"),
    "send.copies_not_updated": (
        "警告：邀请已寄出，但表格未能更新（{reason}）；下次 replies --out 或 send 会使其与寄出的一致",
        "warning: the invites were sent, but the tables could not be updated ({reason}); "
        "the next replies --out or send brings them in step",
    ),
    "replies.answers_refreshed": (
        "表格的“答复”列已按刚寄出的邀请更新",
        "the tables' Answer column now says what stands after these invites",
    ),
    # -- a meeting table's answers (reschedule on a meeting table)
    "mreplies.wishes": (
        "按参会人员的 {count} 条答复调整：",
        "Changes asked for in the answers of {count} {count|participant|participants}:",
    ),
    "mreplies.none": (
        "答复中没有拒绝或提议新时间的参会人员：不因答复调整",
        "no participant declined or proposed another time: nothing to change for the answers",
    ),
    "mreplies.named_days": (
        '    “{words}”说到 {days}：若其那时都不能参加，请加上 --unavailable "{who}@{days}"'
        "（答复的文字不会自动写进规则）",
        "    '{words}' names {days}: if they cannot attend at all then, add --unavailable \"{who}@{days}\" "
        "(the reply's words are never turned into rules)",
    ),
    "mreplies.declined": (
        "  {meeting}：{who} 拒绝 {time}{said}",
        "  {meeting}: {who} declined {time}{said}",
    ),
    "mreplies.declined_optional": (
        "  {meeting}：{who} 拒绝 {time}{said}（可选参会：不因此调整会议）",
        "  {meeting}: {who} declined {time}{said} (optional: no meeting moves for it)",
    ),
    "mreplies.outdated": (
        "  {meeting}：{who} 此前拒绝过 {time}（对旧邀请的答复{said_in}）",
        "  {meeting}: {who} declined {time} before (an answer to an earlier invite{said_in})",
    ),
    "mreplies.counter": (
        "  {meeting}：{who} 不能 {time}，提议改到 {proposed}{said}；"
        '提议不自动采用，采用请加 --pin "{meeting}@{proposed}"',
        "  {meeting}: {who} cannot come {time}, proposes {proposed}{said}; a proposal is not taken by "
        'itself: to take it, add --pin "{meeting}@{proposed}"',
    ),
    "mreplies.counter_refused": (
        "  {meeting}：{who} 不能 {time}，提议改到 {proposed}{said}；这个时间不能安排会议：{why}",
        "  {meeting}: {who} cannot come {time}, proposes {proposed}{said}; the meeting cannot be held then: {why}",
    ),
    "mreplies.counter_nearest": (
        "  {meeting}：{who} 不能 {time}，提议改到 {proposed}{said}；{why}，最近可用的开始时间是 {nearest}："
        '提议不自动采用，采用请加 --pin "{meeting}@{nearest}"',
        "  {meeting}: {who} cannot come {time}, proposes {proposed}{said}; {why}, the nearest start that fits "
        'is {nearest}. A proposal is not taken by itself; to take it, add --pin "{meeting}@{nearest}"',
    ),
    "mreplies.at_declined": (
        "注意：{meeting} 排在 {time}，{who} 拒绝过这个时间{said}；要避开它，请用 reschedule --from-replies",
        "note: {meeting} is at {time}, which {who} declined{said}; to keep it away, use reschedule --from-replies",
    ),
    "replies.who_in_meeting": ("{name}（{title}）", "{name} ({title})"),
    "replies.unit_delegated": (
        "注意：{who} 已转交 {to}：单位的邀请只寄给联系人表中该单位的邮箱，{to} 收不到邀请、更新和取消，请转告；"
        "要让其也收到，请把该地址加进联系人表中该单位的邮箱（多个用、分隔）后运行 send，其答复计入该单位",
        "note: {who} delegated it to {to}: a unit's invite goes to the unit's addresses in the contacts table "
        "only, so {to} gets no invite, update or cancellation: pass it on; to have them get it, add that address "
        "to the unit's 邮箱 in the contacts table (several separated by 、) and run send: their answers count "
        "for the unit",
    ),
    "mreplies.delegated_not_told": (
        "注意：{meeting}：{who} 已转交 {to}；这次寄出的邮件只寄给 {who}，{to} 收不到，"
        "请转告，或在人员表中把其加为参会人员",
        "note: {meeting}: {who} delegated it to {to}; what is mailed now goes to {who} only and {to} is not "
        "told: pass it on, or add them to the meeting's participants",
    ),
    "replies.untrusted_unused": (
        "{count} 封未采信的答复没有用于调整（见 replies 命令的说明）",
        "{count} {count|answer|answers} not trusted {count|was|were} not used (see the replies command)",
    ),
    # -- reading a mailbox
    "replies.read": (
        "读取 {source}：检查 {examined} 封邮件，新的日历答复邮件 {new} 封{others}，此前已读 {again} 封",
        "Read {source}: {examined} {examined|message|messages} examined, {new} new calendar {new|mail|mails}"
        "{others}, {again} read before",
    ),
    "replies.read_others": ("（另有 {count} 封是其他邀请的答复）", " (and {count} answering other invites)"),
    "replies.relooked": (
        "其中 {count} 封本程序较早的版本读过（UID {upto} 及以前），已按当前版本重看：新认出 {new} 封",
        "{count} of them {count|was|were} read by an earlier version of this program (UID {upto} and before) and "
        "looked at again by this one: {new} newly recognised",
    ),
    "replies.mail": (
        "邮件“{subject}”（{sender}，{date}）：{problem}",
        "mail '{subject}' ({sender}, {date}): {problem}",
    ),
    "replies.letter_line": (
        "邮件“{subject}”（{sender}，{date}）回复了 {who} 的邀请，但不是日历答复{hint}，未计入：请手工查看：{words}",
        "mail '{subject}' ({sender}, {date}) replies to the invite of {who} but is no calendar answer{hint}: "
        "not counted, read it by hand: {words}",
    ),
    "replies.aside_line": (
        "邮件“{subject}”（{sender}，{date}）来自 {who} 的邮箱，回复的是别的邮件（不是本次邀请），未计入："
        "如与本次对接有关，请手工查看：“{words}”",
        "mail '{subject}' ({sender}, {date}) from the address of {who} replies to another mail (not this "
        "campaign's invite): not counted; if it is about this meeting, read it by hand: '{words}'",
    ),
    "replies.aside_many": (
        "{who} 的邮箱另有 {count} 封邮件回复的是别的邮件（不是本次邀请；{first} 至 {last}），未计入："
        "如其中有与本次对接有关的，请在邮箱中查看这些来信",
        "{count} more mails from the address of {who} reply to other mails (not this campaign's invite; {first} "
        "to {last}): not counted; if any is about this meeting, read them in the mailbox",
    ),
    "replies.words_quoted": ("“{words}”", "'{words}'"),
    "replies.words_tnef": (
        "没有文字，日历在 Outlook 的 winmail.dat 中，无法读取：请在 Outlook 中打开",
        "no text, its calendar in Outlook's winmail.dat, which cannot be read: open it in Outlook",
    ),
    "replies.words_tnef_short": ("请在 Outlook 中打开", "open it in Outlook"),
    "replies.letter_tnef": (
        "（日历数据在 Outlook 的 winmail.dat 中，无法读取）",
        " (its calendar data is in Outlook's winmail.dat, which cannot be read)",
    ),
    "replies.away_line": (
        "{who} 的邀请收到自动回复（{sender}）：“{words}”：联系人可能不在",
        "automatic reply to the invite of {who} ({sender}): '{words}': the contact may be away",
    ),
    "replies.receipt_line": (
        "{who} 已读邀请（已读回执，{sender}，{date}）：这不是答复，未计入；不影响提醒",
        "{who} opened the invite (read receipt, {sender}, {date}): not an answer, not counted; reminders go as usual",
    ),
    "replies.cancelled_line": (
        "邮件“{subject}”（{sender}）是 {who} 的答复（{state}），但其邀请已取消：未计入",
        "mail '{subject}' ({sender}) is the answer ({state}) of {who}, whose invite was cancelled: not counted",
    ),
    "replies.foreign": (
        "邮件“{subject}”（{sender}）答复的不是本次的邀请（UID {uid}），未计入",
        "mail '{subject}' ({sender}) answers an invite that is not one of these (UID {uid}): not counted",
    ),
    "replies.foreign_many": (
        "{count} 封答复的不是本次的邀请（{uids} 个其他邀请：同一邮箱中的其他活动或会议？），未计入",
        "{count} {count|answer|answers} to invites that are not these ({uids} other {uids|invite|invites}: another "
        "campaign or meeting in "
        "the same mailbox?): not counted",
    ),
    "replies.noted_line": (
        "邮件“{subject}”（{sender}）关于{unit}的答复：{why}",
        "mail '{subject}' ({sender}) about {unit}: {why}",
    ),
    "replies.untrusted_line": (
        "邮件“{subject}”（{sender}）关于{unit}的答复未采信：{why}",
        "mail '{subject}' ({sender}) about {unit} is not trusted: {why}",
    ),
    "replies.sender_dated": ("{sender}，{date}", "{sender}, {date}"),
    "replies.why_remedy": ("{why}；{remedy}", "{why}; {remedy}"),
    "replies.untrusted_remedy": (
        "如 {address} 确是该单位的人或其地址，把它写入联系人表的 代理邮箱 列后再运行 replies，这封答复即计入；"
        "否则请对方用受邀地址本身重新答复",
        "if {address} is truly the unit's (a person there, or its address), write it in the contacts' delegate "
        "column and run replies again: this answer then counts; otherwise ask the unit to answer again from "
        "the invited address itself",
    ),
    "replies.untrusted_person_line": (
        "邮件“{subject}”（{sender}）关于{person}（会议“{meeting}”）的答复未采信：{why}",
        "mail '{subject}' ({sender}) about {person} (meeting '{meeting}') is not trusted: {why}",
    ),
    "replies.refresh_line": (
        "{who} 请求重新发送邀请（REFRESH，{sender}）："
        "send 不会重发已发出的邀请，请把它的邀请（invites 文件夹中的 .ics）再发给它",
        "{who} asks for its invite again (REFRESH, {sender}): send does not mail an invite twice; "
        "send it its invite (the .ics in the invites folder) yourself",
    ),
    "replies.refresh_untrusted": (
        "邮件“{subject}”（{sender}）请求重新发送 {who} 的邀请（REFRESH），但其中有未受邀的地址，未采信：{why}；"
        "不要把邀请发到 {address}",
        "mail '{subject}' ({sender}) asks for the invite of {who} again (REFRESH), but names an address the "
        "invite never went to: not trusted ({why}); do not send the invite to {address}",
    ),
    "replies.refresh_unclear": (
        "邮件“{subject}”（{sender}）请求重新发送 {who} 的邀请（REFRESH），未采信：{why}；"
        "请人工阅读后再决定是否重发邀请",
        "mail '{subject}' ({sender}) asks for the invite of {who} again (REFRESH): not trusted ({why}); read it by "
        "hand before sending the invite again",
    ),
    "replies.refresh_cancelled": (
        "{who} 请求重新发送邀请（REFRESH，{sender}），但其邀请已取消：不要再发邀请；对方可能仍以为要参加，请直接告知",
        "{who} asks for its invite again (REFRESH, {sender}), but its invite was cancelled: send no invite; "
        "it may still think it is coming, so tell it directly",
    ),
    "replies.bounce_line": (
        "寄给 {who}（{address}）的邀请被退回（{status}）：{advice}",
        "the invite to {who} ({address}) bounced ({status}): {advice}",
    ),
    "replies.ignored": (
        "{count} 封日历邮件不是答复（邀请、取消等），已跳过",
        "{count} calendar {count|mail|mails} {count|is|are} not answers (invitations, cancellations): skipped",
    ),
    "replies.note.bounced": (
        "邀请被退回（{status}，{why}，{address}）",
        "the invite bounced ({status}, {why}, {address})",
    ),
    "replies.note.refresh": ("请求重新发送邀请（REFRESH）", "asks for the invite again (REFRESH)"),
    "replies.summary.bounced": (
        "邀请被退回 {count} 个：{who}（各自的原因和办法见上面的退信行；在此之前不再向退信的地址发邀请或提醒）",
        "{count} {count|invite|invites} bounced: {who} (why, and what to do, on each bounce's line above; until "
        "then no invites or reminders go to a bounced address)",
    ),
    "remind.skip.bounced": (
        "寄给 {address} 的邀请被退回（{status}）：{advice}",
        "the invite to {address} bounced ({status}): {advice}",
    ),
    "replies.stopped_login": (
        "读取未开始：{reason}。请核对 --user 和密码（环境变量 DOCKING_IMAP_PASSWORD）后再运行",
        "reading did not start: {reason}. Check --user and the password (DOCKING_IMAP_PASSWORD), then run again",
    ),
    "replies.stopped_folder": (
        "读取未开始：{reason}。请核对 --folder 的文件夹名（子文件夹写作 上级/下级）后再运行",
        "reading did not start: {reason}. Check the folder name given to --folder (parent/child), then run again",
    ),
    "replies.stopped_setup": ("读取未开始：{reason}", "reading did not start: {reason}"),
    "replies.stopped_unreachable": (
        "读取未开始：{reason}。请核对 --imap-host 和 --imap-port，网络通畅后再运行",
        "reading did not start: {reason}. Check --imap-host and --imap-port, and the network, then run again",
    ),
    "replies.stopped": (
        "读取中断：{reason}。已读到的答复已保存，重新运行同一命令即可继续",
        "reading stopped: {reason}. What was read is kept; run the same command again to go on",
    ),
    "replies.stopped_ledger": (
        "{reason}；读取中断：此前读到的答复已保存，腾出空间（或修好磁盘）后重新运行同一命令即可继续",
        "{reason}; reading stopped: the answers read before are kept; make room (or fix the disk) and run "
        "the same command again to go on",
    ),
    "replies.interrupted": (
        "已中断：已读到的 {count} 封日历邮件已保存，重新运行同一命令即可继续",
        "interrupted: the {count} calendar {count|mail|mails} read so far {count|is|are} kept; run the same command "
        "again to go on",
    ),
    "replies.folded": (
        "另有接受 {accepted} 条、未答复 {none} 条没有逐条列出（共 {total} 条；加 --all 逐条列出，"
        "--out 写出的 replies.csv 有每一条）",
        "{accepted} accepted and {none} unanswered not listed ({total} in all; --all lists every one, "
        "the replies.csv that --out writes holds every one)",
    ),
    "replies.ledger": ("答复记录：{path}", "Replies ledger: {path}"),
    "replies.no_invites": (
        "没有找到邀请（state.json）：请先导出并发送邀请（ics / send），或用 --invites 指定邀请文件夹",
        "no invites found (state.json): export and send them first (ics / send), or give --invites",
    ),
    "replies.progress": ("读取邮件", "Reading mail"),
    "replies.progress_count": ("读取中：已检查 {count} 封邮件…", "reading: {count} {count|message|messages} examined…"),
    "replies.out_units_only": (
        "--out 目前只用于单位对接表（会议表的答复请看 replies 的输出）",
        "--out is for unit tables for now (a meeting table's answers are in the replies output)",
    ),
    # -- problems with one mail (each shown on one line, never a traceback)
    "replies.too_large": (
        "邮件过大（{size}，上限 {limit}），未读取：请手工查看",
        "too large ({size}, limit {limit}): not read",
    ),
    "replies.part_too_large": ("日历附件 {part} 过大，未读取", "the calendar part {part} is too large: not read"),
    "replies.part_unreadable": (
        "日历附件 {part} 无法解码（{reason}）",
        "the calendar part {part} cannot be decoded ({reason})",
    ),
    "replies.unreadable_mail": (
        "邮件已损坏，无法读取（{reason}）",
        "the mail is damaged and cannot be read ({reason})",
    ),
    "replies.too_deep": (
        "邮件的结构嵌套过深（附件套附件数千层），无法读取；不是正常邮件客户端发出的",
        "the mail's parts are nested too deep (parts within parts, thousands of levels): not read; no usual "
        "mail program sends such a mail",
    ),
    "replies.broken_base64": (
        "日历附件 {part} 的 base64 编码已损坏，无法读取",
        "the calendar part {part} has broken base64: cannot be read",
    ),
    "replies.charset": (
        "日历附件 {part} 声明字符集为 {declared}，实际按 {used} 读取",
        "the calendar part {part} says {declared} but was read as {used}",
    ),
    "replies.calendar_damaged": (
        "内容不完整或格式不对（如 BEGIN/END 不成对）",
        "it is incomplete or malformed (BEGIN and END not paired, for one)",
    ),
    "replies.bad_calendar": ("日历附件 {part} 无法解析：{reason}", "the calendar part {part} cannot be read: {reason}"),
    "replies.not_a_reply": (
        "日历附件 {part} 是 {method}，不是答复，未计入（其中写的是 {partstat}）",
        "the calendar part {part} is a {method}, not an answer: not counted (it says {partstat})",
    ),
    "replies.not_a_reply_said": (
        "日历附件 {part} 是 {method}，不是答复，未计入（其中写的是 {partstat}：“{comment}”）",
        "the calendar part {part} is a {method}, not an answer: not counted (it says {partstat}: '{comment}')",
    ),
    "replies.no_method": (
        "日历附件 {part} 没有 METHOD，不是规范的答复，未计入（其中写的是 {partstat}）",
        "the calendar part {part} has no METHOD: not an answer, not counted (it says {partstat})",
    ),
    "replies.declinecounter": (
        "日历附件 {part} 是 DECLINECOUNTER（只应由组织者发出），无法理解，未计入",
        "the calendar part {part} is a DECLINECOUNTER (only an organizer sends one): not understood, not counted",
    ),
    "replies.no_partstat": (
        "日历附件 {part} 是答复（REPLY），但没有写明 {attendee} 是否参加（没有 PARTSTAT），未计入：请手工查看",
        "the calendar part {part} is a REPLY that does not say whether {attendee} comes (no PARTSTAT): not "
        "counted, read it by hand",
    ),
    "replies.partstat_unknown": (
        "日历附件 {part} 是答复（REPLY），但没有写明 {attendee} 是否参加（PARTSTAT 为 {partstat}），未计入：请手工查看",
        "the calendar part {part} is a REPLY that does not say whether {attendee} comes (PARTSTAT {partstat}): not "
        "counted, read it by hand",
    ),
    "replies.no_uid": ("日历附件 {part} 没有 UID，无法对应邀请", "the calendar part {part} has no UID"),
    "replies.bad_attendee": (
        "日历附件 {part} 的 ATTENDEE 行格式不对，读不出是谁答复：{line}",
        "the calendar part {part} has an ATTENDEE line that cannot be read, so who answers is unknown: {line}",
    ),
    "replies.no_attendee": (
        "日历附件 {part} 没有写明是谁答复（ATTENDEE）",
        "the calendar part {part} does not say who answers (ATTENDEE)",
    ),
    "replies.bad_sequence": (
        "日历附件 {part} 的 SEQUENCE“{value}”无效",
        "the calendar part {part} has a bad SEQUENCE '{value}'",
    ),
    "replies.no_calendar": (
        "像是答复（主题“{subject}”），但没有日历数据（手写的回复或网页邮箱？），未计入：请手工查看",
        "looks like an answer (subject '{subject}') but holds no calendar data "
        "(written by hand, or from a webmail?): not counted, read it by hand",
    ),
    "replies.no_calendar_tnef": (
        "像是答复（主题“{subject}”），但日历数据在 Outlook 的 winmail.dat 中，无法读取，未计入：请手工查看",
        "looks like an answer (subject '{subject}') but its calendar data is in Outlook's winmail.dat, "
        "which cannot be read: not counted, read it by hand",
    ),
    # -- the ledger and the mailboxes
    "replies.bad_ledger": (
        "答复记录第 {line} 行已损坏或不是本程序写的：请从备份恢复",
        "line {line} of the replies ledger is damaged or not ours: restore it from a backup",
    ),
    "replies.ledger_locked": (
        "另一个 replies 正在使用这个答复记录（{holder}）：请等它结束后再试",
        "another replies run is using this ledger ({holder}): wait for it to finish and try again",
    ),
    "replies.ledger_reading": (
        "另一个 replies 正在读取答复（{holder}）：请等它结束后再发提醒（未发送任何提醒）",
        "another replies run is reading answers ({holder}): wait for it to finish before reminding (nothing sent)",
    ),
    "replies.ledger_busy": (
        "另一个 replies 正在读取答复（{holder}）：请等它结束后再试（未做任何改动）",
        "another replies run is reading answers ({holder}): wait for it to finish and try again (nothing changed)",
    ),
    "replies.ledger_write": ("无法写入答复记录：{reason}", "cannot write the replies ledger: {reason}"),
    "replies.ledger_unwritable": ("{path}: {problem}", "{path}: {problem}"),
    "replies.no_mailbox": ("找不到这个文件夹或文件（请核对路径）", "no such mailbox"),
    "replies.mbox_is_folder": (
        "是文件夹，不是 mbox 文件：保存的 .eml 文件请用 --eml，Maildir 请用 --maildir",
        "a folder, not an mbox file: use --eml for saved .eml files, --maildir for a Maildir",
    ),
    "replies.outlook_msg": (
        "{path}：是 Outlook 的 .msg 文件，无法读取，未计入：请在 Outlook 中另存为 .eml，或用 --imap-host 直接读取邮箱",
        "{path}: an Outlook .msg file, which cannot be read: not counted; save it as .eml in Outlook, or read "
        "the mailbox itself with --imap-host",
    ),
    "replies.not_maildir": ("不是 Maildir 文件夹（没有 cur 和 new）", "not a Maildir (no cur and new folders)"),
    "replies.no_folder": ("没有子文件夹“{folder}”", "no folder '{folder}'"),
    "replies.one_source": (
        "--maildir、--mbox、--eml 和 --imap-host 只能选一个",
        "choose one of --maildir, --mbox, --eml and --imap-host",
    ),
    "replies.need_user": ("--imap-host 需要 --user", "--imap-host needs --user"),
    "replies.imap_only": ("{option} 只用于 --imap-host", "{option} is for --imap-host only"),
    "replies.security": ("--starttls 和 --insecure-plain 只能选一个", "choose one of --starttls and --insecure-plain"),
    "replies.password_prompt": ("{user} 的 IMAP 密码", "IMAP password of {user}"),
    "replies.no_password": (
        "没有密码：请设置环境变量 {variable}，或在终端中运行以便输入",
        "no password: set {variable}, or run in a terminal to type it",
    ),
    "replies.plain_password": (
        "警告：--insecure-plain 将以明文发送密码和邮件",
        "warning: --insecure-plain sends the password and the mail in clear text",
    ),
    "replies.imap_unreachable": (
        "无法连接 IMAP 服务器 {host}：{reason}",
        "cannot reach the IMAP server {host}: {reason}",
    ),
    "replies.imap_no_greeting": (
        "IMAP 服务器 {host} 连接后 {seconds} 秒内没有发出问候：这是 993 那样的隐式 TLS 端口吗？去掉 --starttls",
        "no greeting from the IMAP server {host} within {seconds} s of connecting: is this an implicit-TLS port "
        "(such as 993)? drop --starttls",
    ),
    "replies.imap_not_implicit_tls": (
        "IMAP 服务器 {host} 在此端口讲明文 IMAP，不是从第一个字节起的 TLS：加 --starttls（或改用 993 端口）；"
        "若这是发信（SMTP）的 25、587 端口，请改用收信的 IMAP 端口（993，或 143 加 --starttls）",
        "the IMAP server {host} speaks plain IMAP here, not TLS from the first byte: add --starttls (or use port "
        "993); if this is a sending (SMTP) port, 25 or 587, use the IMAP port instead (993, or 143 with --starttls)",
    ),
    "replies.imap_is_smtp": (
        "{host} 是发信（SMTP）服务器，不是收信的 IMAP 服务器：replies 要读收件箱，请用 IMAP 端口"
        "（--imap-port 993，或 143 加 --starttls；可向邮件管理员确认）",
        "{host} is a sending (SMTP) server, not an IMAP one: replies reads the mailbox, so use the IMAP port "
        "(--imap-port 993, or 143 with --starttls; the mail administrator can confirm it)",
    ),
    "replies.imap_tls_failed": (
        "与 IMAP 服务器 {host} 建立 TLS 连接失败：{reason}（自建证书可用 --cafile 指定）",
        "TLS with the IMAP server {host} failed: {reason} (a private CA: --cafile)",
    ),
    "replies.imap_tls_expired": (
        "与 IMAP 服务器 {host} 建立 TLS 连接失败：{reason}（服务器的证书已过期或尚未生效，本机无法修正："
        "请告知邮件管理员更新证书，并核对本机的日期）",
        "TLS with the IMAP server {host} failed: {reason} (the server's certificate has expired or is not valid "
        "yet, which nothing here can mend: ask the mail administrator to renew it, and check this computer's date)",
    ),
    "replies.imap_tls_wrong_name": (
        "与 IMAP 服务器 {host} 建立 TLS 连接失败：{reason}（证书上的服务器名称与 --imap-host 不符："
        "请改用证书上的名称，可向邮件管理员确认）",
        "TLS with the IMAP server {host} failed: {reason} (the certificate names another server than "
        "--imap-host: use the name on the certificate; the mail administrator can confirm it)",
    ),
    "replies.imap_tls_other_ca": (
        "与 IMAP 服务器 {host} 建立 TLS 连接失败：{reason}（--cafile 中的证书不是签发此服务器证书的那一个："
        "请向邮件管理员索取对应的 CA 证书）",
        "TLS with the IMAP server {host} failed: {reason} (the certificate in --cafile is not the one that "
        "signed this server's: ask the mail administrator for the right CA certificate)",
    ),
    "replies.imap_tls_broken": (
        "与 IMAP 服务器 {host} 建立 TLS 连接失败：{reason}",
        "TLS with the IMAP server {host} failed: {reason}",
    ),
    "replies.imap_no_starttls": (
        "IMAP 服务器 {host} 不支持 STARTTLS：未登录（去掉 --starttls 用 993 端口的 TLS）",
        "the IMAP server {host} does not offer STARTTLS: not logged in (drop --starttls for TLS on 993)",
    ),
    "replies.imap_starttls_refused": (
        "IMAP 服务器 {host} 拒绝了 STARTTLS（服务器答复：{reason}）：未登录，什么也没有读；"
        "请稍后再试，或去掉 --starttls 用 993 端口的 TLS",
        "the IMAP server {host} refused STARTTLS (the server said: {reason}): not logged in, nothing read; try "
        "again later, or drop --starttls for TLS on 993",
    ),
    "replies.imap_no_auth_plain": (
        "IMAP 服务器 {host} 只接受 LOGIN 登录（不提供 AUTHENTICATE PLAIN），而 {user} 的密码含有中文、全角或带音标的"
        "字符，LOGIN 无法传送：未登录。请改用只含英文字母、数字和符号的密码，或用邮箱的授权码",
        "the IMAP server {host} takes LOGIN only (no AUTHENTICATE PLAIN), and the password of {user} holds "
        "characters beyond ASCII, which LOGIN cannot carry: not logged in. Use a password of ASCII letters, "
        "digits and symbols, or the mailbox's app password",
    ),
    "replies.imap_login": (
        "IMAP 服务器 {host} 拒绝 {user} 登录：{reason}",
        "the IMAP server {host} refused {user}: {reason}",
    ),
    "replies.imap_login_other": (
        "IMAP 服务器 {host} 拒绝 {user} 登录：{reason}",
        "the IMAP server {host} refused {user}: {reason}",
    ),
    "replies.imap_said": ("{meaning}（服务器答复：{reply}）", "{meaning} (the server said: {reply})"),
    "replies.imap_code.authenticationfailed": ("用户名或密码不对", "the user name or password was not accepted"),
    "replies.imap_code.authorizationfailed": ("该用户无权使用这个邮箱", "this user may not use that mailbox"),
    "replies.imap_code.expired": (
        "密码已过期：请先在网页邮箱中修改密码",
        "the password has expired: change it in the webmail first",
    ),
    "replies.imap_code.privacyrequired": (
        "服务器要求加密连接：请去掉 --insecure-plain",
        "the server wants an encrypted connection: drop --insecure-plain",
    ),
    "replies.imap_code.contactadmin": (
        "服务器要求先与邮件管理员联系",
        "the server asks you to contact the mail administrator",
    ),
    "replies.imap_code.unavailable": (
        "服务器暂时无法处理，请稍后再运行",
        "the server cannot do it for now: run again later",
    ),
    "replies.imap_code.inuse": (
        "邮箱正被别的程序占用，请稍后再运行",
        "the mailbox is in use by another program: run again later",
    ),
    "replies.imap_code.limit": (
        "超出了服务器的限制（同一账号的连接太多？）：关掉其他邮件程序后再运行",
        "over the server's limit (too many connections for this account?): close other mail programs, then run again",
    ),
    "replies.imap_code.overquota": (
        "邮箱已满（超出配额）：请在网页邮箱中清理后再运行",
        "the mailbox is over its quota: make room in the webmail, then run again",
    ),
    "replies.imap_code.serverbug": (
        "服务器内部出错：请稍后再运行，仍不行请告知邮件管理员",
        "the server failed internally: run again later, and tell the mail administrator if it persists",
    ),
    "replies.imap_code.nonexistent": ("文件夹不存在", "no such folder"),
    "replies.imap_code.noperm": (
        "无权访问：请向邮件管理员确认该用户的权限",
        "not permitted: ask the mail administrator about this user's rights",
    ),
    "replies.imap_folder": (
        "IMAP 服务器 {host} 上没有文件夹“{folder}”{folders}",
        "no folder '{folder}' on the IMAP server {host}{folders}",
    ),
    "replies.imap_folders": ("（服务器上的文件夹：{names}）", " (folders on the server: {names})"),
    "replies.imap_login_disabled": (
        "IMAP 服务器 {host} 要求先加密（LOGINDISABLED）：密码未发送。请去掉 --insecure-plain，改用 --starttls",
        "the IMAP server {host} wants encryption first (LOGINDISABLED): the password was not sent. "
        "Use --starttls instead of --insecure-plain",
    ),
    "replies.imap_select_refused": (
        "IMAP 服务器 {host} 拒绝打开文件夹“{folder}”：{reason}{hint}",
        "the IMAP server {host} refused to open '{folder}': {reason}{hint}",
    ),
    "replies.imap_unsafe_login": (
        "（网易邮箱：请在网页邮箱的设置中开启 IMAP 服务，并用授权码作密码）",
        " (NetEase mail: turn IMAP on in the webmail's settings and use an authorisation code as the password)",
    ),
    "replies.imap_dropped": (
        "与 IMAP 服务器 {host} 的连接中断：{reason}",
        "the connection to {host} was lost: {reason}",
    ),
    "replies.imap_closed": ("服务器关闭了连接", "the server closed the connection"),
    "replies.imap_silent": ("服务器长时间没有响应", "the server stopped answering"),
    "replies.imap_no_data": (
        "文件夹“{folder}”中 UID {uid} 的邮件：服务器没有给出内容，未读取（未记为已读，下次运行再读）",
        "the mail with UID {uid} in '{folder}': the server sent no content; not read (the next run tries again)",
    ),
    "replies.read_at": (
        "答复读取于 {when}（{mailbox}：检查 {examined} 封邮件，新的答复邮件 {new} 封）",
        "answers read {when} ({mailbox}: {examined} mails looked at, {new} new)",
    ),
    "replies.read_stopped": (
        "上次读取答复（{when}，{mailbox}）中断：{reason}。可能还有未读的答复：重新运行 replies 即可继续",
        "the last reading of answers ({when}, {mailbox}) broke off: {reason}. Answers may be unread: run "
        "replies again to go on",
    ),
    "replies.out_held": (
        "读取中断，未写入 {path} 中的文件（其中的答复会不全）：重新运行同一命令，读完后即写入",
        "the reading broke off: nothing written into {path} (its answers would be incomplete); run the same "
        "command again, and they are written once it has read to the end",
    ),
    "replies.quota_nearly": (
        "邮箱已用 {used} / {limit}（{percent}%）：邮箱满后，各单位的答复会被退回给对方而不会到达，"
        "请尽快在网页邮箱中清理",
        "the mailbox holds {used} of {limit} ({percent}%): once it is full, the units' answers bounce back to them "
        "and never arrive; make room in the webmail soon",
    ),
    "replies.quota_full": (
        "邮箱已满（已用 {used} / {limit}）：各单位的答复正被退回给对方，不会到达；请马上在网页邮箱中清理，"
        "并请已答复却仍显示“未答复”的单位重发",
        "the mailbox is full ({used} of {limit}): the units' answers are bouncing back to them and do not arrive; "
        "make room in the webmail now, and ask units that answered but still show as not answered to send again",
    ),
    "replies.quota_mails": ("{count} 封邮件", "{count} {count|mail|mails}"),
    "replies.junk": (
        "垃圾邮件文件夹“{folder}”中有 {count} 封来自受邀地址的邮件（活动首次发送以来），可能是答复，未读取："
        "请用 --folder {option} 读取",
        "the junk folder '{folder}' holds {count} {count|mail|mails} from invited addresses (since the campaign "
        "was first sent), possibly answers, not read: read them with --folder {option}",
    ),
    "replies.imap_gone": (
        "文件夹“{folder}”中 UID {uid} 的邮件在读取时被移走或删除（另一个邮件客户端？）：未读取；"
        "若已移到其他文件夹（如 已处理），请用 --folder 读取那个文件夹",
        "the mail with UID {uid} in '{folder}' was moved or deleted while it was being read (another mail "
        "client?): not read; if it was moved to another folder (such as Processed), read that one with --folder",
    ),
    "replies.maildir_gone": (
        "{folder} 中的邮件 {name} 在读取时被移走或删除（邮件客户端？）：未读取；"
        "若已移到其他文件夹（如 已处理），请用 --folder 读取那个文件夹",
        "the mail {name} in {folder} was moved or deleted while it was being read (a mail client?): not read; "
        "if it was moved to another folder (such as Processed), read that one with --folder",
    ),
    "replies.imap_refused": ("IMAP 服务器 {host} 拒绝了请求：{reason}", "the IMAP server {host} refused: {reason}"),
    # -- reminders (send --remind): the letters, always in Chinese (the units read them)
    "remind.today": ("今天", "today"),
    "remind.tomorrow": ("明天", "tomorrow"),
    "remind.in_days": ("{days} 天后", "in {days} days"),
    "remind.subject.answer": ("请答复：{summary}", "Please answer: {summary}"),
    "remind.subject.meeting": ("提醒：{day}（{time}）{summary}", "Reminder: {day} ({time}) {summary}"),
    "remind.subject.deadline": ("提醒：{what}（{when}）", "Reminder: {what} ({when})"),
    "remind.answer": (
        "贵单位尚未答复 {time} 在{room}的对接邀请。",
        "You have not yet answered the invitation to the meeting at {time} in {room}.",
    ),
    "remind.answer_how": (
        "请在日历中点“接受”或“拒绝”（附件 invite.ics 即原邀请）；时间不便请点“建议新时间”，或直接回复本邮件说明。",
        "Please answer Accept or Decline in your calendar (the attachment invite.ics is the invite); if the time "
        "does not suit you, propose a new time or reply to this message.",
    ),
    "remind.meeting": (
        "{day}（{time}）在{room}对接，请准时参加，并带齐材料（见原邀请）。",
        "The meeting is {day} ({time}) in {room}; please come on time with the documents (see the invite).",
    ),
    "remind.deadline": ("时间节点：{what}，{when}。请按时完成。", "Deadline: {what}, {when}. Please be on time."),
    "remind.sign": ("如有疑问，请直接回复本邮件。", "Any question: reply to this message."),
    # -- reminders: the command's own lines
    "remind.bad_setting": (
        "提醒设置 {key} 无效：天数为 0 到 365 的整数（0 为不提醒）",
        "the reminder setting {key} is not valid: days are whole numbers 0-365 (0 for none)",
    ),
    "remind.bad_rounds": (
        "提醒设置 {key} 无效：应为递增的天数列表，每项为 1 到 365 的整数（[] 为不提醒）",
        "the reminder setting {key} is not valid: an increasing list of whole numbers of days 1-365 ([] for none)",
    ),
    "remind.skip.changing": (
        "邀请随时间表改变，尚未发出（先运行 send）",
        "its invite changes with the timetable and was not mailed yet (run send first)",
    ),
    "remind.skip.not_mailed": (
        "当前邀请（第 {sequence} 版）尚未发出（先运行 send）",
        "its current invite (SEQUENCE {sequence}) was not mailed yet (run send first)",
    ),
    "remind.skip.refused": (
        "邀请被对方服务器拒收（{reply}）：请核对地址",
        "the invite was refused by the recipient's server ({reply}): check the address",
    ),
    "remind.skip.unavailable": (
        "该时间不可参加，不发提醒",
        "unavailable at that time: no reminder",
    ),
    "remind.skip.delegated_told": (
        "已转交 {to}，不发会议提醒（提醒发给 {to}）",
        "delegated to {to}: no meeting reminder (it goes to {to})",
    ),
    "remind.skip.delegated": (
        "已转交 {to}，不发会议提醒（{to} 不在邀请名单中，收不到提醒，请转告）",
        "delegated to {to}: no meeting reminder ({to} is not among those invited and gets none: pass it on)",
    ),
    "remind.skip.declined": (
        "已拒绝或提议新时间，不发会议提醒",
        "declined or proposed another time: no meeting reminder",
    ),
    "remind.skip.letter": (
        "有邮件待人工查看（{when}，{words}），不发请答复或会议提醒：请先看邮件，需要时自己联系该单位",
        "a mail to read by hand ({when}: {words}): no answer or meeting reminder; read it first, and contact "
        "the unit yourself if need be",
    ),
    "remind.skipped": ("未提醒 {unit}：{reason}", "not reminded: {unit}: {reason}"),
    "remind.skipped.meeting": ("未提醒 {unit}（{meeting}）：{reason}", "not reminded: {unit} ({meeting}): {reason}"),
    "remind.summary": (
        "提醒：已发送 {sent}（请答复 {answer}，会议 {meeting}，时间节点 {deadline}），失败 {failed}",
        "Reminders: {sent} sent ({answer} to answer, {meeting} {meeting|meeting|meetings}, "
        "{deadline} {deadline|deadline|deadlines}), {failed} failed",
    ),
    "remind.none": ("今天没有到期的提醒", "No reminder is due today"),
    "remind.dry_run_none": (
        "试运行：今天没有到期的提醒，{path} 未写入",
        "Dry run: no reminder is due today; nothing written to {path}",
    ),
    "remind.dry_run": (
        "试运行：{count} 封提醒写入 {path}，未发送，发送日志未改动",
        "Dry run: {count} {count|reminder|reminders} written to {path}; nothing sent, the journal untouched",
    ),
    "remind.alone": (
        "--remind 只发提醒，不能与 --only-changed、--allow-cancel 或 --allow-bounced 同用",
        "--remind mails reminders only: it does not go with --only-changed, --allow-cancel or --allow-bounced",
    ),
}
