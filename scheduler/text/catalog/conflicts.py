"""Messages: When nothing fits: the conflict's frame (each rule's own sentences sit in its file)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "infeasible.header": (
        "没有满足全部规则的时间表：以下规则不能同时满足",
        "No timetable satisfies the rules: these cannot all hold together",
    ),
    "infeasible.too_many": (
        "{units} 个单位排不下：只有同一并行组的单位可同处一室（每室最多 {capacity} 个），它们至少要分成 {groups} 组；"
        "{rooms} 个房间每个时段最多接待 {rooms} 组，所以至少需要 {needed} 个时段，"
        "而对接时段只有 {slots} 个（{days} 天，每天 {hours} 个）",
        "{units} {units|unit does|units do} not fit: only units of one parallel group may share a room (at most "
        "{capacity} to a room), "
        "so they form at least {groups} {groups|group|groups}; {rooms} {rooms|room|rooms} {rooms|receives|receive} "
        "at most {rooms} {rooms|group|groups} at a time, so at "
        "least {needed} meeting times are needed, and there are only {slots} ({days} {days|day|days}, {hours} a day)",
    ),
    "infeasible.too_many_alone": (
        "{units} 个单位排不下：每个房间一次只接待 1 个单位，{rooms} 个房间每个时段最多接待 {rooms} 个，"
        "所以至少需要 {needed} 个时段，而对接时段只有 {slots} 个（{days} 天，每天 {hours} 个）",
        "{units} {units|unit does|units do} not fit: each room receives one unit at a time, {rooms} "
        "{rooms|room|rooms} at most {rooms} "
        "at a time, so at least {needed} meeting times are needed, and there are only {slots} "
        "({days} {days|day|days}, {hours} a day)",
    ),
    "infeasible.too_many_seats": (
        "{units} 个单位排不下：{rooms} 个房间每个时段最多接待 {per_slot} 个单位（每室最多 {capacity} 个，"
        "只有同一并行组的单位可同处一室），所以至少需要 {needed} 个时段，而对接时段只有 {slots} 个"
        "（{days} 天，每天 {hours} 个）",
        "{units} {units|unit does|units do} not fit: {rooms} {rooms|room|rooms} {rooms|receives|receive} at most "
        "{per_slot} {per_slot|unit|units} at a time (at most {capacity} "
        "to a room, shared only by units of one parallel group), so at least {needed} meeting times are needed, "
        "and there are only {slots} ({days} {days|day|days}, {hours} a day)",
    ),
    "infeasible.no_seating": (
        "{units} 个单位排不下：即使不管固定时间、不能参加的时间、紧随和类别顺序，{rooms} 个房间"
        "（每室最多 {capacity} 个，只有同一并行组的单位可同处一室）在 {slots} 个对接时段里也容纳不下全部单位",
        "{units} {units|unit does|units do} not fit: even without pins, unavailability, links and the category order, "
        "{rooms} {rooms|room|rooms} (at most {capacity} to a room, shared only by units of one parallel group) "
        "cannot receive them all in {slots} meeting times",
    ),
    "infeasible.meeting_too_long": (
        "会议“{title}”时长 {minutes} 分钟，超过最长的工作时段（{longest} 分钟）：会议不能跨越休息或跨天"
        "（跨午休的会议请拆成每个时段一部分，写同一系列并用 [[links]] same_day = true 相连："
        "源代码的 docs/meetings.md“A meeting across a break”）",
        "meeting '{title}' lasts {minutes} minutes, longer than the longest working period ({longest} minutes): "
        "a meeting never crosses a break or a day (write a meeting across a break as its parts, one per period, "
        "in one series, linked by [[links]] same_day = true: the source's docs/meetings.md, "
        "'A meeting across a break')",
    ),
    "infeasible.room_time": (
        "{meetings} 个会议共需 {needed}，而 {rooms} 个会议室在工作时间内一共只能提供 {available}",
        "{meetings} {meetings|meeting needs|meetings need} {needed} in all, and the {rooms} "
        "{rooms|room offers|rooms offer} only {available} of working time",
    ),
    "infeasible.room_time_left": (
        "{meetings} 个会议共需 {needed}，而 {rooms} 个会议室在 {since} 至 {until} 的工作时间内"
        "（每个会议都不能早于或晚于这段时间）一共只能提供 {available}",
        "{meetings} {meetings|meeting needs|meetings need} {needed} in all, and the {rooms} "
        "{rooms|room offers|rooms offer} only {available} of working time from {since} "
        "to {until} (no meeting may be held before or after)",
    ),
    "infeasible.meetings_no_fit": (
        "{meetings} 个会议排不下：即使不管时间要求、不能参加的时间、固定时间、会议室要求、座位数和人员冲突，"
        "{rooms} 个会议室在工作时段内也容纳不下全部会议（会议不能跨越休息，同时使用一个会议室的会议须有共同的共用组）",
        "{meetings} {meetings|meeting does|meetings do} not fit: even without time windows, busy times, pins, "
        "room wishes, seats and people's clashes, the {rooms} {rooms|room|rooms} cannot hold them all in the "
        "working periods (a meeting never crosses a break; meetings sharing a room at once need a common "
        "sharing label)",
    ),
    # counts that show rule instances cannot all hold (scheduler.meetings.counts): told before the list
    "count.person": (
        "{who} 须参加 {count} 个会议，共 {needed}，而可供这些会议的工作时间只有 {available}",
        "{who} is required at {count} {count|meeting|meetings} lasting {needed} in all, and has "
        "only {available} "
        "of working time for them",
    ),
    "count.held_only": ("{said}（这些会议只能排在 {spans}）", "{said} (they can be held only in {spans})"),
    "count.person_gap": (
        "{who} 须参加 {count} 个会议，连同每个会议之后 {gap} 分钟的间隔共需 {needed}，"
        "而可供这些会议的工作时间（每段之后加 {gap} 分钟）只有 {available}",
        "{who} is required at {count} {count|meeting|meetings} needing {needed} in all with the "
        "{gap}-minute gap after each, and has only {available} for them (working time, "
        "each stretch with the gap after it)",
    ),
    "count.person_some": (
        "{who} 须参加的 {titles} 共 {needed}，而这些会议可以安排的工作时间只有 {available}",
        "{who} is required at {titles}, lasting {needed} in all, and the working time they may "
        "be held in has only {available}",
    ),
    "count.person_some_gap": (
        "{who} 须参加的 {titles} 连同每个会议之后 {gap} 分钟的间隔共需 {needed}，"
        "而这些会议可以安排的工作时间（每段之后加 {gap} 分钟）只有 {available}",
        "{who} is required at {titles}, needing {needed} in all with the {gap}-minute gap after "
        "each, and the working time they may be held in has only {available} (each "
        "stretch with the gap after it)",
    ),
    "count.rooms": (
        "{meetings} 个会议（{titles}）只能在 {rooms} 举行，共需 {needed}，"
        "而这些会议室在工作时间内一共只能提供 {available}",
        "{meetings} {meetings|meeting|meetings} ({titles}) may be held only in {rooms}: {meetings|it needs|they need} "
        "{needed} in all, and those rooms offer only {available} of "
        "working time",
    ),
    "count.series_room": (
        "系列“{series}”的 {meetings} 个会议须在同一会议室举行，共需 {needed}，"
        "而 {rooms} 的工作时间各不超过 {available}",
        "the {meetings} meetings of series '{series}' must share one room and need {needed} in all, and {rooms} "
        "offer no more than {available} of working time each",
    ),
    "count.rooms_when": (
        "{meetings} 个会议（{titles}）只能在 {rooms} 举行，共需 {needed}，"
        "而这些会议室在这些会议能排的时间内一共只能提供 {available}",
        "{meetings} {meetings|meeting|meetings} ({titles}) may be held only in {rooms}: {meetings|it needs|they need} "
        "{needed} in all, and those rooms offer only {available} at the times these meetings can be held",
    ),
    "infeasible.not_minimal": (
        "（求解超时，上述规则可能不是最小冲突集）",
        "(the solver ran out of time: this set may not be minimal)",
    ),
    "why.header": ("没有满足全部规则的时间表。原因：", "No timetable satisfies the rules, because:"),
    "why.header_plain": ("没有满足全部规则的时间表。", "No timetable satisfies the rules."),
    "why.list": (
        "以下规则不能同时满足，缺一条就不再冲突（要排出时间表，至少须放宽其中一条）：",
        "These rules cannot all hold; without any one of them the rest could"
        " (for a timetable, at least one must give way):",
    ),
    "why.list_not_minimal": (
        "不能同时满足的规则（求解超时，可能还能再少）：",
        "The rules that cannot all hold (the solver ran out of time: the list may not be the smallest):",
    ),
    "why.list_stopped": (
        "不能同时满足的规则（缩短这个列表时已停止，可能还能再少）：",
        "The rules that cannot all hold (stopped while shortening this list: it may not be the smallest):",
    ),
    "why.list_unasked": (
        "不能同时满足的规则（由计算即可证明；时限内未及逐条确认是否还能再少）：",
        "The rules that cannot all hold (proven by arithmetic; no time was left to check whether fewer would do):",
    ),
    "why.list_too_large": (
        "不能同时满足的规则（表太大，无法逐条检验每条规则，可能还能再少）：",
        "The rules that cannot all hold (the table is too large to check every rule instance:"
        " the list may not be the smallest):",
    ),
    "why.unproven_header": (
        "时限内没有找到时间表，也未能证明不存在。以下规则可能是原因：",
        "No timetable was found in the time limit, and none was proven impossible. These rules may be why:",
    ),
    "why.undecided": (
        "时限内未能判断：既没有找到时间表，也未能证明不存在（可延长 --time-limit 再试）",
        "The time limit ran out before this could be told: no timetable was found, and none was proven "
        "impossible (try a longer --time-limit)",
    ),
    "why.too_large_to_tell": (
        "这张表太大，{limit} 秒内无法解释：检验用的模型约需 {seconds} 秒建成，时限不够，故既没有找到时间表，"
        "也未能证明不存在（--time-limit 至少 {suggest} 秒才能建成模型、开始检验）",
        "This table is too large to explain within {limit} s: the model that checks it takes about {seconds} s to "
        "build, so no timetable was found and none was proven impossible (a --time-limit of {suggest} s or more "
        "lets it be built and asked)",
    ),
    "why.not_narrowed": (
        "没有满足全部规则的时间表，但时限内未能找出是哪几条规则冲突（共 {rules} 条规则、{units} 个单位；"
        "计数和不需搜索的检查——每个单位的可用时段、类别顺序、衔接——都没有发现冲突）。可延长 --time-limit 再试，"
        "或先放宽固定时间、不能参加的时间后再运行 explain",
        "No timetable satisfies the rules, but which of them clash was not found in the time limit ({rules} "
        "{rules|rule|rules}, {units} {units|unit|units}; the count and the checks without a search, each unit's "
        "free times, the category order, the links, saw no clash). Try a longer --time-limit, or relax pins and "
        "unavailable times and run explain again",
    ),
    "why.not_narrowed_unproven": (
        "时限内既没有找到时间表，也未能证明不存在，也未能找出可能冲突的规则（共 {rules} 条规则、{units} 个单位；"
        "计数和不需搜索的检查——每个单位的可用时段、类别顺序、衔接——都没有发现冲突；表太大时检验用的模型无法建成）。"
        "可延长 --time-limit 再试，或先放宽固定时间、不能参加的时间后再运行 explain",
        "No timetable was found in the time limit, none was proven impossible, and no rules were found that "
        "may clash ({rules} {rules|rule|rules}, {units} {units|unit|units}; the count and the checks without a "
        "search, each unit's free times, the category order, the links, saw no clash; on a table this large the "
        "model that checks it may be too large to build). Try a longer --time-limit, or relax pins and "
        "unavailable times and run explain again",
    ),
    "why.searched_unproven": (
        "时限内既没有找到时间表，也未能证明不存在（共 {rules} 条规则、{units} 个单位）："
        "计数和不需搜索的检查——每个单位的可用时段、类别顺序、衔接——都没有发现冲突，"
        "快速排法都排不下，求解器搜索了 {seconds} 秒也没有找到时间表。"
        "可延长 --time-limit 再试，或先放宽固定时间、不能参加的时间后再运行 explain",
        "No timetable was found in the time limit and none was proven impossible ({rules} {rules|rule|rules}, "
        "{units} {units|unit|units}): the count and the checks without a search, each unit's free times, the "
        "category order, the links, saw no clash, the quick builders got stuck, and the solver searched for "
        "{seconds} s without finding a timetable. Try a longer --time-limit, or relax pins and unavailable times "
        "and run explain again",
    ),
    "why.builders_unproven": (
        "时限内既没有找到时间表，也未能证明不存在（共 {rules} 条规则、{units} 个单位）："
        "{builders} 种快速排法试了 {tried} 种，都排不下，时限就到了，"
        "不需搜索的检查——每个单位的可用时段、类别顺序、衔接——没来得及做。"
        "可延长 --time-limit 再试",
        "No timetable was found in the time limit and none was proven impossible ({rules} {rules|rule|rules}, "
        "{units} {units|unit|units}): {tried} of the {builders} quick builders {tried|was|were} tried and got "
        "stuck before the time ran out, and the checks without a search, each unit's free times, the category "
        "order, the links, were not done. Try a longer --time-limit",
    ),
    "why.exists_not_kept": (
        "有满足全部规则的时间表（解释时的检验找到了一个），但时限内没来得及给出。可延长 --time-limit 再试",
        "A timetable that keeps every rule exists (the explanation's check found one), but the time limit ran "
        "out before it was given. Try a longer --time-limit",
    ),
    "why.not_checked": (
        "没有满足全部规则的时间表，但时限内未能找出是哪几条规则冲突（共 {rules} 条规则、{units} 个单位；"
        "时限内连不需搜索的检查——每个单位的可用时段、类别顺序、衔接——也没有做完）。可延长 --time-limit 再试，"
        "或先放宽固定时间、不能参加的时间后再运行 explain",
        "No timetable satisfies the rules, but which of them clash was not found in the time limit ({rules} "
        "{rules|rule|rules}, {units} {units|unit|units}; not even the checks without a search, each unit's free "
        "times, the category order, the links, were done in the time). Try a longer --time-limit, or relax pins "
        "and unavailable times and run explain again",
    ),
    "why.not_checked_unproven": (
        "时限内既没有找到时间表，也未能证明不存在，也未能找出可能冲突的规则（共 {rules} 条规则、{units} 个单位；"
        "时限内连不需搜索的检查——每个单位的可用时段、类别顺序、衔接——也没有做完）。"
        "可延长 --time-limit 再试，或先放宽固定时间、不能参加的时间后再运行 explain",
        "No timetable was found in the time limit, none was proven impossible, and no rules were found that "
        "may clash ({rules} {rules|rule|rules}, {units} {units|unit|units}; not even the checks without a search, "
        "each unit's free times, the category order, the links, were done in the time). Try a longer "
        "--time-limit, or relax pins and unavailable times and run explain again",
    ),
    "why.meetings_not_narrowed": (
        "没有满足全部规则的时间表，但时限内未能找出是哪几条规则冲突：{rules} 条规则（{meetings} 个会议）都还可能有关，"
        "不逐条列出。可延长 --time-limit 再试，或先放宽固定时间、时段和不能参加的时间后再运行 explain",
        "No timetable satisfies the rules, but which of them clash was not found in the time limit: all {rules} "
        "{rules|rule|rules} ({meetings} {meetings|meeting|meetings}) may still be involved, so none is listed. Try a "
        "longer --time-limit, or relax pins, half-days and unavailable times and run explain again",
    ),
    "why.meetings_not_narrowed_unproven": (
        "时限内既没有找到时间表，也未能证明不存在；可能有关的规则有 {listed} 条"
        "（共 {rules} 条规则、{meetings} 个会议），太多，不逐条列出，也不一定是原因。"
        "可延长 --time-limit 再试，或先放宽固定时间、时段和不能参加的时间后再运行 explain",
        "No timetable was found in the time limit and none was proven impossible; {listed} of the {rules} "
        "{rules|rule|rules} ({meetings} {meetings|meeting|meetings}) may be involved: too many to list, and none "
        "shown to be the cause. Try a longer --time-limit, or relax pins, half-days and unavailable times and run "
        "explain again",
    ),
    "why.list_unproven": (
        "可能不能同时满足的规则（时限内未能证明）：",
        "The rules that may not all hold (not proven in the time limit):",
    ),
    "why.count.categories": (
        "同一时段不混排类别{limits}：{parts}，共需 {total} 个时段，而对接时段只有 {slots} 个"
        "（{days} 天，每天 {hours} 个）",
        "Categories never share a meeting time{limits}: {parts}; {total} meeting times in all, and there "
        "are only {slots} ({days} {days|day|days}, {hours} a day)",
    ),
    "why.count.before": (
        "{unit} 是{category}，最晚 {time} 对接，须排在 {count} 个单位（{categories}）之后；同一时段不混排类别"
        "{limits}：{parts}，共需 {total} 个时段，{time} 之前却只有 {slots} 个",
        "{unit} is a {category} and can meet at {time} at the latest, after {count} {count|unit|units} "
        "({categories}); categories never share a meeting time{limits}: {parts}; {total} meeting times in all, "
        "and there "
        "are only {slots} before {time}",
    ),
    "why.count.after": (
        "{unit} 是{category}，最早 {time} 对接，须排在 {count} 个单位（{categories}）之前；同一时段不混排类别"
        "{limits}：{parts}，共需 {total} 个时段，{time} 之后却只有 {slots} 个",
        "{unit} is a {category} and can meet at {time} at the earliest, before {count} {count|unit|units} "
        "({categories}); categories never share a meeting time{limits}: {parts}; {total} meeting times in all, "
        "and there "
        "are only {slots} after {time}",
    ),
    "why.hall": (
        "这 {units} 个单位（{who}）只能在 {slots} 个时段对接：{times}；"
        "每个时段最多接待其中 {places} 个{alone}，共 {room} 个位置，排不下 {units} 个单位{closed}",
        "These {units} {units|unit|units} ({who}) can only meet in {slots} meeting {slots|time|times}: {times}; a "
        "meeting time receives at most {places} of them{alone}, {room} {room|place|places} for {units} "
        "{units|unit|units}{closed}",
    ),
    "why.hall.alone": (
        "（不在并行组的单位各自单独对接，每个会议室一个）",
        " (units of no parallel group meet one to a room)",
    ),
    "why.hall.run": ("{first} 至 {last}", "{first} to {last}"),
    "why.hall.runs_more": ("{runs} 等（另有 {more} 段）", "{runs} and {more} more"),
    "why.hall.closed": ("。其余时段对它们关闭：{parts}", ". The other times are closed to them: {parts}"),
    "why.hall.unavailable": (
        "{count} 个单位不能参加（{times}）",
        "{count} {count|unit|units} cannot come ({times})",
    ),
    "why.hall.unavailable_own": (
        "{count} 个单位各有不能参加的时间（最常见：{common}）",
        "{count} {count|unit|units} cannot come at times of {count|its|their} own (most often {common})",
    ),
    "why.hall.time_count": ("{time}（{count} 个）", "{time} ({count} {count|unit|units})"),
    "why.hall.pinned": ("{count} 个单位已固定时间", "{count} {count|unit is|units are} pinned"),
    "why.hall.order": (
        "{count} 个单位受类别顺序限制（{categories}）",
        "{count} {count|unit is|units are} held by the category order ({categories})",
    ),
    "why.list_counted_fewest": (
        "按以上计数，以下规则不能同时满足，少任何一条这个计数就不再成立（要排出时间表，须放宽其中至少一条，"
        "或增加对接时段、房间）：",
        "By counting, as above, these rules cannot all hold, and without any one of them the count no longer "
        "shows it (for a timetable, at least one must give way, or more meeting times or rooms are needed):",
    ),
    "why.count.limit_seats": (
        "，每个时段最多 {per_slot} 个单位",
        ", and at most {per_slot} {per_slot|unit meets|units meet} at a time",
    ),
    "why.count.limit_groups": (
        "，每个时段最多 {rooms} 组（只有同一并行组的单位可同处一室）",
        ", and at most {rooms} {rooms|group meets|groups meet} at a time (only units of one parallel group share "
        "a room)",
    ),
    "why.count.seats": ("{category} {units} 个至少要 {needed} 个时段", "{units} {category} need at least {needed}"),
    "why.count.seats_own": (
        "{category} {units} 个至少要 {needed} 个时段（每个时段最多 {per_slot} 个）",
        "{units} {category} need at least {needed} (at most {per_slot} at a time)",
    ),
    "why.count.groups": (
        "{category} {units} 个（至少 {groups} 组）至少要 {needed} 个时段",
        "{units} {category} (at least {groups} {groups|group|groups}) need at least {needed}",
    ),
    "why.list_counted": (
        "按以上计数，以下规则不能同时满足（要排出时间表，须放宽其中的规则，或增加对接时段、房间）：",
        "By counting, as above, these rules cannot all hold (for a timetable, some must give way, or more "
        "meeting times or rooms are needed):",
    ),
    "why.counted_units": ("{count} 个单位：{units}", "{count} {count|unit|units}: {units}"),
    "why.and_more": ("{units} 等（另有 {more} 个）", "{units} and {more} more"),
    "why.also_more": ("；另有 {more} 个单位也有自己的时间限制", "; {more} more units have limits of their own"),
    "why.more_sentences": ("……另有 {more} 句从略", "… and {more} more sentences"),
    "why.more_rules": ("……等 {more} 条", "… and {more} more"),
    "why.none": ("有满足全部规则的时间表，没有冲突", "A timetable satisfies every rule: there is no conflict"),
    "fact.and": ("，且", ", and "),
    "why.facts": ("{unit} {facts}", "{unit} {facts}"),
    "why.facts_alike": ("{unit} 各自{facts}", "{unit}: each {facts}"),
    "why.which": ("，而 {unit} {facts}", ", which {facts}"),
    "why.also": ("；{unit} {facts}", "; {unit} {facts}"),
    "why.rooms": (
        "同一时段只有 {rooms} 个房间（{capacity}），且只有同一并行组的单位可以同时对接",
        "Only {rooms} {rooms|room|rooms} can be used at any one time ({capacity}), shared only by units of one "
        "parallel group",
    ),
    "why.rooms_unnamed": (
        "同一时段只能接待 {capacity} 个单位，且只有同一并行组的单位可以同时对接",
        "At any one time only {capacity} {capacity|unit|units} can be received, and only units of one parallel group "
        "together",
    ),
    "why.room_capacity": ("{room} 容纳 {capacity} 个单位", "{room} holds {capacity}"),
}
