"""Messages: Problems built wrongly, solving, replanning, explanations and alternatives."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- replanning, explanations and alternatives (issue 5)
    "option.format": ("{option} 的值“{value}”格式不对，应为 {expected}", "{option} '{value}': expected {expected}"),
    "option.unknown_unit": (
        "{option} “{value}”：表中没有单位“{unit}”",
        "{option} '{value}': there is no unit '{unit}'",
    ),
    "option.unit_add_form": ("单位,类别[,并行组]", "UNIT,CATEGORY[,GROUP]"),
    "option.meeting_add_form": (
        "会议,时长,参会人员[,可选参会人员][,列名=值…]",
        "MEETING,LENGTH,REQUIRED[,OPTIONAL][,KEY=VALUE…]",
    ),
    "option.who_at_time": ("人员@时间", "WHO@TIME"),
    "option.meeting_at_time": ("会议@时间[@会议室]", "MEETING@TIME[@ROOM]"),
    "option.key_value": ("列名=值", "KEY=VALUE"),
    "option.unit_add_keyed": (
        "{option} “{value}”：单位表的 --add 写作 单位,类别[,并行组]（例：区统计局,部门,A），不写“{part}”："
        "列名=值 只用于会议表",
        "{option} '{value}': in a unit table --add is UNIT,CATEGORY[,GROUP] (e.g. Statistics Office,Department,A), "
        "not '{part}': KEY=VALUE is for meeting tables only",
    ),
    "option.unit_exists": (
        "{option} “{value}”：单位“{unit}”已在表中",
        "{option} '{value}': unit '{unit}' already exists",
    ),
    "option.category": (
        "{option} “{value}”：类别“{category}”不在规则的类别顺序中（{known}）",
        "{option} '{value}': category '{category}' is not in the rules' category order ({known})",
    ),
    "option.bad_time": (
        "{option} “{value}”：无法识别的时间“{time}”（例：9月8日 8:00、9月8日 8:00-11:00、2021-09-08 08:00）",
        "{option} '{value}': cannot read the time '{time}' (e.g. Sep 8 8:00, Sep 8 8:00-11:00, 2021-09-08 08:00)",
    ),
    "option.bad_span": (
        "{option} “{value}”：无法识别的时间“{time}”（例：9月8日 8:00-11:00、9月8日下午、9月8日、上午）",
        "{option} '{value}': cannot read the time '{time}' (e.g. Sep 8 8:00-11:00, Sep 8 afternoon, Sep 8, morning)",
    ),
    "option.refused": ("{option} “{value}”：{reason}", "{option} '{value}': {reason}"),
    "option.no_slots": (
        "{option} “{value}”：“{time}”不包含任何对接时段",
        "{option} '{value}': '{time}' covers no meeting slot",
    ),
    "option.no_whole_slot": (
        "{option} “{value}”：“{time}”内放不下任何一场完整的对接（每场 {minutes} 分钟）",
        "{option} '{value}': no whole meeting ({minutes} minutes) fits in '{time}'",
    ),
    "option.not_slot": (
        "{option} “{value}”：{time} 不是对接时段",
        "{option} '{value}': {time} is not one of the meeting days and hours",
    ),
    "option.self_link": (
        "{option} “{value}”：{unit} 不能紧随自己",
        "{option} '{value}': {unit} cannot follow itself",
    ),
    "option.pinned_twice": (
        "{option} “{value}”：{unit} 被固定到了两个不同的时间",
        "{option} '{value}': {unit} is pinned to two different times",
    ),
    "replan.add_exists": (
        "单位“{unit}”已在表中（或同时被撤销）",
        "unit '{unit}' already exists (or is also withdrawn)",
    ),
    "replan.pinned_twice": ("{unit} 被固定到了两个不同的时间", "{unit} is pinned to two different times"),
    "replan.moves": ("调整的单位（{count} 个）：", "Units moved ({count}):"),
    "replan.no_moves": ("没有单位需要调整", "No unit needs to move"),
    "recorded.entry": ("[[{section}]] {who} {what}", "[[{section}]] {who} {what}"),
    "recorded.kept": (
        "这个文件夹里有 {table} 和 {rules} 没有的 {count} 项调整：{entries}；按 {table} 和 {rules} 重新求解会丢掉它们"
        "（撤销的会重新排入）：要保留，请把它们照样改进 {table} 或 {rules} 再求解；确已不要，请加 --discard-changes",
        "this folder holds {count} {count|change|changes} {table} and {rules} lack: {entries}; solving {table} "
        "with {rules} would lose {count|it|them} (what was withdrawn comes back): to keep {count|it|them}, make "
        "the same {count|change|changes} in {table} or {rules} and solve again; if no longer wanted, add "
        "--discard-changes",
    ),
    "recorded.discarded": (
        "按 --discard-changes，这次求解不沿用这个文件夹里的 {count} 项调整（写出结果时才替换）：{entries}",
        "As --discard-changes asks, this solve leaves out {count} {count|change|changes} this folder holds "
        "(replaced only when the results are written): {entries}",
    ),
    "recorded.withdrawn": ("{path} 中没有的{kind}“{name}”", "{kind} '{name}', which {path} lacks"),
    "recorded.added": (
        "{path} 中多出的{kind}“{name}”（reschedule --add 所加，或已从源表删去）",
        "{kind} '{name}', which only {path} holds (added by reschedule --add, or deleted from your table since)",
    ),
    "recorded.contacts": (
        '[invites] contacts = "{named}"（send 或 ics 的 --contacts 所记的联系人表；{rules} 写的是 {source}）',
        '[invites] contacts = "{named}" (the contacts table --contacts of send or ics recorded; '
        "{rules} names {source})",
    ),
    "recorded.more": ("另有 {more} 项", "{more} more"),
    "recorded.unit": ("单位", "unit"),
    "recorded.meeting": ("会议", "meeting"),
    "replan.by_order": (
        "其中 {count} 个单位只因类别顺序（{order}）随之调整：{units}  [category-order]",
        "{count} of them moved only because of the category order ({order}): {units}  [category-order]",
    ),
    "replan.no_notice": ("没有单位调整：不写调整通知", "No unit moves: no adjustment notice written"),
    "replan.notice_kept": (
        "没有单位调整：不写调整通知，原有的 {files} 保持不变（上一轮的调整）",
        "No unit moves: no adjustment notice written; {files} left as they were (the last round's)",
    ),
    "replan.from": ("原时间", "Was"),
    "replan.to": ("新时间", "Now"),
    "replan.new": ("（新增）", "(new)"),
    "replan.shift": ("相差", "Moved by"),
    "replan.withdrawn": ("（取消）", "(withdrawn)"),
    "replan.displacement": (
        "调整合计 {slots} 个时段（每个单位新旧时间相差的时段数之和）",
        "Total displacement: {slots} {slots|slot|slots} (the slots between each unit's old and new time, summed)",
    ),
    "alt.header": ("第 {number} 个最优时间表（共 {count} 个）", "Optimal timetable {number} of {count}"),
    "alt.best_found": (
        "时限内找到的最好时间表（未证明最优）",
        "The best timetable found in the time limit (not proven optimal)",
    ),
    "alt.all": (
        "共有 {count} 个不同的最优时间表（少于要求的 {wanted} 个），已全部列出",
        "There are only {count} different optimal timetables (fewer than the {wanted} asked for); all are shown",
    ),
    "alt.some": (
        "时限内找到 {count} 个不同的最优时间表（要求 {wanted} 个），未能确认是否还有更多",
        "Found {count} different optimal timetables in the time limit ({wanted} asked for); there may be more",
    ),
    "alt.header_short": (
        "第 {number} 个最优时间表（要求 {wanted} 个，只找到 {count} 个）",
        "Optimal timetable {number} ({count} of the {wanted} asked found)",
    ),
    "alt.short.time": (
        "要求 {wanted} 个不同的最优时间表，只找到 {count} 个：搜索到了时限就停了，"
        "可能还有更多（可加长 --time-limit 再试）",
        "Found {count} of the {wanted} different optimal timetables asked: the search stopped at the time limit;"
        " there may be more (a longer --time-limit may find them)",
    ),
    "alt.short.stop": (
        "要求 {wanted} 个不同的最优时间表，只找到 {count} 个：搜索被停止了，可能还有更多",
        "Found {count} of the {wanted} different optimal timetables asked: the search was stopped; there may be more",
    ),
    "alt.short.memory": (
        "要求 {wanted} 个不同的最优时间表，只找到 {count} 个：搜索到了内存上限就停了，可能还有更多",
        "Found {count} of the {wanted} different optimal timetables asked: the search stopped at its memory"
        " limit; there may be more",
    ),
    "alt.short.model": (
        "要求 {wanted} 个不同的最优时间表，只找到 {count} 个：找其他时间表的模型太大，无法建立，可能还有更多",
        "Found {count} of the {wanted} different optimal timetables asked: the model to look for others is too"
        " large to build; there may be more",
    ),
    "alt.not_optimal": (
        "时限内未能证明最优，无法列出其他最优时间表",
        "The optimum was not proven in the time limit, so no alternatives can be listed",
    ),
    "alt.differs": ("与第 1 个不同的单位：{count} 个", "Units at a different time than in timetable 1: {count}"),
    "alt.no_json": (
        "--json 不能与 --alternatives 同用（JSON 文档只描述一个时间表）",
        "--json cannot go with --alternatives (a JSON document describes one timetable)",
    ),
    "alt.written": ("第 {number} 个：{path}", "Timetable {number}: {path}"),
    # -- values of the wrong kind given to a function or a domain class
    "argument.type": ("{name} 应为 {expected}，而不是 {got}", "{name} must be {expected}, not {got}"),
    "kind.a": ("{type}", "a {type}"),
    "kind.tuple": ("由 {type} 组成的元组", "a tuple of {type}"),
    "kind.names": ("单位名称的元组（而非单个字符串）", "a tuple of unit names (not one str)"),
    "argument.naive": (
        "{name} 应为带时区的 datetime（如 datetime.now(UTC)），而不是不带时区的 {value}",
        "{name} must be an aware datetime (such as datetime.now(UTC)), not the naive {value}",
    ),
    "kind.periods": (
        "由（开始，结束）两个不带时区的 time 组成的元组",
        "a tuple of (start, end) pairs of time without a time zone",
    ),
    "kind.lang": ("“zh”或“en”", "'zh' or 'en'"),
    "kind.titles": ("会议名称的元组（而非单个字符串）", "a tuple of meeting titles (not one str)"),
    "kind.terms": (
        "由 Term 组成的元组（如 scheduler.meetings.terms.DEFAULT，或读入的会议表的 objective）",
        "a tuple of Term (such as scheduler.meetings.terms.DEFAULT, or a loaded meeting table's objective)",
    ),
    "kind.whole": ("不小于 {least} 的整数", "a whole number of at least {least}"),
    "kind.optional_whole": ("None 或不小于 {least} 的整数", "None or a whole number of at least {least}"),
    "kind.callable": ("可调用对象（如函数）或 None", "a callable (such as a function) or None"),
    "kind.stop": (
        "带 is_set() 的对象（如 threading.Event()）或 None",
        "None or an object with is_set() (such as threading.Event())",
    ),
    "kind.day": ("由 date 组成的元组（不含时刻）", "a tuple of date (no time of day)"),
    "kind.rules": (
        "由规则对象组成的序列（如 scheduler.RULES）",
        "a sequence of rule objects (such as scheduler.RULES)",
    ),
    "kind.local": (
        "不带时区的 datetime（当地时间，即日历所在时区的时间）",
        "a datetime without a time zone (local time, in the calendar's zone)",
    ),
    "kind.optional_local": (
        "None 或不带时区的 datetime（当地时间，即日历所在时区的时间）",
        "None or a datetime without a time zone (local time, in the calendar's zone)",
    ),
    "kind.seconds": ("不小于 0 的秒数", "a number of seconds of at least 0"),
    "kind.start_from": (
        "None 或 (starts, rooms)：两个列表，每个会议一个时钟步、一个会议室名称",
        "None or (starts, rooms): a list of clock steps and a list of room names, one of each per meeting",
    ),
    "kind.emails": ("由姓名到邮箱地址的 dict", "a dict of names to mail addresses"),
    "kind.window_bound": (
        "None，或不带时区的 time（每天的时刻）或 datetime（当地时间，即日历所在时区的时间）",
        "None, or a time of day or a datetime without a time zone (local time, in the calendar's zone)",
    ),
    "kind.times": (
        "由 datetime 组成的集合（如 frozenset、set 或 list）",
        "a collection of datetime (a frozenset, set or list)",
    ),
    "kind.name_set": (
        "由名称组成的集合（如 frozenset、set 或 tuple，而非单个字符串）",
        "a collection of names (a frozenset, set or tuple; not one str)",
    ),
    "kind.path": ("文件路径（str 或 pathlib.Path）", "a file path (str or pathlib.Path)"),
    "kind.optional_path": ("None 或文件路径（str 或 pathlib.Path）", "None or a file path (str or pathlib.Path)"),
    "kind.frame_or_path": (
        "文件路径（str 或 pathlib.Path）或 pandas DataFrame",
        "a file path (str or pathlib.Path) or a pandas DataFrame",
    ),
    "argument.upload": (
        "{name} 应为 {expected}，而不是 {got}："
        "内存中的上传文件请先存为文件（见源代码的 docs/python.md，“Reading an upload”）",
        "{name} must be {expected}, not {got}: save an upload held in memory to a file first"
        " (the source's docs/python.md, section Reading an upload)",
    ),
    "kind.sheet": (
        "工作表名称（str）、从 1 起的工作表序号（int）或 None",
        "a sheet name (str), a sheet number counted from 1 (int) or None",
    ),
    "kind.hour": ("由不带时区的 time 组成的元组", "a tuple of time without a time zone"),
    "problem.timezone": (
        "时区“{timezone}”未知（应为 IANA 时区名，如 Asia/Shanghai）",
        "time zone '{timezone}' is unknown (an IANA name is needed, such as Asia/Shanghai)",
    ),
    # -- problems built wrongly
    "problem.unknown_field_near": (
        "{owner} 没有字段“{field}”：是不是“{near}”？",
        "{owner} has no field '{field}' (did you mean {near}?)",
    ),
    "problem.unknown_field": (
        "{owner} 没有字段“{field}”（字段：{known}）",
        "{owner} has no field '{field}' (fields: {known})",
    ),
    "problem.unit_name": ("单位名称“{name}”为空或首尾有空格", "unit name '{name}' is empty or has outer spaces"),
    "problem.room_capacity": (
        "房间 {room} 的容量 {capacity} 必须至少为 1",
        "room {room}: capacity {capacity} must be at least 1",
    ),
    "problem.empty_calendar": ("没有对接日期或时段", "no meeting days or hours"),
    "problem.unsorted_calendar": (
        "对接日期和时段须按先后排列且不重复",
        "days and hours must be in order, without repeats",
    ),
    "problem.minutes": ("每场时长 {minutes} 分钟须大于 0", "meeting length {minutes} minutes must be positive"),
    "problem.overlapping_hours": (
        "时段 {a} 和 {b} 相隔不足 {minutes} 分钟，会互相重叠",
        "hours {a} and {b} are less than {minutes} minutes apart and would overlap",
    ),
    "problem.past_midnight": (
        "{hour} 开始的 {minutes} 分钟会议会跨过午夜",
        "a meeting at {hour} lasting {minutes} minutes would run past midnight",
    ),
    "problem.duplicate_unit": ("单位 {unit} 出现了不止一次", "unit {unit} appears more than once"),
    "problem.no_rooms": ("没有房间", "no rooms"),
    "problem.duplicate_room": ("房间“{room}”重复", "room '{room}' is listed twice"),
    "problem.duplicate_category": ("类别重复", "categories repeat"),
    "problem.unknown_category": (
        "{unit} 的类别“{category}”不在类别顺序中（{known}）",
        "{unit}: category '{category}' is not in the category order ({known})",
    ),
    "problem.pin_not_slot": (
        "{unit} 的固定时间 {time} 不是对接时段",
        "{unit}: pinned time {time} is not a meeting slot",
    ),
    "problem.pinned_twice": ("同一单位固定了两次", "a unit is pinned twice"),
    "problem.held_not_begun": (
        "{unit} 保持在已开始的对接 {time}，但该时间不是已开始的对接时段",
        "{unit} is held at {time} as started, but that is no meeting slot begun by then",
    ),
    "problem.reference_twice": ("已发布的时间表中 {unit} 出现了两次", "{unit} is in the published timetable twice"),
    "problem.reference_not_slot": (
        "{unit} 在已发布的时间表中的时间 {time} 不是对接时段",
        "{unit}: published time {time} is not a meeting slot",
    ),
    "problem.unavailable_not_slot": (
        "{unit} 的不能参加时间 {time} 不是对接时段",
        "{unit}: unavailable time {time} is not a meeting slot",
    ),
    "problem.unknown_unit": ("表中没有单位“{unit}”", "there is no unit '{unit}' in the table"),
    "problem.self_link": ("{unit} 不能紧随自己", "{unit} cannot follow itself"),
    "problem.link_branch": (
        "紧随关系 {first} → {then} 与另一条冲突：每个单位最多紧随一个、被一个紧随",
        "link {first} -> {then} clashes with another: a unit follows at most one and is followed by at most one",
    ),
    "problem.link_cycle": ("从 {unit} 开始的紧随关系成环", "the links starting at {unit} form a cycle"),
    "problem.too_many_groups": (
        "并行组可组合的方式超过 {limit} 种，请把大的并行组拆小",
        "the parallel groups allow more than {limit} combinations; split the large groups",
    ),
    # -- solving
    "solve.objective": (
        "未知的目标“{objective}”（可选：{known}）",
        "unknown objective '{objective}' (choose: {known})",
    ),
    "solve.nothing": (
        "时限内未找到时间表（不确定是否存在）",
        "no timetable was found in the time limit (one may exist)",
    ),
    "solve.time_limit": (
        "时限须为大于 0 的有限秒数，而不是 {value}",
        "the time limit must be a finite number of seconds above 0, not {value}",
    ),
}
