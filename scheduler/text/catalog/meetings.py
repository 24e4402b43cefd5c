"""Messages: meeting problems (sessions, people, rooms with seats) and objective terms (the rules keep their
own sentences, in their files under ``scheduler/rules/``)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- problems built wrongly (scheduler.domain.meetings)
    "meetings.name": ("姓名“{name}”不能为空或带首尾空格", "the name '{name}' is empty or has spaces around it"),
    "meetings.title": (
        "会议名称“{title}”不能为空或带首尾空格",
        "the meeting title '{title}' is empty or has spaces around it",
    ),
    "meetings.control": (
        "{field} “{text}”含控制字符 {code}：请删去",
        "{field} '{text}' holds the control character {code}: remove it",
    ),
    "meetings.minutes": (
        "会议“{title}”的时长 {minutes} 分钟不是正数",
        "meeting '{title}': length {minutes} minutes is not positive",
    ),
    "meetings.off_grid": (
        "会议“{title}”的时长不是 {grid} 分钟的整数倍",
        "meeting '{title}': its length is not a multiple of {grid} minutes",
    ),
    "meetings.no_attendees": ("会议“{title}”没有参会人员", "meeting '{title}' has no participants"),
    "meetings.attendee_twice": ("会议“{title}”中“{name}”出现了两次", "meeting '{title}' lists '{name}' twice"),
    "meetings.seats": ("会议“{title}”的人数应为正数", "meeting '{title}': the head count must be positive"),
    "meetings.part": (
        "时段“{part}”应为“上午”（morning）、“下午”（afternoon）或空",
        "part of day '{part}' must be 'morning', 'afternoon' or empty",
    ),
    "asof.deadline_past": (
        "会议“{meeting}”须在 {end} 前开完，现在（{now}）已过，也还没有开：请改它的“不晚于”，或从表中删去",
        "meeting '{meeting}' must end by {end}, which has passed (now {now}) and it has not been held: change its "
        "Not after, or remove it from the table",
    ),
    "asof.begun_refused": (
        "会议“{meeting}”已于 {time} 开始（现在 {now}），已开始的会议须保持原时间，但这个时间不能用：{why}；"
        "请把这一格改成它实际开始的、粒度上的时间",
        "meeting '{meeting}' started at {time} (now {now}) and must stay there, but {why}: write the time it "
        "actually started, on the grid, in this cell",
    ),
    "meetings.window_order": (
        "时间范围的最早开始 {first} 应早于最晚结束 {last}",
        "a time window's 'not before' {first} must come before its 'not after' {last}",
    ),
    "meetings.grid_positive": (
        "时间粒度应大于 0 分钟（写的是 {grid}），如 15",
        "the grid must be more than 0 minutes (it says {grid}), such as 15",
    ),
    "meetings.grid": ("时间粒度 {grid} 分钟无法整除一天", "a grid of {grid} minutes does not divide a day"),
    "meetings.all_past": (
        "注意：这些会议日在现在（{now}）之前都已过去：按原样安排；已开始的会议不会发送邀请"
        "（若年份写错，请改正 days 或 year）",
        "note: every meeting day is over by now ({now}): planned as given; meetings that have started are "
        "not mailed (a wrong year is fixed in days or year)",
    ),
    "meetings.busy_span": ("“{who}”的不可参加时间结束早于开始", "the busy time of '{who}' ends before it starts"),
    "meetings.duplicate": ("会议“{title}”重复", "meeting '{title}' is listed twice"),
    "meetings.person_twice": ("人员名单中“{name}”重复", "'{name}' is listed twice in the people list"),
    "meetings.unit_twice": ("单位名单中“{unit}”重复", "unit '{unit}' is listed twice"),
    "meetings.person_is_unit": (
        "“{name}”是单位，人员名单中它自己的一行（地址、不可参加时间）不能再属于单位“{unit}”",
        "'{name}' is a unit: its own entry in the people list (its address, its busy time) cannot belong to "
        "the unit '{unit}' as well",
    ),
    "meetings.room_name": (
        "房间名称“{room}”不能为空或带首尾空格",
        "the room name '{room}' is empty or has spaces around it",
    ),
    "meetings.unknown_unit": (
        "“{name}”所属单位“{unit}”不在单位名单中",
        "'{name}' belongs to '{unit}', which is not a known unit",
    ),
    "meetings.unknown_attendee": (
        "会议“{title}”的参会人员“{name}”不在人员或单位名单中",
        "meeting '{title}': participant '{name}' is neither a known person nor a unit",
    ),
    "meetings.unknown_room": (
        "会议“{title}”提到的会议室“{room}”不存在",
        "meeting '{title}' names room '{room}', which does not exist",
    ),
    "meetings.unknown_busy": (
        "不可参加时间中的“{name}”不在人员或单位名单中",
        "busy time for '{name}', who is neither a person nor a unit",
    ),
    "meetings.unknown_session": ("没有会议“{title}”", "there is no meeting '{title}'"),
    "meetings.link_cycle": (
        "会议先后顺序构成循环，无法安排：{titles}",
        "the meetings' order goes round in a circle and can never hold: {titles}",
    ),
    "meetings.link_self": (
        "会议“{title}”不能排在它自己之后",
        "meeting '{title}' cannot follow itself",
    ),
    "meetings.link_gap": (
        "会议“{first}”与“{then}”之间的间隔不能为负数",
        "the gap between meetings '{first}' and '{then}' cannot be negative",
    ),
    "meetings.bad_pin": (
        "会议“{title}”的固定时间不可用：{reason}",
        "the pin of meeting '{title}' cannot hold: {reason}",
    ),
    "meetings.pin_room": (
        "会议“{title}”固定在会议室“{room}”，但该会议室不存在",
        "meeting '{title}' is pinned to room '{room}', which does not exist",
    ),
    "meetings.pin_twice": (
        "会议“{title}”固定了两次：{first} 和 {second}；一个会议只在一处举行，请只保留其中一个",
        "meeting '{title}' is pinned twice, at {first} and at {second}: a meeting is held in one place, so keep "
        "one of its pins",
    ),
    "meetings.pin_place": ("{time}（会议室“{room}”）", "{time} in room {room}"),
    "meetings.add_exists": (
        "不能新增会议“{title}”：时间表中已有（或同时被取消）同名会议",
        "cannot add meeting '{title}': the timetable has one of that title (or it is being cancelled)",
    ),
    "meetings.pinned_twice": (
        "会议“{title}”被固定到两个不同的时间或会议室",
        "meeting '{title}' is pinned to two places",
    ),
    "meetings.gap": ("会议间隔不能为负数", "the gap between meetings cannot be negative"),
    "meetings.room": (
        "会议室“{room}”的座位数应为正数、准备时间不能为负数",
        "room '{room}': seats must be positive and changeover not negative",
    ),
    "meetings.term": ("未知的目标项“{term}”（可用：{known}）", "unknown objective term '{term}' (known: {known})"),
    "meetings.term_level": (
        "目标项“{term}”的级别应为 medium 或 soft、权重为正整数",
        "term '{term}': level must be medium or soft, weight a positive whole number",
    ),
    "meetings.term_weight_max": (
        "目标项“{term}”的权重最大为 {most}",
        "term '{term}': the weight is at most {most}",
    ),
    "meetings.term_who": (
        "目标项“{term}”的 who 应为人员或单位的名称（一个或一组）",
        "term '{term}': who must be a name of a person or unit, or a list of them",
    ),
    "meetings.term_who_empty": (
        "目标项“{term}”的 who 是空的：要计所有人，请删去 who 这一行",
        "term '{term}': who is empty: to count everyone, leave who out",
    ),
    "meetings.term_who_per_person": (
        "目标项“{term}”不按人计算，不能用 who（只有这些目标项可以：{known}）",
        "term '{term}' is not counted per person and takes no who (only these do: {known})",
    ),
    "meetings.term_who_unknown": (
        "目标项“{term}”的 who 中的“{name}”既不是人员也不是单位",
        "term '{term}': '{name}' in who is neither a person nor a unit",
    ),
    # -- meeting files (scheduler.files.meeting_files)
    "mfile.people_sheets_many": (
        "有多个工作表都以人员表命名（{sheets}）：只会读其中一张；请删去或改名其余的，或在规则中写 people = …",
        "the sheets {sheets} are each named as a people sheet: only one would be read; delete or rename the"
        " others, or name the people file in the rules (people = …)",
    ),
    "mfile.people_sheet_read": (
        "参会人员（邮箱、不可用时间）读自工作表“{sheet}”（以人员表命名，有“姓名”列）",
        "the people (their addresses and unavailable times) are read from the sheet {sheet} (named as a people"
        " sheet, with a Name column)",
    ),
    "mfile.people_sheet_why": (
        "{error}（此工作表因其名称和“姓名”列被当作人员表读取；它不是人员表时，请改名，或在规则中写 people = …）",
        "{error} (this sheet was read as the people sheet because of its name and its Name column; if it is not"
        " one, rename it or name the people file in the rules: people = …)",
    ),
    "mfile.people_sheet_roster": (
        "工作表“{sheet}”以人员表命名，但有会议表的列（{columns}）：未作为人员表读取；人员表请在规则中写 people = …",
        "the sheet {sheet} is named as a people sheet but has a meeting table's columns ({columns}): not read as"
        " the people sheet; name the people file in the rules (people = …)",
    ),
    "mfile.people_sheet_hidden": (
        "工作表“{sheet}”是隐藏的：未作为人员表读取（要读它请取消隐藏）",
        "the sheet {sheet} is hidden: not read as the people sheet (unhide it to have it read)",
    ),
    "mfile.people_sheet_unnamed": (
        "工作表“{sheet}”有“姓名”列，但名称不是人员表的名称：未读取；请改名为“人员”，或在规则中写 people = …",
        "the sheet {sheet} has a Name column but is not named as a people sheet: not read; rename it People, or"
        " name it in the rules (people = …)",
    ),
    "mfile.not_meetings": (
        "这不是会议表：需要“会议”和“参会人员”两列",
        "not a meeting table: it needs the columns Meeting and Participants",
    ),
    "mfile.empty_title": ("会议名称为空", "the meeting title is empty"),
    "mfile.merged_meeting": (
        "第 {first}-{last} 行的“会议”“{title}”是合并单元格：一个会议只占一行，参会人员请都写在一格内"
        "（用“、”分隔，可 Alt+Enter 换行）",
        "rows {first}-{last} merge the cells of meeting '{title}': a meeting takes one row; write all its"
        " participants in one cell (separated by ; or a new line: Alt+Enter)",
    ),
    "mfile.duplicate": (
        "会议“{title}”重复（第 {first} 行已有）",
        "meeting '{title}' is listed twice (first in row {first})",
    ),
    "mfile.bad_length": (
        "无法识别的时长“{value}”（例：90分钟、1.5小时、一个半小时、1:30、45）",
        "cannot read the length '{value}' (e.g. 90 min, 2 hours, 1:30, 45)",
    ),
    "mfile.length_column": (
        "读不出“{header}”列的时长：请用表头 时长、时长（分钟）或 时长（小时）",
        "the column '{header}' is not read as the length: use the header Length, Length (minutes) or Length (hours)",
    ),
    "mfile.bare_minutes": (
        "表头按小时计，时长“{value}”即 {value} 小时，比任何会议都长：{value} 分钟请写 {value}分钟",
        "the length '{value}' under a header in hours is {value} hours, more than a meeting lasts: write"
        " '{value} minutes' if minutes are meant",
    ),
    "mfile.bare_hours": (
        "时长“{value}”按分钟读（{value} 分钟），不是 {grid} 分钟的整数倍：{value} 小时请写 {value}小时",
        "the length '{value}' is read as minutes ({value} minutes), not a multiple of {grid}: write '{value} hours'"
        " if hours are meant",
    ),
    "mfile.bare_decimal": (
        "时长“{value}”没有单位，按分钟读不是整分钟：{value} 小时请写 {value}小时",
        "the length '{value}' has no unit and is no whole number of minutes: write '{value} hours' if hours are meant",
    ),
    "mfile.off_grid": (
        "时长“{value}”不是 {grid} 分钟的整数倍",
        "the length '{value}' is not a multiple of {grid} minutes",
    ),
    "mfile.no_participants": ("没有必须参会人员", "no required participants"),
    "mfile.unit_unused": (
        "注意：单位“{unit}”没有出现在任何会议的参会人员中",
        "note: no meeting names the unit '{unit}'",
    ),
    "mfile.sheet_unit_unused": (
        "注意：单位“{unit}”没有出现在任何会议中，其人员也都不参会",
        "note: no meeting names the unit '{unit}', nor any of its people",
    ),
    "mfile.unknown_person": ("“{name}”不在人员名单或单位中", "'{name}' is neither in the people sheet nor a unit"),
    "mfile.written_apart": (
        "“{name}”不在人员名单或单位中（人员名单有“{whole}”：请照名单原样写，连同其中的标点）",
        "'{name}' is neither in the people sheet nor a unit (the people sheet has '{whole}': write it as the "
        "sheet does, its punctuation too)",
    ),
    "mfile.length_fraction": (
        "“{value}”是 Excel 的时间值（即 {clock}），单元格格式是“常规”："
        "请把这一列设为时间格式（如 [h]:mm），或直接写 {clock}",
        "'{value}' is an Excel time value (that is {clock}) in a cell formatted General: format the column as a"
        " duration (such as [h]:mm), or write {clock}",
    ),
    "mfile.run_together": (
        "“{name}”不是一个名字：多个人请用“、”分隔，名字前不加编号（应为：{names}）",
        "'{name}' is not one name: separate people with ; or ,, without numbers (meant: {names})",
    ),
    "mfile.named_twice": ("“{name}”写了两次", "'{name}' is written twice"),
    "mfile.both": ("“{name}”既是必须参会人员又是可选参会人员", "'{name}' is both required and optional"),
    "mfile.bad_headcount": ("人数“{value}”应为正整数", "head count '{value}' must be a positive whole number"),
    "mfile.unknown_room": ("没有会议室“{room}”（已有：{known}）", "there is no room '{room}' (rooms: {known})"),
    "mfile.bad_part": (
        "时段“{value}”应为上午或下午",
        "part of day '{value}' must be morning or afternoon",
    ),
    "mfile.end_disagrees": (
        "结束“{end}”与时间 {start} 加时长 {minutes} 分钟不符（应结束于 {expected}）：改了会议的长短请改“时长”，"
        "挪了时间请一并改“结束”或清空它",
        "End '{end}' does not agree with the time {start} plus the length of {minutes} minutes (which ends at "
        "{expected}): to change how long the meeting is, change Length; to move it, change End with Time or empty it",
    ),
    "mfile.bad_preferred": (
        "时段偏好“{value}”读不懂（例：上午、下午、不早于 9:00、不晚于 16:00、10点前、5月20日、5月20日上午、9:00-12:00；"
        "几个用“、”或“；”分隔，满足其一即可）",
        "cannot read the preferred time '{value}' (e.g. morning, afternoon, not before 9:00, not after 16:00, "
        "May 20, May 20 morning, 9:00-12:00; several separated by ; or 、, any one of them will do)",
    ),
    "mfile.general_serial": (
        "“{value}”像是 Excel 的日期序号（{day}），单元格格式是“常规”：请写成“{day}”，或把这一列设为日期格式",
        "'{value}' looks like an Excel date serial ({day}) in a cell formatted General: write '{day}', or format the"
        " column as a date",
    ),
    "mfile.preferred_serial": (
        "时段偏好“{value}”像是 Excel 的日期序号（{day}）：请写成“{day}”，或把这一列设为日期格式",
        "the preferred time '{value}' looks like an Excel date serial ({day}): write '{day}', or format the "
        "column as a date",
    ),
    "mfile.wish_against_window": (
        "时段偏好“{value}”与本行的时段、不早于或不晚于矛盾，任何时间表都无法满足（只作提示，仍按未满足计；"
        "请核对这一行）",
        "the preferred time '{value}' contradicts the row's part of day, not-before or not-after: no timetable "
        "can meet it (a hint; it is counted as unmet; check the row)",
    ),
    "mtime.weekday_several": (
        "{weekday}是会议日期中的 {count} 天（{dates}）：这里只能是一个时间，请写明日期",
        "{weekday} is {count} of the meeting days ({dates}): one time is meant here, write its date",
    ),
    "mtime.days_apart": (
        "会议日期 {first} 与下一个日期 {last} 相隔 {days} 天：是不是年份写错了？",
        "the day {first} and the next one, {last}, are {days} days apart: is a year wrong?",
    ),
    "mtime.weekday_none": (
        "会议日期（{days}）中没有{written}",
        "none of the meeting days ({days}) is a {written_en}",
    ),
    "mfile.wish_never_met": (
        "时段偏好“{value}”不在会议日期或工作时间内，任何时间表都无法满足（只作提示，仍按未满足计；"
        "请核对日期或改写偏好）",
        "the preferred time '{value}' lies outside the meeting days or working hours: no timetable can meet it "
        "(a hint; it is counted as unmet; check the date or rewrite the wish)",
    ),
    "mfile.wish_clock": (
        "时段偏好“{value}”在会议日期和工作时间内，但 {zone} 那一夜调整时钟（{change}），剩下的时间排不下这个会议，"
        "任何时间表都无法满足（只作提示，仍按未满足计；请改写偏好）",
        "the preferred time '{value}' is within the meeting days and working hours, but {zone} changes its clocks "
        "that night ({change}) and what is left of it cannot hold this meeting: no timetable can meet it (a hint; "
        "it is counted as unmet; rewrite the wish)",
    ),
    "mfile.wish_never_met_more": (
        "……另有 {count} 个会议的时段偏好同样任何时间表都无法满足（只作提示，仍按未满足计；"
        "--json 的 preferences.unmet 逐个列出）",
        "… and {count} more {count|meeting|meetings} whose preferred time no timetable can meet (a hint; counted as "
        "unmet; --json lists each under preferences.unmet)",
    ),
    "mfile.people_preferred": (
        "人员表的“{header}”列不读：时段偏好是会议的，不是人的；请写在此人所参加会议的行上（会议表的“时段偏好”列）",
        "the people sheet's column '{header}' is not read: a preferred time is a meeting's, not a person's; write it "
        "on the rows of the person's meetings (the meeting table's Preferred time column)",
    ),
    "mfile.bad_bound": (
        "无法识别的时间“{value}”（例：9:00、9月8日 9:00）",
        "cannot read the time '{value}' (e.g. 9:00, 2pm, Sep 8 9:00)",
    ),
    "mfile.room_number": ("会议室的 {key} 值 {value} 不对", "room {key} = {value} is not valid"),
    "mfile.preset": ("未知的目标预设“{value}”（可用：{known}）", "unknown objective preset '{value}' (known: {known})"),
    "mfile.people_name": ("人员表缺少“姓名”列", "the people sheet has no Name column"),
    "mfile.people_column": (
        "人员表的“{header}”列像是“{column}”，但读不出：请用表头 姓名、单位、邮箱、不可用（或 name、unit、email、"
        "unavailable）",
        "the people sheet's column '{header}' looks like {column} but is not read: use the headers Name, Unit, "
        "Email, Unavailable",
    ),
    "mfile.meeting_column": (
        "会议表的“{header}”列像是“{column}”，但读不出：请把表头改为“{column}”"
        "（认得的表头见源代码的 docs/formats.md“Headers”）",
        "the meeting table's column '{header}' looks like {column} but is not read: name it {column} (the headers "
        "read are in the source's docs/formats.md, Headers)",
    ),
    "mfile.unread_columns": (
        "会议表中这些列不读取，原样保留：{columns}",
        "columns of the meeting table not read, kept as they are: {columns}",
    ),
    "mfile.one_unit": (
        "每人只属于一个单位，“{value}”写了几个：请只留一个（其他单位可在会议表中作为参会单位列出）",
        "one unit per person, and '{value}' names several: keep one (another unit may be a participant in the "
        "meeting table itself)",
    ),
    "mfile.people_empty": ("姓名为空", "the name is empty"),
    "mfile.person_twice": ("“{name}”重复（第 {first} 行已有）", "'{name}' is listed twice (first in row {first})"),
    "mfile.email": ("邮箱“{value}”不是一个有效地址", "'{value}' is not one mail address"),
    "mfile.bad_span": (
        "无法识别的时间“{value}”（例：{day}、{day}上午、{day} 15:00-17:00）",
        "cannot read the time '{value}' (e.g. {day}, {day} morning, {day} 15:00-17:00)",
    ),
    "mfile.bad_span_sheet": (
        "无法识别的时间“{value}”（例：{day}、{day}上午、{day} 15:00-17:00；外出、开会等原因请写在“备注”列）",
        "cannot read the time '{value}' (e.g. {day}, {day} morning, {day} 15:00-17:00; a reason, such as away "
        "or in a meeting, goes in the Note column)",
    ),
    "mfile.pin_day": ("{day} 不是会议日（会议日：{days}）", "{day} is not a meeting day (days: {days})"),
    # -- a time outside the working periods, each way said (Workdays.outside: pins and the checker)
    "hours.before": ("{time} 早于工作开始时间 {first}", "{time} is before working hours begin at {first}"),
    "hours.after": (
        "{time} 开始时工作时间已结束（{last}）",
        "at {time} working hours are over (they end at {last})",
    ),
    "hours.in_break": ("{time} 在休息时间（{gap}）内", "{time} is inside the break ({gap})"),
    "hours.into_break": (
        "{minutes} 分钟的会议从 {time} 开始，到 {end} 结束，跨进了休息时间（{gap}）",
        "a {minutes}-minute meeting from {time} ends at {end}, running into the break ({gap})",
    ),
    "hours.past_end": (
        "{minutes} 分钟的会议从 {time} 开始，到 {end} 结束，超过了工作时间的结束 {last}",
        "a {minutes}-minute meeting from {time} ends at {end}, past the end of working hours at {last}",
    ),
    "mfile.unavailable_nobody": (
        "[[unavailable]] 缺少“person”（或“unit”）或其值为空",
        "[[unavailable]] has no 'person' (or 'unit') or it is empty",
    ),
    "mfile.unit_rules": (
        "{key} 只用于单位对接表，会议表不适用（会议没有类别顺序或“只能参加”的时间：请删去此项）",
        "{key} is for unit tables, not meeting tables (meetings have no category order or 'only' times: remove it)",
    ),
    "mfile.unavailable_who": (
        "不可参加时间中的“{who}”不在人员或单位中",
        "unavailable: '{who}' is neither a person nor a unit",
    ),
    # -- objective terms
    "term.optional-conflicts": ("可选参会人员的时间冲突（格数）", "optional participants' conflicts (grid steps)"),
    "term.early": ("会议尽早结束（各会议结束位置之和）", "meetings end early (sum of end positions)"),
    "term.moves": ("相对原时间表改动的会议数", "meetings moved from the existing timetable"),
    "term.displacement": (
        "改动的会议离原时间的远近（格数之和，夜间也计）",
        "how far moved meetings went from their old time (grid steps, nights count)",
    ),
    "term.back-to-back": ("首尾相接、没有间隔的会议对数", "pairs of meetings back to back"),
    "term.overlap": ("同时进行的会议（每对每格）", "meetings at once (per pair and grid step)"),
    "term.larger-rooms": ("未用更大会议室的座位差", "seats of larger rooms left unused"),
    "term.room-stability": ("人员在相邻会议间换会议室的次数", "participants changing rooms between close meetings"),
    "term.participant-days": ("人员多来的天数（每人到场天数减一）", "extra days people come (each one's days less 1)"),
    "term.idle": ("人员在两场会议之间的等待（格数）", "people's waiting between their meetings (grid steps)"),
    "term.participant-days_who": (
        "{who}多来的天数（每人到场天数减一）",
        "extra days {who} come (each one's days less 1)",
    ),
    "term.idle_who": ("{who}在两场会议之间的等待（格数）", "{who}'s waiting between their meetings (grid steps)"),
    "term.preferred-time": ("不在时段偏好内的会议数", "meetings outside their preferred time"),
    # -- where the optional-conflicts points come from (scheduler.meetings.missed)
    "missed.heading": (
        "可选参会人员未能全程参加（每缺席 {grid} 分钟：{level} {weight} 分）：",
        "Optional participants who miss part of a meeting ({level} {weight} per {grid} minutes missed):",
    ),
    "missed.heading_unscored": (
        "可选参会人员未能全程参加（不计分）：",
        "Optional participants who miss part of a meeting (not scored):",
    ),
    "missed.other": (
        "{person} 缺席“{meeting}”{start}—{end}（{minutes} 分钟）：同时在“{other}”",
        "{person} misses {start}–{end} of '{meeting}' ({minutes} min): in '{other}' at that time",
    ),
    "missed.busy": (
        "{person} 缺席“{meeting}”{start}—{end}（{minutes} 分钟）：该时间不可参加",
        "{person} misses {start}–{end} of '{meeting}' ({minutes} min): unavailable at that time",
    ),
    "missed.item": ("  {part}", "  {part}"),
    "missed.more": ("  ……另有 {count} 条", "  … and {count} more"),
}
