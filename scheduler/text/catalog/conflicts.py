"""Messages: When nothing fits: the conflict's frame (each rule's own sentences sit in its file)."""

ENTRIES: dict[str, tuple[str, str]] = {
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
    "why.header": ("没有满足全部规则的时间表。原因：", "No timetable satisfies the rules, because:"),
    "why.list": (
        "以下规则不能同时满足，缺一条就不再冲突（要排出时间表，至少须放宽其中一条）：",
        "These rules cannot all hold; without any one of them the rest could"
        " (for a timetable, at least one must give way):",
    ),
    "why.list_not_minimal": (
        "不能同时满足的规则（求解超时，可能还能再少）：",
        "The rules that cannot all hold (the solver ran out of time: the list may not be the smallest):",
    ),
    "why.unproven_header": (
        "时限内没有找到时间表，也未能证明不存在。以下规则可能是原因：",
        "No timetable was found in the time limit, and none was proven impossible. These rules may be why:",
    ),
    "why.list_unproven": (
        "可能不能同时满足的规则（时限内未能证明）：",
        "The rules that may not all hold (not proven in the time limit):",
    ),
    "why.none": ("有满足全部规则的时间表，没有冲突", "A timetable satisfies every rule: there is no conflict"),
    "fact.and": ("，且", ", and "),
    "why.facts": ("{unit} {facts}", "{unit} {facts}"),
    "why.which": ("，而 {unit} {facts}", ", which {facts}"),
    "why.also": ("；{unit} {facts}", "; {unit} {facts}"),
    "why.rooms": (
        "同一时段只有 {rooms} 个房间（{capacity}），且只有同一并行组的单位可以同时对接",
        "At any one time there are only {rooms} room(s) ({capacity}), shared only by units of one parallel group",
    ),
    "why.room_capacity": ("{room} 容纳 {capacity} 个单位", "{room} holds {capacity}"),
}
