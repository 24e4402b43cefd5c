"""Messages: Nothing lost, nothing sent by mistake: consent to cancel, the send flow's plan and doubts,
folders and files that cannot be written, rebuilt state."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- cancellations need consent (issue 13, item 1)
    "safety.cancel_export": (
        "将取消 {count} 个单位的邀请（现有邀请 {live} 个，未经确认最多取消 {limit} 个）：{units}。"
        "{why}确认要取消请{consent}",
        "this would cancel the invites of {count} units (of {live}; at most {limit} without consent): {units}. "
        "{why}To cancel them, {consent}",
    ),
    "safety.cancel_mail": (
        "将给 {count} 个单位寄出取消通知（已发出邀请的单位 {live} 个，未经确认最多 {limit} 个）：{units}。"
        "确认要寄出请{consent}",
        "this would mail cancellations to {count} units (of {live} units mailed; at most {limit} without "
        "consent): {units}. To mail them, {consent}",
    ),
    "safety.cancel_export.people": (
        "将取消 {count} 份参会邀请（现有参会邀请 {live} 份，未经确认最多取消 {limit} 份）：{units}。"
        "{why}确认要取消请{consent}",
        "this would cancel {count} participants' invites (of {live}; at most {limit} without consent): {units}. "
        "{why}To cancel them, {consent}",
    ),
    "safety.lost_rows": ("表格是否丢了行？", "Did the table lose rows? "),
    "safety.renamed": (
        "看起来是会议改了名称（{renames}：时间、会议室和参会人员都没变）：会议名称是日历认这个会议的依据，"
        "改名后参会人员会收到旧名称的取消通知和新名称的邀请，原来的答复作废；不想这样就把名称改回去。{rest}",
        "this looks like a meeting renamed ({renames}: the same time, room and participants): a meeting's title "
        "is how calendars know it, so after a rename its participants get a cancellation of the old title and "
        "an invitation under the new one, and their answers are reset; to avoid that, change the title back. "
        "{rest}",
    ),
    "safety.renamed_people": (
        "看起来是会议改了名称（{renames}：参会人员都没变）：会议名称是日历认这个会议的依据，"
        "改名后参会人员会收到旧名称的取消通知和新名称的邀请，原来的答复作废；不想这样就把名称改回去。{rest}",
        "this looks like a meeting renamed ({renames}: the same participants): a meeting's title is how "
        "calendars know it, so after a rename its participants get a cancellation of the old title and an "
        "invitation under the new one, and their answers are reset; to avoid that, change the title back. {rest}",
    ),
    "safety.renamed_pair": ("{old} → {new}", "{old} → {new}"),
    "safety.cancel_mail.people": (
        "将寄出 {count} 封取消通知（已发出的参会邀请 {live} 份，未经确认最多 {limit} 封）：{units}。"
        "确认要寄出请{consent}",
        "this would mail {count} cancellations (of {live} participants' invites mailed; at most {limit} "
        "without consent): {units}. To mail them, {consent}",
    ),
    "safety.folder_busy": (
        "另一个程序正在写这个文件夹（{holder}）：本次什么都没有写；请等它结束后再试。"
        "它还在运行时不要删除 .docking.lock（它告诉别人是谁在写；在某些网络盘上删了它，两个程序会同时写这个文件夹）",
        "another program is writing into this folder ({holder}): nothing was written; wait for it to finish "
        "and try again. Do not delete .docking.lock while it runs (it tells others who is writing; on some network"
        " drives two programs would then write the folder at once)",
    ),
    "safety.holder": (
        "{user} 在 {host} 上 {since} 开始的“{what}”，{process}",
        "'{what}' started by {user} on {host} at {since}, {process}",
    ),
    "safety.holder_deleted": (
        "不知是谁：它的 .docking.lock 已被删除，但它仍占用着这个文件夹",
        "unknown: its .docking.lock was deleted, but it still holds the folder",
    ),
    "safety.process": ("进程 {pid}", "process {pid}"),
    "safety.remote_process": ("{host} 上的进程 {pid}", "process {pid} on {host}"),
    "safety.what.serve": ("网页修改", "a change on the web page"),
    "safety.what.serve_send": ("网页发送", "the web page's Send"),
    "safety.add_option": ("加 {option}", "add {option}"),
    "safety.no_units": (
        "表中只有表头，没有任何单位（是否保存了筛选后的表格？）",
        "the table has a header but no rows (saved while filtered?)",
    ),
    "safety.and_more": ("{units} 等（另有 {more} 个）", "{units} and {more} more"),
    # -- the send flow (issue 13, items 1, 3, 4)
    "safety.planned": (
        "将发送 {count} 封邮件，其中取消通知 {cancels} 封",
        "{count} {count|message|messages} to send, {cancels} of them cancellations",
    ),
    "safety.planned_cancels": ("取消通知寄给：{units}", "cancellations go to: {units}"),
    # where the interruption came (scheduler.mail.flow.Outcomes._interruption; the page's: web.mail.interrupted*)
    "safety.interrupted": (
        "发送被中断：中断时没有正在发送的邮件（在两封之间）；重新运行同一命令继续",
        "sending interrupted between two messages (none was in flight); run the same command again to go on",
    ),
    "safety.interrupted_finished": (
        "发送被中断：正在发送的那封已发完，服务器的答复已记入发送日志；重新运行同一命令发送其余的",
        "sending interrupted: the message in flight was finished first and the server's answer recorded in "
        "the journal; run the same command again to send the rest",
    ),
    "safety.interrupted_cut": (
        "发送被中断：正在发送的邮件在内容送出前被切断（不会送达），发送日志已记下；重新运行同一命令继续",
        "sending interrupted: the message in flight was cut off before its content went out (it has not "
        "arrived), as the journal records; run the same command again to go on",
    ),
    "safety.interrupted_cut_out": (
        "发送被中断：正在发送的邮件在内容送出后被切断，发送日志已记下它可能已送达；重新运行同一命令继续",
        "sending interrupted: the message in flight was cut off after its content had gone out, and the "
        "journal records that it may have arrived; run the same command again to go on",
    ),
    "safety.unconfirmed": (
        "{count} 封邮件无法确认是否送达（服务器可能已收到）：{units}；下次运行会重发并注明",
        "{count} {count|message|messages} may have arrived although it could not be confirmed: {units}; "
        "the next run sends them again and says so",
    ),
    "mail.journal_is_folder": ("这是一个文件夹，不是发送日志文件", "it is a folder, not a journal file"),
    "safety.not_a_folder": ("这是一个文件，不是文件夹", "it is a file, not a folder"),
    "safety.cannot_write": ("无法在此创建或写入文件夹", "cannot create or write a folder here"),
    "safety.lock_unopenable": (
        "无法打开这个锁文件（属于用户 {owner}，可能是其被中断的运行留下的）："
        "若没有别的程序在写这个文件夹，删除它后再试",
        "this lock file cannot be opened (it belongs to user {owner}: left by a run of theirs that was "
        "interrupted?): if no other program is writing into the folder, delete it and try again",
    ),
    # -- the program's own files and folders, never a link or another user's (QA qasec23 F1, F2, F5)
    "safety.own_link": (
        "这里应是本程序自己的文件，却是一个链接：已拒绝（跟着它写会改掉别处的文件）；确认不是你建的后删除它再试",
        "this should be the program's own file but is a link: refused (writing through it would change "
        "a file elsewhere); make sure it is not yours, delete it and try again",
    ),
    "safety.own_not_plain": (
        "这里应是本程序自己的普通文件，却是别的东西（文件夹、设备或管道）：已拒绝；把它移到别处后再试",
        "this should be a plain file of the program's own but is something else (a folder, a device or a "
        "pipe): refused; move it elsewhere and try again",
    ),
    "safety.own_other_user": (
        "这个文件属于用户 {owner}，不是运行本程序的用户（{me}）的：已拒绝（写进去的内容对方能读能改）。"
        "若是你自己用 sudo 运行留下的，用 sudo chown {me} {name} 收回后再试；否则请问 {owner}，"
        "或确认对方没有在运行本程序后删除它再试",
        "this file belongs to user {owner}, not to {me} who runs the program: refused (they could read and "
        "change what is written into it). Left by a run of yours with sudo? Take it back with sudo chown {me} "
        "{name} and try again; else ask {owner}, or make sure no command of theirs is running, delete it and "
        "try again",
    ),
    "safety.own_other_record": (
        "这个文件属于{who}，不是运行本程序的用户（{me}）的：已拒绝（写进去的内容对方能读能改）；"
        "不要删除它（它记着已做过的事，删了发送日志会把邀请全部重发）。{ways}",
        "this file belongs to {who}, not to {me} who runs the program: refused (they could read and "
        "change what is written into it); do not delete it (it records what was done: without the mail "
        "journal every invite is mailed again). {ways}",
    ),
    "safety.user": ("用户 {owner}", "user {owner}"),
    "safety.administrator": ("管理员（root）", "the administrator (root)"),
    # the ways back for another user's record (QA qahand24 F2): a copy only when it can be read; never
    # "let root run it" (a run with sudo is what left root's record, and would leave it again)
    "safety.record_ways": (
        "若是你自己用 sudo 运行留下的，用 sudo chown {me} {name} 收回后再试；否则请 {owner} 来运行，"
        "或在文件夹是复制或解压来的时候，确认内容无误后复制一份成为你自己的"
        "（cp {name} {new} && chmod 600 {new} && mv {new} {name}）",
        "Left by a run of yours with sudo? Take it back with sudo chown {me} {name} and try again; else "
        "let {owner} run the command, or, if the folder was copied or unpacked, check it and make a copy "
        "your own (cp {name} {new} && chmod 600 {new} && mv {new} {name})",
    ),
    "safety.record_ways_root": (
        "若是你自己用 sudo 运行留下的，或是管理员复制来的，用 sudo chown {me} {name} 收回（或请管理员代办）"
        "后再试；也可以在确认内容无误后复制一份成为你自己的（cp {name} {new} && chmod 600 {new} && mv {new} {name}）",
        "Left by a run of yours with sudo, or copied by the administrator? Take it back with sudo chown "
        "{me} {name} (or ask the administrator to) and try again; or check it and make a copy your own "
        "(cp {name} {new} && chmod 600 {new} && mv {new} {name})",
    ),
    "safety.record_ways_closed": (
        "你读不了它（权限 {mode}），也就无法复制：请 {owner} 来运行，或请管理员把它交给你"
        "（sudo chown {me} {name}）后再试",
        "You cannot read it (mode {mode}), so cannot copy it either: let {owner} run the command, or ask "
        "the administrator to make it yours (sudo chown {me} {name}) and try again",
    ),
    "safety.record_ways_closed_root": (
        "你读不了它（权限 {mode}）：若是你自己用 sudo 运行留下的，用 sudo chown {me} {name} 收回后再试；"
        "否则请管理员这样把它交给你",
        "You cannot read it (mode {mode}): left by a run of yours with sudo? Take it back with sudo chown "
        "{me} {name} and try again; else ask the administrator to make it yours so",
    ),
    # -- a folder or file handed over still closed to the one it was handed to (QA qahand24 F1)
    "safety.closed_folder": (
        "这个文件夹进不去（权限 {mode}）：{why}",
        "this folder cannot be entered (mode {mode}): {why}",
    ),
    "safety.closed_write": (
        "这个文件夹写不了（权限 {mode}）：{why}",
        "this folder cannot be written (mode {mode}): {why}",
    ),
    "safety.closed_link": (
        "这是指向 {target} 的链接，那个文件夹属于用户 {owner}（权限 {mode}），你用不了"
        "（复制或交接来的文件夹里的链接仍指向原来的地方）：把链接换成那个文件夹的副本或指向你自己文件夹的链接后再试，"
        "或请 {owner} 来运行",
        "this is a link to {target}, a folder of user {owner}'s (mode {mode}) you cannot use (a link in a "
        "folder copied or handed over still points where it did): replace the link by a copy of that folder, "
        "or a link to a folder of your own, and try again, or let {owner} run the command",
    ),
    "safety.closed_file": (
        "这个文件读不了（权限 {mode}）：{why}",
        "this file cannot be read (mode {mode}): {why}",
    ),
    "safety.closed_other": (
        "它属于用户 {owner}，不是运行本程序的用户（{me}）的（复制或交接来的文件夹保留了原主人）；"
        "请管理员把它交给你（sudo chown {chown}）后再试，或请 {owner} 来运行",
        "it belongs to user {owner}, not to {me} who runs the program (a folder copied or handed over kept "
        "its owner); ask the administrator to make it yours (sudo chown {chown}) and try again, or let "
        "{owner} run the command",
    ),
    "safety.closed_other_write": (
        "它属于用户 {owner}，不是运行本程序的用户（{me}）的：换一个你自己的文件夹，或请 {owner} 来运行"
        "（交接给你的文件夹：请管理员把它交给你）",
        "it belongs to user {owner}, not to {me} who runs the program: choose a folder of your own, or let "
        "{owner} run the command (a folder handed over to you: ask the administrator to make it yours)",
    ),
    "safety.closed_root": (
        "它属于管理员（root），不是运行本程序的用户（{me}）的（管理员复制来的文件夹？）；"
        "请管理员把它交给你（sudo chown {chown}）后再试",
        "it belongs to the administrator (root), not to {me} who runs the program (a folder the "
        "administrator copied?); ask the administrator to make it yours (sudo chown {chown}) and try again",
    ),
    "safety.secret_not_ours": (
        "这个密钥文件属于用户 {owner}（权限 {mode}），不是只属于运行本程序的用户（{me}）的：已拒绝"
        "（别人能读能改它，就能算出各单位的订阅地址）。请管理员把它交给你（sudo chown {me} {name}，"
        "再 chmod 600 {name}）后再试，或请 {owner} 来运行；删除它会换掉所有单位的订阅地址（旧地址失效）",
        "this key file belongs to user {owner} (mode {mode}), not to {me} who runs the program alone: refused "
        "(whoever can read or change it can compute every unit's feed address). Ask the administrator to make "
        "it yours (sudo chown {me} {name}, then chmod 600 {name}) and try again, or let {owner} run it; "
        "deleting it changes every unit's feed address (the old ones stop working)",
    ),
    "safety.own_hard_link": (
        "这个文件另有硬链接（如 cp -al 或 ln 做的备份）：已拒绝（另一个名字下的它也会被改写）；不要删除它："
        "复制一份成为独立的文件（cp {name} {new} && chmod 600 {new} && mv {new} {name}）后再试",
        "this file has another hard link (a backup made with cp -al or ln?): refused (it would be changed "
        "under its other name too); do not delete it: make it a file of its own (cp {name} {new} && "
        "chmod 600 {new} && mv {new} {name}) and try again",
    ),
    "safety.records_too": (
        "{first}；{others} 也是这样，照样处理",
        "{first}; so is {others}: do the same there",
    ),
    "safety.own_open": (
        "其他用户可以改写这个文件（权限 {mode}）：已拒绝；用 chmod 600 收回后再试",
        "other users may write this file (mode {mode}): refused; chmod 600 it and try again",
    ),
    "safety.foreign_link": (
        "这个文件夹是用户 {owner} 建的链接（指向 {target}）：已拒绝；本程序只沿着你自己建的链接写"
        "（交接来的文件夹：把链接换成它所指文件夹的副本，或你自己建的链接）",
        "this folder is a link made by user {owner} (to {target}): refused; the program writes only "
        "through links you made yourself (a folder handed over: replace the link by a copy of the folder "
        "it points to, or a link of your own)",
    ),
    # -- files stay in their folder, names fit (items 5, 7)
    "safety.outside": (
        "文件名“{name}”会写到输出文件夹之外：已拒绝",
        "the file name '{name}' would be written outside the output folder: refused",
    ),
    "safety.bad_name": (
        "文件名“{name}”是文件系统不接受的名字（控制字符、空名或 CON 之类的设备名）：已拒绝",
        "the file name '{name}' is one file systems refuse (a control character, an empty name or a device "
        "name such as CON): refused",
    ),
    "safety.name_too_long": (
        "文件名“{name}”超过 {limit} 字节，文件系统不接受",
        "the file name '{name}' is longer than {limit} bytes, which file systems refuse",
    ),
    # -- a lost or damaged state.json (item 6)
    "safety.rebuilt": (
        "{path} {why}：已根据邀请文件和发送日志重建（SEQUENCE 不会回退）",
        "{path} {why}: rebuilt from the invite files and the mail journal (no SEQUENCE goes back)",
    ),
    "safety.state_missing": ("不存在", "was missing"),
    "safety.state_damaged": ("已损坏", "was damaged"),
    "safety.state_behind": ("落后于邀请文件或已发送的邮件", "was behind the invite files or what was mailed"),
    "safety.cannot_rebuild": (
        "无法据此重建 state.json：{reason}（请从备份恢复 state.json 和邀请文件）",
        "cannot rebuild state.json from this: {reason} (restore state.json and the invite files from a backup)",
    ),
    "safety.not_a_calendar": ("不是本程序写的日历文件", "not a calendar file this program wrote"),
    "safety.not_an_invite": ("不是单个单位的邀请文件", "not one unit's invite"),
    "safety.foreign_invite": (
        "邀请的 UID 不属于活动“{campaign}”的任何单位",
        "its UID belongs to no unit of campaign '{campaign}'",
    ),
    "safety.mailed_copy_missing": (
        "发送日志显示已给“{person}”发过会议邀请，但其邀请文件不见了，无法知道它的 SEQUENCE 和参会人员",
        "the journal says {person} was mailed a meeting's invite, but that copy's file is gone, so its "
        "SEQUENCE and participants are unknown",
    ),
    "safety.mailed_file_missing": (
        "发送日志显示已给“{unit}”发过邀请，但其邀请文件不见了，且该单位已不在表中，无法给它发取消通知",
        "the journal says {unit} was mailed, but its invite file is gone and it is no longer in the table, "
        "so its cancellation cannot be made",
    ),
    # -- bounded work per workbook; the sheet Excel shows (items 8, 10)
    "safety.xlsx_big": (
        "工作簿解压后有 {size}，超过可读取的 {limit}（是否是压缩炸弹？请在 Excel 中另存为新文件）",
        "the workbook decompresses to {size}, more than the {limit} we read (a ZIP bomb? save it again in Excel)",
    ),
    "safety.xlsx_markup": (
        "工作簿的 {part} 中有长达 {size} 的 XML 注释或处理指令（超过 {limit} 字节；Excel 不会这样写）："
        "请在 Excel 中另存为新文件",
        "the workbook's {part} holds an XML comment or processing instruction of {size} (over {limit} bytes; "
        "Excel never writes one): save it again in Excel",
    ),
    "safety.xlsx_cells": (
        "工作表有 {rows} 行 × {columns} 列，超过可读取的 {limit} 个单元格（远处是否有误输入的单元格？）",
        "the sheet spans {rows} rows by {columns} columns, more than the {limit} cells we read "
        "(a stray cell far away?)",
    ),
    "safety.xlsx_slow": ("读取工作簿超过 {seconds} 秒，已停止", "reading the workbook took over {seconds} s: stopped"),
    "safety.no_visible_sheet": (
        "工作簿中所有工作表都被隐藏：请用 --sheet 指定要读的工作表",
        "every sheet of the workbook is hidden: name the one to read with --sheet",
    ),
    "safety.no_visible_sheet_unhide": (
        "工作簿中所有工作表都被隐藏：请在 Excel 中取消隐藏要读的那一张",
        "every sheet of the workbook is hidden: unhide the one to read in Excel",
    ),
    "safety.huge_cell": ("有一个单元格超过 {limit} 个字符", "a cell is longer than {limit} characters"),
}
