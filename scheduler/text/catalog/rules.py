"""Messages: Rule titles (the stable rule names are the keys), violations, explanations of rule instances."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- rule titles (stable names are the keys)
    "rule.each-unit-once": ("每个单位安排且只安排一次", "every unit meets exactly once"),
    "rule.within-window": ("只在对接日期和时段内安排", "meetings only on the listed days and hours"),
    "rule.allowed-sharing": (
        "只有同一并行组的单位可同时对接",
        "only units of one parallel group share a room and hour",
    ),
    "rule.room-capacity": ("同一时段房间内单位数不超过容量", "a room never holds more units than its capacity"),
    "rule.category-order": ("类别按顺序对接（如部门先于镇办）", "categories meet in order (e.g. 部门 before 镇办)"),
    "rule.unavailable": ("不在单位不能参加的时间安排", "no meeting when a unit cannot come"),
    "rule.pinned": ("固定时间的单位按固定时间对接", "a pinned unit meets at its pinned time"),
    "rule.linked": (
        "紧随单位在前一单位之后紧接对接（同一天）",
        "a linked unit meets right after its predecessor, same day",
    ),
    # -- violations found by the checker
    "check.missing": ("{unit} 没有安排对接时间", "{unit} has no meeting time"),
    "check.twice": ("{unit} 被安排了 {count} 次：{times}", "{unit} is listed {count} times: {times}"),
    "check.outside": (
        "{unit} 安排在 {time}，不在对接时间内（{window}）",
        "{unit} is at {time}, outside the meeting days and hours ({window})",
    ),
    "check.shared": (
        "{units} 同在 {time} 于 {room} 对接，但不属于同一并行组",
        "{units} share {room} at {time} but are not in one parallel group",
    ),
    "check.over_capacity": (
        "{time} {room} 安排了 {units}，超过容量 {capacity}",
        "{units} are all in {room} at {time}, over its capacity of {capacity}",
    ),
    "check.no_seating": (
        "{time} 的 {units} 无法分进 {rooms} 个房间",
        "{units} at {time} cannot be seated in the {rooms} rooms",
    ),
    "check.order_early": (
        "{unit}（{category}）安排在 {time}，不晚于 {count} 个应先对接的单位"
        "（最晚一个：{other}（{other_category}），{other_time}）",
        "{unit} ({category}) is at {time}, not after {count} unit(s) that must come first "
        "(the latest: {other} ({other_category}) at {other_time})",
    ),
    "check.order_late": (
        "{unit}（{category}）安排在 {time}，不早于 {count} 个应后对接的单位"
        "（最早一个：{other}（{other_category}），{other_time}）",
        "{unit} ({category}) is at {time}, not before {count} unit(s) that must come later "
        "(the earliest: {other} ({other_category}) at {other_time})",
    ),
    "check.unavailable": ("{unit} 安排在 {time}，但该时间不能参加", "{unit} is at {time}, when it cannot come"),
    "check.pinned": ("{unit} 安排在 {time}，但固定在 {pinned}", "{unit} is at {time} but is pinned to {pinned}"),
    "check.linked": (
        "{then} 应紧接 {first}（{first_time}）之后对接，实际在 {then_time}",
        "{then} must follow {first} ({first_time}) directly, but is at {then_time}",
    ),
    # -- explanations of rule instances
    "explain.category-order.first": (
        "{unit} 是{category}，须排在所有{before}之前",
        "{unit} is a {category}: it must meet before every {before}",
    ),
    "explain.category-order.middle": (
        "{unit} 是{category}，须排在所有{after}之后、所有{before}之前",
        "{unit} is a {category}: it must meet after every {after} and before every {before}",
    ),
    "explain.category-order.last": (
        "{unit} 是{category}，须排在所有{after}之后",
        "{unit} is a {category}: it must meet after every {after}",
    ),
    "explain.unavailable": ("{unit} 不能参加：{times}", "{unit} cannot come at {times}"),
    "explain.pinned": ("{unit} 固定在 {time}", "{unit} is pinned to {time}"),
    "explain.linked": (
        "{then} 须紧接 {first} 之后对接（同一天）",
        "{then} must meet directly after {first}, the same day",
    ),
    "infeasible.header": (
        "没有满足全部规则的时间表：以下规则不能同时满足",
        "No timetable satisfies the rules: these cannot all hold together",
    ),
    "infeasible.too_many": (
        "{units} 个单位至少需要 {needed} 个时段，但只有 {slots} 个时段 × {rooms} 个房间",
        "{units} units need at least {needed} slots, but there are only {slots} slots x {rooms} room(s)",
    ),
    "infeasible.not_minimal": (
        "（求解超时，上述规则可能不是最小冲突集）",
        "(the solver ran out of time: this set may not be minimal)",
    ),
}
