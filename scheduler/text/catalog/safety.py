"""Messages: Nothing lost, nothing sent by mistake: consent to cancel, the send flow's plan and doubts,
folders and files that cannot be written, rebuilt state."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- cancellations need consent (issue 13, item 1)
    "safety.cancel_export": (
        "将取消 {count} 个单位的邀请（现有邀请 {live} 个，未经确认最多取消 {limit} 个）：{units}。"
        "表格是否丢了行？确认要取消请加 {option}",
        "this would cancel the invites of {count} units (of {live}; at most {limit} without consent): {units}. "
        "Did the table lose rows? To cancel them, add {option}",
    ),
    "safety.cancel_mail": (
        "将寄出 {count} 封取消通知（已发出邀请的单位 {live} 个，未经确认最多 {limit} 封）：{units}。"
        "确认要寄出请加 {option}",
        "this would mail {count} cancellations (of {live} units mailed; at most {limit} without consent): "
        "{units}. To mail them, add {option}",
    ),
    "safety.no_units": (
        "表中只有表头，没有任何单位（是否保存了筛选后的表格？）",
        "the table has a header but no rows (saved while filtered?)",
    ),
    "safety.and_more": ("{units} 等（另有 {more} 个）", "{units} and {more} more"),
    # -- the send flow (issue 13, items 1, 3, 4)
    "safety.planned": (
        "将发送 {count} 封邮件，其中取消通知 {cancels} 封",
        "{count} message(s) to send, {cancels} of them cancellations",
    ),
    "safety.planned_cancels": ("取消通知寄给：{units}", "cancellations go to: {units}"),
    "safety.interrupted": (
        "发送被中断：发送日志已记下正在发送的邮件；重新运行同一命令继续",
        "sending interrupted: the journal records the message in flight; run the same command again to go on",
    ),
    "safety.unconfirmed": (
        "{count} 封邮件无法确认是否送达（服务器可能已收到）：{units}；下次运行会重发并注明",
        "{count} message(s) may have arrived although it could not be confirmed: {units}; "
        "the next run sends them again and says so",
    ),
    "mail.journal_is_folder": ("这是一个文件夹，不是发送日志文件", "it is a folder, not a journal file"),
    "safety.not_a_folder": ("这是一个文件，不是文件夹", "it is a file, not a folder"),
    "safety.cannot_write": ("无法在此创建或写入文件夹", "cannot create or write a folder here"),
}
