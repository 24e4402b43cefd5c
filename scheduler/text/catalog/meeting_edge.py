"""Messages: meeting tables at the edge (which kind a table is, the command line, outputs, invites, the web)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- which kind of table (scheduler.files.tables, scheduler.files.either)
    "mtable.grid": (
        "缺少这一列：这像是“日期×时间”的日程表（表头是日期），请改成每个单位一行（“{unit}”“{time}”两列，单位表可用列：{known}）",
        "this column is missing: this looks like a day-by-hour grid (its header holds days); write one row per"
        " unit instead (columns {unit} and {time}; unit table columns: {known})",
    ),
    "mtable.neither": (
        "缺少这一列：单位表需要“{unit}”列，会议表需要“{meeting}”和“{participants}”两列（单位表可用列：{known}）",
        "this column is missing: a unit table needs {unit}, a meeting table needs {meeting} and {participants} "
        "(unit table columns: {known})",
    ),
    "mtable.half_meeting": (
        "缺少这一列：会议表需要“{meeting}”和“{participants}”两列（缺“{column}”）",
        "this column is missing: a meeting table needs both {meeting} and {participants} (no {column})",
    ),
    # -- the terminal (scheduler.cli.display, scheduler.cli.meetings)
    "mshow.shared_address": (
        "注意：{meeting} 的参加人 {names} 共用邮箱 {address}：邮件客户端只保留其中一份邀请，从这个邮箱来的答复"
        "只在写明其中一人（ATTENDEE 的名字）时计入此人，否则无法分辨是谁的，replies 不计入任何一人；"
        "请尽量给每人单独的邮箱",
        "note: {names} of {meeting} share the mailbox {address}: a mail client keeps only one of their invites, "
        "and an answer from it counts for one of them only when it names them (the ATTENDEE's name); otherwise "
        "it cannot be told apart and replies counts it for none of them; give each their own address if you can",
    ),
    "mshow.length": ("时长", "Length"),
    "mshow.meeting": ("会议", "Meeting"),
    "mshow.room": ("会议室", "Room"),
    "mshow.people": ("参会人员", "Participants"),
    "mshow.person": ("参会人员", "Participant"),
    "mshow.optional": ("可选", "optional"),
    "mshow.minutes": ("{minutes} 分钟", "{minutes} min"),
    "mshow.status": ("状态：{status}", "Status: {status}"),
    "mshow.level.medium": ("中", "medium"),
    "mshow.level.soft": ("软", "soft"),
    "mshow.level_bound": ("{level} {value}（下界 {bound}）", "{level} {value} (bound {bound})"),
    "mshow.level_unbounded": ("{level} {value}（下界未知）", "{level} {value} (no bound proven)"),
    "mshow.score": ("得分（越低越好）：{levels}", "Score (lower is better): {levels}"),
    "mshow.level_gap": ("{level}最多差 {gap}", "{level} at most {gap}"),
    "mshow.parts": ("其中{level} {value} = {parts}", "Of which {level} {value} = {parts}"),
    "mshow.part": ("{term} {count}", "{term} {count}"),
    "mshow.part_weighted": ("{term} {count} × {weight}", "{term} {count} × {weight}"),
    "mshow.moves_weight": (
        "调整一个会议计 {weight}（多于同一级别其他各项可能之和，所以先求调整最少），只在重新安排时计入；"
        "validate 检查写出的时间表，不计调整：{level} {without}",
        "A moved meeting counts {weight} (more than everything else at its level could add up to, so the "
        "fewest moves come first), and only when replanning; validate checks the timetable written, without "
        "moves: {level} {without}",
    ),
    "mreplan.longer": (
        "中层级未证明最优（{score}，下界 {bound}）：调整的会议数或可选参会人员的冲突可能还能更少，"
        "可延长 --time-limit 再试",
        "the medium level is not proven optimal ({score}, bound {bound}): fewer moves or fewer optional "
        "conflicts may exist; a longer --time-limit may find them",
    ),
    "mshow.gap": ("与最优的差距：{gaps}", "Distance from the optimum: {gaps}"),
    "mshow.per_person": ("按人计：{parts}", "Per person: {parts}"),
    "mshow.top.participant-days": ("来了不止一天的：{people}{more}", "on more than one day: {people}{more}"),
    "mshow.top.idle": ("等待最久的：{people}{more}", "longest waits: {people}{more}"),
    "mshow.top.days_one": ("{name}（{days} 天）", "{name} ({days} {days|day|days})"),
    "mshow.top.idle_one": ("{name}（{minutes} 分钟）", "{name} ({minutes} min)"),
    "mshow.top.more": ("，另有 {count} 人", ", and {count} more"),
    "mshow.who_more": ("{names}等 {count} 人", "{names} and {more} more"),
    "mshow.person.participant-days": ("多来的天数 {count}", "extra days {count}"),
    "mshow.person.participant-days_who": ("{who}多来的天数 {count}", "extra days of {who} {count}"),
    "mshow.person.idle": (
        "等待共 {count} 格（{minutes} 分钟）",
        "waiting {count} {count|step|steps} in all ({minutes} min)",
    ),
    "mshow.person.idle_who": (
        "{who}等待共 {count} 格（{minutes} 分钟）",
        "waiting of {who} {count} {count|step|steps} in all ({minutes} min)",
    ),
    "mshow.last": ("最后一个会议结束于：{time}", "Last meeting ends: {time}"),
    "mshow.wishes_more": (
        "  ……另有 {count} 个会议不在其时段偏好内",
        "  … and {count} more {count|meeting|meetings} outside {count|its|their} preferred time",
    ),
    "mshow.wishes": ("时段偏好：满足 {met}/{written}", "Preferred times: {met} of {written} met"),
    "mshow.wishes_unplaced": (
        "时段偏好：满足 {met}/{written}（{unplaced} 个未安排时间）",
        "Preferred times: {met} of {written} met ({unplaced} not placed)",
    ),
    "mvalid.no_column": (
        "没有“{column}”列，无法检查时间表：请把表头改为“{column}”（认得的表头：{names}）",
        "no {column} column, so the timetable cannot be checked: name it {column} (headers read: {names})",
    ),
    "mshow.valid": (
        "时间表满足全部规则（{meetings} 个会议，{rooms} 个会议室）",
        "The timetable satisfies every rule ({meetings} {meetings|meeting|meetings}, {rooms} {rooms|room|rooms})",
    ),
    "mshow.not_held": (
        "注意：{meeting} 已于 {time} 开始，{who} 该时段不可参加：视为未举行，重新安排到 {to}；"
        "若它已举行，请把{where}改为从现在（{now}）起",
        "note: {meeting} began at {time}, but {who} could not attend then: treated as not held, placed again "
        "at {to}; if it was held, make {where} start from now ({now})",
    ),
    "mshow.where_rules": (
        ' {path} 中 {key} = "{who}" 的 [[unavailable]] ',
        'the [[unavailable]] with {key} = "{who}" in {path}',
    ),
    "mshow.where_reply": (
        " {who} 的拒绝所写成的 [[unavailable]]（加 --out 运行即写入 timetable.toml）",
        "the [[unavailable]] {who}'s decline becomes (written to timetable.toml when run with --out)",
    ),
    "mshow.where_option": (" --unavailable “{spec}” ", "--unavailable '{spec}'"),
    "mshow.where_people": (
        "人员表 {path} 中 {who} 的不可参加时间",
        "{who}'s unavailable time in the people sheet {path}",
    ),
    "mshow.where_who": (" {who} 的不可参加时间", "{who}'s unavailable time"),
    "mshow.moves": ("调整了 {count} 个会议：", "{count} {count|meeting|meetings} moved:"),
    "mshow.no_moves": ("没有会议需要调整", "No meeting needs to move"),
    "mshow.drops": ("取消了 {count} 个会议：", "{count} {count|meeting|meetings} called off:"),
    "mshow.moves_drops": (
        "调整了 {count} 个会议，取消了 {dropped} 个会议：",
        "{count} {count|meeting|meetings} moved, {dropped} called off:",
    ),
    "mshow.dropped": ("（取消）", "(called off)"),
    "mshow.infeasible": (
        "没有满足全部规则的时间表。",
        "No timetable satisfies the rules.",
    ),
    "mshow.not_found": (
        "时限内没有找到满足全部规则的时间表（可延长 --time-limit 再试）。",
        "No timetable was found in the time limit (try a longer --time-limit).",
    ),
    "mshow.rows_folded": (
        "时间表共 {count} 个会议，已写入 --out 的文件，这里不逐行列出（加 --all 列出）",
        "The timetable's {count} {count|meeting|meetings} are in the files --out writes, not listed here "
        "(--all lists them)",
    ),
    "mshow.not_found_kept": (
        "时限内没有找到满足全部规则的时间表：搜索用了 {search} 秒，时限中约 {kept} 秒留给写出时间表和邀请（--out），"
        "没有借给搜索；可延长 --time-limit 再试，或先不带 --out 求解。",
        "No timetable was found in the time limit: the search took {search} s, and about {kept} s of the limit "
        "were kept back to write the timetable and its invites (--out), not lent to the search; try a longer "
        "--time-limit, or solve without --out first.",
    ),
    "mshow.not_found_web": (
        "时限内没有找到满足全部规则的时间表（可把“{field}”加长再试）。",
        "No timetable was found in the time limit (try a longer '{field}').",
    ),
    "mshow.terms": ("各项：{terms}", "Terms: {terms}"),
    # -- options that take meeting tables (scheduler.cli.meetings, scheduler.files.meeting_changes)
    "mopt.stable_needs_times": (
        "--objective stable 需要表中已有的时间（“时间”列）",
        "--objective stable needs the table's times (its Time column)",
    ),
    "mopt.not_meetings": (
        "{option} 只用于单位对接表，会议表不适用",
        "{option} is for unit tables, not meeting tables",
    ),
    "mopt.link_meetings": (
        "{option} 只用于单位对接表；会议的先后顺序请写在规则文件的 [[links]] 中"
        "（first、then，可加 gap_minutes、same_day）",
        "{option} is for unit tables; a meeting table's order is written in its rules file as [[links]]"
        " (first, then, optionally gap_minutes, same_day)",
    ),
    "mfile.zero_length": (
        "时长“{value}”必须大于零",
        "the length '{value}' must be more than zero",
    ),
    "mfile.no_people": (
        "找不到人员表 {path}（路径相对于规则文件所在的文件夹）",
        "the people sheet {path} is not there (a relative path is read from the rules file's folder)",
    ),
    "mfile.no_room_left": (
        "没有留下可用的会议室：不用会议室排除了 {allowed}",
        "no room is left: the rooms it may not use rule out {allowed}",
    ),
    "mfile.bounds_reversed": (
        "会议“{meeting}”不早于 {first}、不晚于 {last}，放不下它的 {minutes} 分钟（两列是否写反了？）",
        "meeting '{meeting}' not before {first} and not after {last} leaves no room for its {minutes} minutes "
        "(are the columns swapped?)",
    ),
    "mfile.no_meetings": (
        "表中只有表头，没有任何会议（是否保存了筛选后的表格？）",
        "the table has a header but no meetings (saved while filtered?)",
    ),
    "malt.stopped_unproven": (
        "搜索在时限前已结束，仍未能证明最优（下界不够紧，加长时限也难以证明），无法列出其他最优时间表：{held}",
        "The search ended before the time limit without proving the optimum (its bound is weak here; more time is "
        "unlikely to prove it), so no other optimal timetables can be listed: {held}",
    ),
    "malt.time_unproven": (
        "时限内未能证明最优，无法列出其他最优时间表：{held}（加长 --time-limit 或可找到更好的时间表、证明最优）",
        "The optimum was not proven in the time limit, so no other optimal timetables can be listed: {held} "
        "(a longer --time-limit may find a better timetable or prove this one)",
    ),
    "malt.time_short": (
        "时限内未能证明最优，之后的搜索还找到了在“{level}”层级上更低的时间表：时间不够，"
        "加长 --time-limit 能找到更好的时间表。无法列出其他最优时间表：{held}",
        "The optimum was not proven in the time limit, and the searches after it found a timetable lower on "
        "the {level} level: the time was short, and a longer --time-limit can find a better timetable. No other "
        "optimal timetables can be listed: {held}",
    ),
    "malt.bound_unproven": (
        "时限内未能证明最优，之后从找到的最好时间表出发的搜索也没有找到在“{level}”层级上更低的：差距多半在于下界不够紧"
        "（已证明的最低值），加长 --time-limit 也难以证明。无法列出其他最优时间表：{held}",
        "The optimum was not proven in the time limit, and the searches after it, from the best timetable found, "
        "found none lower on the {level} level: the gap is likely the bound's (the lowest value proven possible "
        "is weak here), which a longer --time-limit is unlikely to close. No other optimal timetables can be "
        "listed: {held}",
    ),
    "malt.held": (
        "下面的备选时间表在已证明的层级（{levels}）上与找到的最好时间表相同，其余层级的得分各自列出",
        "the alternatives below equal the best found on the levels proven ({levels}), each with its own score on "
        "the others",
    ),
    "malt.none_held": (
        "没有哪一层级得到证明，下面的备选时间表各自列出得分",
        "no level is proven, so the alternatives below are listed each with its own score",
    ),
    "malt.none_other": (
        "时限内也没有找到其他备选时间表，下面只有找到的最好时间表",
        "nor was any other timetable found in the time: only the best found is shown below",
    ),
    "malt.equal_none": (
        "时限内没有找到其他备选时间表（要求 {wanted} 个），只有上面找到的最好时间表",
        "No other timetable was found in the time limit ({wanted} asked for): only the best found, above",
    ),
    "malt.equal_header": (
        "第 {number} 个备选时间表（共 {count} 个，未证明最优）",
        "Alternative {number} of {count} (not proven optimal)",
    ),
    "malt.equal_all": (
        "在已证明的层级上与最好时间表相同的时间表共 {count} 个（少于要求的 {wanted} 个），已全部列出",
        "There are only {count} different timetables equal to the best found on the levels proven (fewer than the "
        "{wanted} asked for); all are shown",
    ),
    "malt.equal_some": (
        "时限内找到 {count} 个备选时间表（要求 {wanted} 个）",
        "Found {count} {count|alternative|alternatives} in the time limit ({wanted} asked for)",
    ),
    "malt.differs": (
        "与第 1 个时间不同的会议：{count} 个",
        "Meetings at a different time than in timetable 1: {count}",
    ),
    "mchange.from_now": (
        "注意：--unavailable “{value}” 开始于现在（{now}）之前，从现在算起：已开始的会议照常算作已举行；"
        '若 {who} 没有参加其中的会议、会议没有开成，请另写 --unavailable "{who}@{before}"',
        "note: --unavailable '{value}' begins before now ({now}) and counts from now: the meetings begun "
        'stay held; if {who} missed one of them and it did not take place, add --unavailable "{who}@{before}"',
    ),
    "mchange.drop_held": (
        "{option} “{value}”：会议“{meeting}”已于 {time}—{end} 举行（现在 {now}），不能取消",
        "{option} '{value}': meeting '{meeting}' was held at {time}-{end} (now {now}) and cannot be cancelled",
    ),
    "mchange.drop_under_way": (
        "{option} “{value}”：会议“{meeting}”{time}—{end} 正在进行（现在 {now}），不能取消",
        "{option} '{value}': meeting '{meeting}' ({time}-{end}) is under way (now {now}) and cannot be cancelled",
    ),
    "mchange.unknown_meeting": (
        "{option} “{value}”：表中没有会议“{title}”",
        "{option} '{value}': there is no meeting '{title}'",
    ),
    "mchange.meeting_exists": (
        "{option} “{value}”：会议“{title}”已在表中",
        "{option} '{value}': meeting '{title}' already exists",
    ),
    "mchange.unknown_person": (
        "{option} “{value}”：“{who}”不在人员名单或单位中",
        "{option} '{value}': '{who}' is neither a person nor a unit",
    ),
    "mchange.add_person_after": (
        "{option} “{value}”：“{who}”是参会人员，却写在“{name}=…”之后，会读作“{name}”的一部分："
        "参会人员请写在第一个 列名=值 之前（若确是“{name}”的一部分，请换用“、”或“；”）",
        "{option} '{value}': '{who}' is a participant but comes after '{name}=…', where it would be read as "
        "part of '{name}': write participants before the first KEY=VALUE (if it is part of '{name}', use '、' or "
        "';' instead)",
    ),
    "mchange.written_apart": (
        "{option} “{value}”：“{who}”不在人员名单或单位中（人员名单有“{whole}”：请照名单原样写，连同其中的标点）",
        "{option} '{value}': '{who}' is neither a person nor a unit (the people sheet has '{whole}': write it as the "
        "sheet does, its punctuation too)",
    ),
    "mchange.unknown_room": (
        "{option} “{value}”：没有会议室“{room}”（已有：{known}）",
        "{option} '{value}': there is no room '{room}' (rooms: {known})",
    ),
    "mchange.because": ("{option} “{value}”：{reason}", "{option} '{value}': {reason}"),
    "mchange.bad_span": (
        "{option} “{value}”：无法识别的时间“{time}”（例：{day}、{day}上午、{day} 15:00-17:00、上午）",
        "{option} '{value}': cannot read the time '{time}' (e.g. {day}, {day} morning, {day} 15:00-17:00, morning)",
    ),
    "mchange.bad_time": (
        "{option} “{value}”：无法识别的时间“{time}”（例：{day} {clock}）",
        "{option} '{value}': cannot read the time '{time}' (e.g. {day} {clock})",
    ),
    "mchange.add_column": ("{option} “{value}”：{column}：{reason}", "{option} '{value}': {column}: {reason}"),
    "mchange.add_twice": ("{option} “{value}”：“{name}”写了两次", "{option} '{value}': '{name}' is given twice"),
    "mchange.add_when": (
        "{option} “{value}”：“{name}”由排程决定；要定下新会议的时间（和会议室），请另加 --pin “{title}@时间[@会议室]”",
        "{option} '{value}': '{name}' is the replanning's to choose; to fix the new meeting's time (and room), add "
        "--pin '{title}@TIME[@ROOM]'",
    ),
    "mchange.add_unknown_near": (
        "{option} “{value}”：“{name}”不是 --add 可写的列（是指“{near}”吗？）",
        "{option} '{value}': '{name}' is not a column --add takes (did you mean '{near}'?)",
    ),
    "mchange.add_unknown": (
        "{option} “{value}”：“{name}”不是 --add 可写的列（可写：{known}）",
        "{option} '{value}': '{name}' is not a column --add takes (it takes: {known})",
    ),
    # -- meeting invites and their mail (scheduler.invites.meetings, scheduler.mail.message)
    "mail.intro.meeting": (
        "{organizer}邀请您参加以下会议。请在日历中点“接受”或“拒绝”答复。",
        "{organizer} invites you to the meeting below. Please answer with Accept or Decline in your calendar.",
    ),
    "mail.intro.delegated_several": (
        "{who} 都已把这次会议转交给您，请您代为参加；您答复一次，即为他们每一位的答复。",
        "{who} have each handed this meeting on to you; please attend in their place. Your one answer counts "
        "for each of them.",
    ),
    "mail.intro.delegated": (
        "{who} 已把这次会议转交给您，请您代为参加；您的答复即为 {who} 的答复。",
        "{who} has handed this meeting on to you; please attend in their place. Your answer counts as theirs.",
    ),
    "mail.intro.meeting_updated": (
        "会议安排有变化，请以本邮件为准：日历中原有的邀请会随之更新。请在日历中重新答复。",
        "The meeting has changed; this message replaces the last one and updates it in your calendar. "
        "Please answer again.",
    ),
    "mail.attachment.meeting": (
        "附件 invite.ics 是本次会议的日历邀请。",
        "The attachment invite.ics is the calendar invite.",
    ),
    "minvite.description": (
        "会议：{title}\n时间：{time}（{length}）\n地点：{room}\n必须参会：{required}",
        "Meeting: {title}\nTime: {time} ({length})\nPlace: {room}\nRequired: {required}",
    ),
    "minvite.optional": ("可选参会：{names}", "Optional: {names}"),
    "minvite.note": ("备注：{note}", "Note: {note}"),
    "minvite.cancelled": (
        "会议“{title}”原定于 {time} 在{room}举行，现已取消。如有新的安排，将另行通知。",
        "The meeting {title} at {time} in {room} is cancelled. Any new time will be sent separately.",
    ),
    "minvite.uninvited": (
        "您已不在会议“{title}”（{time}，{room}）的参会名单中，无需参加；会议照常举行。",
        "You are no longer on the list of the meeting {title} ({time}, {room}) and need not come; "
        "the meeting still takes place.",
    ),
    "minvite.alarm": ("{minutes} 分钟后开会：{title}", "{title} starts in {minutes} minutes"),
    "minvite.contacts": (
        "会议表的邮箱写在人员表中（规则文件的 people），不用 --contacts",
        "a meeting table's addresses are in its people sheet (the rules' people), not --contacts",
    ),
    "minvite.unplaced": (
        "会议“{title}”仍在会议列表中，但时间表没有给它安排时间：不能据此生成邀请（否则会通知所有参会人会议已取消）；"
        "如要取消该会议，请先将它从会议列表中删除（reschedule --drop，或 MeetingChanges(drop=...)）",
        "meeting '{title}' is in the problem but the timetable gives it no time: no invites are made of it "
        "(they would tell everyone it is cancelled); to call it off, drop it from the problem first "
        "(reschedule --drop, or MeetingChanges(drop=...))",
    ),
    "minvite.cancel_who": ("{name}（{title}）", "{name} ({title})"),
    "mshow.remailing": (
        "注意：这些邀请已发出过，这次求解改动了其中 {count} 份（{meetings} 个会议），send 时会重新发出，"
        "收件人须重新答复；邀请发出后只改少数会议时，请改 {table} 后用 reschedule，只调整受影响的会议",
        "Note: these invites were already mailed, and this solve changed {count} of them ({meetings} "
        "{meetings|meeting|meetings}): send mails them again and each person must answer again; to correct a few "
        "meetings after mailing, edit {table} and run reschedule, which moves only the meetings concerned",
    ),
    "show.minvites_summary": (
        "邀请：{meetings} 个会议、{people} 人次；新建 {new}，更新 {updated}，取消 {cancelled}，未变 {unchanged}",
        "Invites: {meetings} {meetings|meeting|meetings}, {people} {people|invitation|invitations}; new {new}, "
        "updated {updated}, cancelled {cancelled}, unchanged {unchanged}",
    ),
    "remind.answer.meeting": (
        "您尚未答复 {time} 在{room}召开的会议“{summary}”的邀请。",
        "You have not yet answered the invitation to '{summary}' at {time} in {room}.",
    ),
    "remind.meeting.meeting": (
        "会议“{summary}”{day}（{time}）在{room}召开，请准时参加。",
        "'{summary}' is {day} ({time}) in {room}; please come on time.",
    ),
    # -- the web app on a meeting table (scheduler.web.meeting_routes, meetings.html, meetings.js)
    "mweb.wish": ("时段偏好：{wish}", "Preferred time: {wish}"),
    "mweb.wish_met": ("时段偏好：{wish}（满足）", "Preferred time: {wish} (met)"),
    "mweb.wish_unmet": ("时段偏好：{wish}（未满足）", "Preferred time: {wish} (not met)"),
    "mweb.units_only": (
        "这是会议表的项目：此功能只用于单位对接表",
        "this project is a meeting table: this is for unit tables only",
    ),
    "mweb.meetings_only": (
        "这是单位对接表的项目：此功能只用于会议表",
        "this project is a unit table: this is for meeting tables only",
    ),
    "mtime.off_grid": ("{time} 不在 {grid} 分钟的时间粒度上", "{time} is not on the {grid}-minute grid"),
    "ui.m_hint_plan": (
        "拖动会议到其他时间或会议室，改动立即保存并检查；拖到下方方框取消其时间",
        "Drag a meeting to another time or room: saved and checked at once; drop it on the box below to clear its time",
    ),
    "ui.m_hint_preview": (
        "预览：先按“应用这个时间表”或“放弃”（求解栏下方），才能拖动或移动会议",
        "A preview: apply this timetable or discard it (under Solve) before moving a meeting",
    ),
    "ui.m_unplaced_short": ("{count} 个会议尚未安排", "{count} meeting(s) not placed yet"),
    "ui.m_unplaced": (
        "{count} 个会议尚未安排：按“求解”排出时间表",
        "{count} meeting(s) not placed yet: Solve makes a timetable",
    ),
    "ui.m_check_ok": (
        "时间表满足全部规则（{count} 个会议）",
        "The timetable satisfies every rule ({count} meetings)",
    ),
    "ui.m_preview_ok": (
        "预览的时间表满足全部规则（{count} 个会议）；应用后才会保存",
        "The previewed timetable satisfies every rule ({count} meetings); nothing is saved until you apply it",
    ),
    "ui.m_seats": ("{seats} 座", "{seats} seats"),
    "ui.m_capacity": ("可同时 {capacity} 个会议", "{capacity} meetings at once"),
    "ui.m_optional": ("可选：{names}", "optional: {names}"),
    "ui.m_moved_count": ("调整的会议（{count} 个）", "Meetings moved ({count})"),
    "ui.m_no_moves": ("与当前时间表相同，没有会议需要调整", "Same as the current timetable: no meeting moves"),
    "ui.m_meeting": ("会议", "Meeting"),
    "ui.m_shift": ("相差", "Moved by"),
    "ui.m_person": ("人员", "Person"),
    "ui.m_objective_compact": ("尽早完成（按规则文件的目标）", "finish early (the rules' objective)"),
    "ui.m_objective_stable": ("尽量少改动现有时间", "move as few meetings as possible"),
    "ui.m_pinned": ("固定", "pinned"),
}
