"""Messages: meeting problems (sessions, people, rooms with seats), their rules and objective terms."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- problems built wrongly (scheduler.meetings.domain)
    "meetings.name": ("姓名“{name}”不能为空或带首尾空格", "the name '{name}' is empty or has spaces around it"),
    "meetings.title": (
        "会议名称“{title}”不能为空或带首尾空格",
        "the meeting title '{title}' is empty or has spaces around it",
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
    "meetings.part": ("时段“{part}”应为上午或下午", "part of day '{part}' must be morning or afternoon"),
    "meetings.grid": ("时间粒度 {grid} 分钟无法整除一天", "a grid of {grid} minutes does not divide a day"),
    "meetings.periods": (
        "工作时段应按时间先后排列、互不重叠并落在时间粒度上",
        "working periods must be in order, not overlap, and lie on the grid",
    ),
    "meetings.busy_span": ("“{who}”的不可参加时间结束早于开始", "the busy time of '{who}' ends before it starts"),
    "meetings.duplicate": ("会议“{title}”重复", "meeting '{title}' is listed twice"),
    "meetings.person_twice": ("人员名单中有重复的姓名", "a name repeats in the people list"),
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
    "meetings.gap": ("会议间隔不能为负数", "the gap between meetings cannot be negative"),
    "meetings.room": (
        "会议室“{room}”的座位数应为正数、准备时间不能为负数",
        "room '{room}': seats must be positive and changeover not negative",
    ),
    "meetings.term": ("未知的目标项“{term}”（可用：{known}）", "unknown objective term '{term}' (known: {known})"),
    "meetings.term_level": (
        "目标项“{term}”的级别应为 medium 或 soft、权重为正数",
        "term '{term}': level must be medium or soft, weight positive",
    ),
    # -- meeting files (scheduler.files.meeting_files)
    "mfile.not_meetings": (
        "这不是会议表：需要“会议”和“参会人员”两列",
        "not a meeting table: it needs the columns 会议 and 参会人员",
    ),
    "mfile.empty_title": ("会议名称为空", "the meeting title is empty"),
    "mfile.duplicate": (
        "会议“{title}”重复（第 {first} 行已有）",
        "meeting '{title}' is listed twice (first in row {first})",
    ),
    "mfile.bad_length": (
        "无法识别的时长“{value}”（例：90分钟、1.5小时、1:30、45）",
        "cannot read the length '{value}' (e.g. 90分钟, 1.5小时, 1:30, 45)",
    ),
    "mfile.off_grid": (
        "时长“{value}”不是 {grid} 分钟的整数倍",
        "the length '{value}' is not a multiple of {grid} minutes",
    ),
    "mfile.no_participants": ("没有必须参会人员", "no required participants"),
    "mfile.unknown_person": ("“{name}”不在人员名单或单位中", "'{name}' is neither in the people sheet nor a unit"),
    "mfile.named_twice": ("“{name}”写了两次", "'{name}' is written twice"),
    "mfile.both": ("“{name}”既是必须参会人员又是可选参会人员", "'{name}' is both required and optional"),
    "mfile.bad_headcount": ("人数“{value}”应为正整数", "head count '{value}' must be a positive whole number"),
    "mfile.unknown_room": ("没有会议室“{room}”（已有：{known}）", "there is no room '{room}' (rooms: {known})"),
    "mfile.bad_part": ("时段“{value}”应为上午或下午", "part of day '{value}' must be 上午 or 下午"),
    "mfile.bad_bound": (
        "无法识别的时间“{value}”（例：9:00、9月8日 9:00）",
        "cannot read the time '{value}' (e.g. 9:00, 9月8日 9:00)",
    ),
    "mfile.bad_period": ("工作时段“{value}”应写成 8:00-12:00", "working period '{value}' should read like 8:00-12:00"),
    "mfile.room_number": ("会议室的 {key} 值 {value} 不对", "room {key} = {value} is not valid"),
    "mfile.preset": ("未知的目标预设“{value}”（可用：{known}）", "unknown objective preset '{value}' (known: {known})"),
    "mfile.people_name": ("人员表缺少“姓名”列", "the people sheet has no 姓名 (name) column"),
    "mfile.people_empty": ("姓名为空", "the name is empty"),
    "mfile.person_twice": ("“{name}”重复（第 {first} 行已有）", "'{name}' is listed twice (first in row {first})"),
    "mfile.email": ("邮箱“{value}”不是一个有效地址", "'{value}' is not one mail address"),
    "mfile.bad_span": (
        "无法识别的时间“{value}”（例：9月8日、9月8日 15:00-17:00）",
        "cannot read the time '{value}' (e.g. 9月8日, 9月8日 15:00-17:00)",
    ),
    "mfile.unavailable_who": (
        "不可参加时间中的“{who}”不在人员或单位中",
        "unavailable: '{who}' is neither a person nor a unit",
    ),
    # -- rule titles (stable names are the keys)
    "rule.each-meeting-once": (
        "每个会议安排且只安排一次（时间和会议室）",
        "every meeting is placed exactly once (time and room)",
    ),
    "rule.working-hours": (
        "会议在工作时段内、按时间粒度开始，不跨午休或跨天",
        "meetings start on the grid inside working hours, never across a break or a day",
    ),
    "rule.time-window": (
        "会议在规定的上午/下午、不早于/不晚于的时间内",
        "meetings keep to their morning/afternoon and not before/after times",
    ),
    "rule.participant-unavailable": (
        "必须参会人员不在其不可参加的时间参会",
        "no required participant is placed while unavailable",
    ),
    "rule.no-double-booking": (
        "必须参会人员同一时间只参加一个会议",
        "no required participant is in two meetings at once",
    ),
    "rule.gap": ("同一人连续两个会议之间留出最短间隔", "a participant's consecutive meetings keep the minimum gap"),
    "rule.room-seats": ("会议室座位数够用", "the room has enough seats"),
    "rule.room-at-once": (
        "会议室同时容纳的会议数不超过其容量，且只有同一共用组的会议可同时共用",
        "a room never holds more meetings at once than its capacity, and only meetings allowed to share",
    ),
    "rule.changeover": ("同一会议室两个会议之间留出准备时间", "a room's changeover time is kept between its meetings"),
    "rule.room-wishes": ("会议只用指定的会议室、不用排除的会议室", "a meeting uses only rooms it may use"),
    "rule.series-room": ("同一系列的会议在同一会议室", "meetings of one series share one room"),
    "rule.pinned-meeting": ("固定时间（会议室）的会议按固定安排", "a pinned meeting stays at its time (and room)"),
    # -- violations found by the checker
    "mcheck.missing": ("会议“{title}”没有安排时间", "meeting '{title}' has no time"),
    "mcheck.no_room": ("会议“{title}”没有安排会议室", "meeting '{title}' has no room"),
    "mcheck.twice": ("会议“{title}”被安排了 {count} 次", "meeting '{title}' is placed {count} times"),
    "mcheck.unknown": ("表中的会议“{title}”不在问题中", "the table's meeting '{title}' is not in the problem"),
    "mcheck.unknown_room": (
        "会议“{title}”安排在不存在的会议室“{room}”",
        "meeting '{title}' is in '{room}', which does not exist",
    ),
    "mcheck.outside": (
        "会议“{title}”安排在 {time}—{end}，不在同一个工作时段内",
        "meeting '{title}' at {time}-{end} is not inside one working period",
    ),
    "mcheck.window": (
        "会议“{title}”安排在 {time}—{end}，不符合其时间要求（{rule}）",
        "meeting '{title}' at {time}-{end} breaks its time window ({rule})",
    ),
    "mcheck.busy": (
        "{who} 在 {time} 不能参加，但必须参加会议“{title}”",
        "{who} is unavailable at {time} but required at '{title}'",
    ),
    "mcheck.double": (
        "{who} 必须同时参加会议“{a}”和“{b}”（{time}）",
        "{who} is required at '{a}' and '{b}' at once ({time})",
    ),
    "mcheck.gap": (
        "{who} 的会议“{a}”与“{b}”之间只隔 {minutes} 分钟（至少 {gap} 分钟）",
        "{who} has only {minutes} minutes between '{a}' and '{b}' (at least {gap})",
    ),
    "mcheck.seats": (
        "会议“{title}”需要 {need} 个座位，{room} 只有 {seats} 个",
        "meeting '{title}' needs {need} seats, {room} has {seats}",
    ),
    "mcheck.at_once": (
        "{room} 在 {time} 同时有 {count} 个会议（容量 {capacity}）：{titles}",
        "{room} holds {count} meetings at {time} (capacity {capacity}): {titles}",
    ),
    "mcheck.share": (
        "会议 {titles} 在 {time} 共用 {room}，但不属于同一共用组",
        "{titles} share {room} at {time} but may not share",
    ),
    "mcheck.changeover": (
        "{room} 在会议“{a}”之后 {minutes} 分钟就开始“{b}”（准备时间 {changeover} 分钟）",
        "{room} starts '{b}' {minutes} minutes after '{a}' (changeover {changeover} minutes)",
    ),
    "mcheck.room_wish": ("会议“{title}”不能使用 {room}", "meeting '{title}' may not use {room}"),
    "mcheck.series": ("系列“{series}”的会议不在同一会议室：{rooms}", "series '{series}' is spread over rooms: {rooms}"),
    "mcheck.pin": (
        "会议“{title}”固定在 {time}{room}，实际安排在 {actual}",
        "meeting '{title}' is pinned at {time}{room} but placed at {actual}",
    ),
    "mcheck.part_morning": ("仅上午", "morning only"),
    "mcheck.part_afternoon": ("仅下午", "afternoon only"),
    "mcheck.not_before": ("不早于 {bound}", "not before {bound}"),
    "mcheck.not_after": ("不晚于 {bound}", "not after {bound}"),
    # -- objective terms
    "term.optional-conflicts": ("可选参会人员的时间冲突（格数）", "optional participants' conflicts (grid steps)"),
    "term.early": ("会议尽早结束（各会议结束位置之和）", "meetings end early (sum of end positions)"),
    "term.moves": ("相对原时间表改动的会议数", "meetings moved from the existing timetable"),
    "term.back-to-back": ("首尾相接、没有间隔的会议对数", "pairs of meetings back to back"),
    "term.overlap": ("同时进行的会议（每对每格）", "meetings at once (per pair and grid step)"),
    "term.larger-rooms": ("未用更大会议室的座位差", "seats of larger rooms left unused"),
    "term.room-stability": ("人员在相邻会议间换会议室的次数", "participants changing rooms between close meetings"),
}
