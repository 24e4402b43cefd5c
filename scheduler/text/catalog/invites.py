"""Messages: Calendar invites: bad input, calendar content, command output."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- calendar invites (issue 3): bad input
    "input.bad_address": ("邮箱地址“{value}”无效：{reason}", "the mail address '{value}' is not valid: {reason}"),
    "argument.bad_address": (
        "{name} 的邮箱地址“{value}”无效：{reason}",
        "the mail address '{value}' of {name} is not valid: {reason}",
    ),
    "input.bad_delegate": (
        "代理邮箱“{value}”无效：{reason}",
        "the delegate addresses '{value}' are not valid: {reason}",
    ),
    "address.control": ("含有换行或控制字符", "it holds a line break or a control character"),
    "address.space": ("含有空格", "it holds a space"),
    "address.several": ("每个单位只能填一个地址", "give one address per unit"),
    "address.separate": ("多个地址之间请用“、”或“;”分隔", "separate several addresses with ';'"),
    "address.several_person": (
        "每人只能填一个地址（一个单位也是）：要让几个人各收邀请，请把他们各写一行（姓名、单位、邮箱），并在会议中写这些人",
        "give one address per person (and per unit): for several people to get the invite, write each on a row "
        "of their own (name, unit, email) and name them in the meetings",
    ),
    "address.fullwidth_dot": ("域名中有中文句号“。”", "the domain has a Chinese full stop '。'"),
    "address.no_at": ("缺少“@”", "it has no '@'"),
    "address.double_at": ("地址格式不对（“@”重复）", "it is not an address (the '@' is doubled)"),
    "address.local": ("“@”前的部分不合规", "the part before '@' is not valid"),
    "address.domain": ("“@”后的域名不合规", "the domain after '@' is not valid"),
    "input.bad_person": (
        "名称“{value}”含有换行或控制字符",
        "the name '{value}' holds a line break or a control character",
    ),
    "input.bad_state": (
        "邀请状态文件已损坏或不是本程序写的：请重新导出邀请（ics 命令），它会根据邀请文件和发送日志重建；"
        "不要删除邀请文件",
        "the invites state file is damaged or not ours: export the invites again (ics), which rebuilds it from "
        "the invite files and the mail journal; do not delete the invite files",
    ),
    "input.no_state": (
        "没有邀请状态文件：请先导出邀请（ics 命令）",
        "no invites state file: export the invites first (ics)",
    ),
    "input.invite_edited": (
        "该邀请文件在导出后被改动或删除：请重新导出（ics 命令）",
        "this invite file was changed or removed after the export: export again (ics)",
    ),
    "input.state_campaign": (
        '该文件夹的邀请属于活动“{old}”，规则文件 [invites] 写的是 campaign = "{new}"：若是新一轮对接，请输出到'
        "新的文件夹（--out 新文件夹）；若仍是同一轮，请把 campaign 改回“{old}”",
        "this folder's invites belong to campaign '{old}' but the rules' [invites] say campaign = \"{new}\": for "
        "a new round write to a new folder (--out NEW-FOLDER); for the same round set campaign back to '{old}'",
    ),
    "input.state_past_round": (
        "该文件夹的邀请是上一轮对接的（活动“{old}”，最后一个会议在 {last}）：新一轮（活动“{new}”）请输出到"
        "新的文件夹（--out 新文件夹），上一轮的文件夹留作记录",
        "this folder's invites are a past round's (campaign '{old}', last meeting on {last}): write the new "
        "round (campaign '{new}') to a new folder (--out NEW-FOLDER) and keep the old one as its record",
    ),
    "invites.campaign_year": (
        "注意：活动编号“{campaign}”写的是 {named} 年，对接日期在 {year} 年：若是新一轮对接，请在发出邀请前把规则文件 "
        '[invites] 的 campaign 改为新的编号（如 campaign = "{offered}"），再输出到另一个新的文件夹（--out 新文件夹；'
        "这个文件夹的邀请已按旧编号写出，不再接受新编号），否则邀请沿用上一轮的 UID，单位日历中上一轮的"
        "会议会被替换、上一轮的答复会被当作这一轮的；编号本就如此的，不必理会",
        "note: the campaign id '{campaign}' names {named} and the days are in {year}: for a new round, change the "
        'rules\' [invites] campaign before the invites go out (e.g. campaign = "{offered}") and write to another '
        "new folder (--out NEW-FOLDER; this folder's invites are written under the old id and refuse a new one), "
        "or the invites take last round's UIDs, replace its meetings in the units' calendars and take its answers "
        "as this round's; an id named so on purpose needs nothing",
    ),
    "input.round_clock_year": (
        "（规则文件的日期没有写年份，按今年 {year} 年读取；若要处理 {old} 年的那一轮，请在规则文件写 year = {old}）",
        " (the rules' days are written without a year and were read in this year, {year}; to work on the {old} "
        "round, write year = {old} in the rules file)",
    ),
    "invites.postponed": (
        "注意：规则文件的对接日期从 {first} 开始，比已寄出、尚未举行的会议（最后一个在 {last}）晚 {days} 天："
        "邀请将作为改期的更新发出。若是年份写错，请在 send 之前改正；若是新一轮对接，请在规则文件 [invites] "
        "里写新的活动编号并输出到新的文件夹",
        "note: the rules' days start on {first}, {days} days after the meetings mailed and not yet held (the "
        "last on {last}): the invites will go out as updates moving them. If the year is typed wrong, correct "
        "it before send; if this is a new round, give the rules' [invites] a new campaign id and write to a new "
        "folder",
    ),
    "input.new_round": (
        "该文件夹的邀请是上一轮对接的（活动“{old}”，最后一个会议在 {last}），"
        "规则文件的对接日期从 {first} 开始{year_note}："
        "这像是新一轮对接，不能把上一轮的日历邀请改成这一轮的。请在规则文件 [invites] 里写新的活动编号"
        '（如 campaign = "{offered}"），并输出到新的文件夹（--out 新文件夹）',
        "this folder's invites are a past round's (campaign '{old}', last meeting on {last}) and the rules' days "
        "start on {first}{year_note}: this looks like a new round, and last round's calendar entries must not "
        "become this one's. Give the rules' [invites] a new id (e.g. campaign = \"{offered}\") and write to a "
        "new folder (--out NEW-FOLDER)",
    ),
    "input.no_invites": (
        "规则文件没有 [invites] 表（活动编号、组织者），无法生成日历邀请（见源代码的 docs/formats.md）",
        "the rules file has no [invites] table (campaign, organizer): cannot make invites "
        "(see the source's docs/formats.md)",
    ),
    "input.invite_missing": ("[{section}] 缺少“{key}”或其值为空", "[{section}] has no '{key}' or it is empty"),
    "input.contacts_missing": (
        '找不到联系人表 {path}：请把联系人表复制到规则文件旁，并把这一行改为 contacts = "{name}"'
        "（send 也可用 --contacts 指定联系人表）",
        "contacts table not found: {path}: copy the contacts table beside the rules file and change this "
        'line to contacts = "{name}" (send also takes --contacts)',
    ),
    "input.reminder": (
        "提醒分钟数须为 0 到 10080 的整数，而不是 {value}",
        "reminder minutes must be a whole number from 0 to 10080, not {value}",
    ),
    "input.template_field": (
        "模板中有未知的字段“{{{field}}}”（可用：{known}）",
        "unknown field {{{field}}} (known: {known})",
    ),
    "input.template": (
        "模板格式错误：{reason}（花括号本身写作 {{{{ }}}}）",
        "bad template: {reason} (write braces as {{{{ }}}})",
    ),
    "input.invite_language": (
        '邀请语言只能是 "zh"（中文）或 "en"（英文），而不是“{value}”',
        'the invites\' language is "zh" (Chinese) or "en" (English), not \'{value}\'',
    ),
    "input.meeting_template": (
        "{key} 是对接表邀请的模板，会议表不用：会议邀请的内容是固定的（用 [invites] language 选中文或英文），"
        "请删去这一行",
        "{key} is a unit table's invite template, not a meeting table's: a meeting's invite text is fixed "
        '(language = "en" or "zh" under [invites] picks its language); remove this line',
    ),
    "input.milestone_twice": ("时间节点 id“{id}”重复", "milestone id '{id}' is used twice"),
    "input.milestone_when": (
        "无法识别的日期“{value}”（例：9月13日、2021-09-13、9月26日至9月30日）",
        "cannot read the date '{value}' (e.g. Sep 13 or 2021-09-13)",
    ),
    "input.milestone_who": (
        "“{value}”既不是类别（{known}）也不是表中的单位",
        "'{value}' is neither a category ({known}) nor a unit of the table",
    ),
    # -- calendar invites (issue 3): calendar content (always rendered in Chinese: the units read it)
    "invite.summary_default": ("对接：{unit}", "Meeting: {unit}"),
    "invite.description_default": (
        "{title}\n\n对接单位：{unit}\n时间：{time}—{end}\n地点：{room}\n\n请携带：{bring}\n\n时间节点：\n{milestones}"
        "\n\n组织单位：{organizer}",
        "{title}\n\nUnit: {unit}\nTime: {time}-{end}\nPlace: {room}\n\nPlease bring: {bring}\n\nDates:\n{milestones}"
        "\n\nOrganised by: {organizer}",
    ),
    "invite.reminder": ("即将开始：{summary}", "Starting soon: {summary}"),
    "invite.cancelled": (
        "{unit}原定于 {time} 在{room}的对接已取消。如有新的安排，将另行通知。",
        "The meeting of {unit} at {time} in {room} is cancelled. Any new time will be sent separately.",
    ),
    "invite.uninvited": (
        "{unit}原定于 {time} 在{room}的对接照常举行，但您已不在参会名单中，无需参加。如仍需参加，请与组织单位联系。",
        "The meeting of {unit} at {time} in {room} still takes place, but you are no longer on its list and "
        "need not come. If you still need to come, please contact the organiser.",
    ),
    "invite.item_cancelled": ("此事项已取消。", "This item is cancelled."),
    "invite.office_calendar": ("{title}（全部对接与时间节点）", "{title} (all meetings and dates)"),
    "invite.office_summary": ("对接：{unit}", "Meeting: {unit}"),
    "invite.office_description": (
        "{summary}\n联系人：{contact}\n邮箱：{address}",
        "{summary}\nContact: {contact}\nMail: {address}",
    ),
    "invite.no_contact": ("（通讯录中没有）", "(not in the contacts)"),
    "invite.deadline_summary": ("截止：{what}", "Due: {what}"),
    "invite.deadline_calendar": ("{unit}：工作时间节点", "{unit}: dates and deadlines"),
    "invite.everyone": ("全部单位", "every unit"),
    "invite.office_deadline": ("{summary}（{who}）", "{summary} ({who})"),
    # -- calendar invites (issue 3): command output
    "show.invites_summary": (
        "邀请：新建 {new}，更新 {updated}，取消 {cancelled}，未变 {unchanged}",
        "Invites: {new} new, {updated} updated, {cancelled} cancelled, {unchanged} unchanged",
    ),
    "show.change": ("变化", "Change"),
    "show.invite": ("邀请", "Invite"),
    "show.changes_folded_units": (
        "共 {count} 份邀请有变化：新建 {new} 份只计数，更新和取消的逐份列出（加 --all 全部列出，邀请文件夹里每份都在）",
        "{count} invite {count|copy|copies} changed: {new} new counted, updates and cancellations listed "
        "(--all lists every copy, the invites folder holds every one)",
    ),
    "show.changes_folded": (
        "共 {count} 份邀请有变化：新建 {new} 份只计数，更新和取消的每个会议列一行（加 --all 逐份列出，"
        "邀请文件夹里每份都在）",
        "{count} invite {count|copy|copies} changed: {new} new counted, updates and cancellations one row a "
        "meeting (--all lists every copy, the invites folder holds every one)",
    ),
    "show.people_count": ("{count} 人", "{count} {count|person|people}"),
    "show.change.new": ("新建", "new"),
    "show.change.updated": ("更新", "updated"),
    "show.change.cancelled": ("取消", "cancelled"),
    "show.change.unchanged": ("未变", "unchanged"),
    "show.why": ("说明", "Why"),
    "show.why.time": ("原定 {was}", "was {was}"),
    "show.why.zone": (
        "时区已改（{was_zone} → {zone}）：原定 {was}（{was_zone}），现为 {now_then}（{was_zone}）",
        "time zone changed ({was_zone} → {zone}): was {was} {was_zone}, now {now_then} {was_zone}",
    ),
    "show.zone_changed": (
        "注意：规则文件的时区改了（之前的邀请按 {was}，现为 {zone}）：{count} 份更新只因此换了时刻：{units}。"
        "若时区确实改了，send 需加 --allow-zone-change 才会重新寄出；若是写错了，请改回规则文件的 timezone",
        "Note: the rules' time zone changed (the invites before gave times in {was}, now {zone}): {count} "
        "{count|update moves|updates move} only because of it: {units}. If the zone did change, send needs "
        "--allow-zone-change to mail them again; if not, put the rules' timezone back",
    ),
    "show.why.room": ("原地点 {was}", "room was {was}"),
    "show.why.end": ("结束时间原定 {was}（{was_length} → {length}）", "end was {was} ({was_length} → {length})"),
    "show.why.address": ("邮箱改为 {address}（新地址收到的是邀请）", "address now {address} (it gets an invitation)"),
    "show.why.address_removed": (
        "邮箱已删除（邀请文件需另行送达，不会发送）",
        "address removed (hand the file over by other means: nothing is mailed)",
    ),
    "show.why.back": ("重新列入", "back in the table"),
    "show.why.contact": ("联系人改为 {contact}", "contact now {contact}"),
    "show.why.no_contact": ("联系人已删除", "contact removed"),
    "show.why.content": (
        "时间地点未变（说明、时间节点、参会人员或本程序的写法有变）",
        "same time and room (its text, deadlines, participants or the way this version writes it changed)",
    ),
    "show.why.content.people": (  # a meeting table has no deadlines (QA qaics19 F2)
        "时间地点未变（说明、参会人员或本程序的写法有变）",
        "same time and room (its text, participants or the way this version writes it changed)",
    ),
    "show.unexplained_updates.people": (
        "注意：{count} 份邀请将作为更新发出，时间、地点和邮箱却都没变：{units}。若说明和参会人员"
        "也没改，这是本程序升级后邀请的写法变了；收件人仍会被请求重新答复（可先用 --dry-run 查看邮件）",
        "Note: {count} {count|invite goes|invites go} out as an update with the same time, room and "
        "address: {units}. If their text and participants did not change either, this version "
        "writes invites differently than the one before; each recipient is still asked to answer again "
        "(--dry-run shows the mails first)",
    ),
    "show.unexplained_updates": (
        "注意：{count} 份邀请将作为更新发出，时间、地点和邮箱却都没变：{units}。若说明、时间节点和参会人员"
        "也没改，这是本程序升级后邀请的写法变了；收件人仍会被请求重新答复（可先用 --dry-run 查看邮件）",
        "Note: {count} {count|invite goes|invites go} out as an update with the same time, room and "
        "address: {units}. If their text, deadlines and participants did not change either, this version "
        "writes invites differently than the one before; each recipient is still asked to answer again "
        "(--dry-run shows the mails first)",
    ),
    "show.no_address": (
        "{count} 个单位没有邮箱（文件已写入，需另行送达）：{units}",
        "{count} {count|unit|units} {count|has|have} no mail address (files written, hand them over otherwise): "
        "{units}",
    ),
    "show.no_address.people": (
        "{count} 人没有邮箱（文件已写入，需另行送达）：{units}",
        "{count} {count|participant|participants} {count|has|have} no mail address (files written, hand them over "
        "otherwise): {units}",
    ),
    "show.units_one_address": (
        "通讯录中 {units} 的邮箱相同（{address}）：是否复制错了？（确是共用的邮箱可不理会）",
        "the contacts give {units} the same address ({address}): a copy-paste slip? (ignore this if the mailbox "
        "is shared)",
    ),
    "show.unknown_contacts": (
        "通讯录中有 {count} 个单位不在时间表中（是否写错了名称？）：{units}",
        "{count} {count|unit|units} in the contacts {count|is|are} not in the timetable (a typo?): {units}",
    ),
    "show.contact_unit": ("{unit}", "{unit}"),
    "show.no_invites": (
        "规则文件没有 [invites] 表，未生成日历邀请",
        "the rules file has no [invites] table: no calendar invites written",
    ),
    "show.invites_written": (
        "已写入邀请：{path}（{count} 个文件）",
        "Invites written: {path} ({count} {count|file|files})",
    ),
    "show.invites_some_written": (
        "已写入邀请：{path}（{count} 个文件；其余 {same} 个未变）",
        "Invites written: {path} ({count} {count|file|files}; the other {same} unchanged)",
    ),
    "show.invites_dry": (
        "试运行：邀请文件夹 {path} 未改动（下列变化在实际发送时写入）",
        "Dry run: the invites folder {path} was left as it is (a real send writes the changes below)",
    ),
    "show.invites_unchanged": (
        "邀请文件未变：{path}（{same} 个文件都与上次相同，未写入）",
        "Invites unchanged: {path} ({same} {same|file|files}, {same|as it was|all as they were}; nothing written)",
    ),
    "show.invites_refused": (
        "时间表违反规则，未生成邀请：",
        "The timetable breaks the rules; no invites written:",
    ),
}
