"""Messages: File formats in and out: encodings, workbooks, output formats."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- file formats in and out (issue 7): encodings, workbooks, output formats
    "input.binary": (
        "不是文本表格（含有 NUL 字节）：请用 CSV 或 .xlsx",
        "not a text table (it holds NUL bytes): use CSV or .xlsx",
    ),
    "input.broken_utf8": (
        "这一行不是有效的 UTF-8，而文件其余部分是 UTF-8（混入了 GBK 文本？请整个文件另存为 UTF-8）",
        "this line is not valid UTF-8 though the rest of the file is (GBK text pasted in? save it all as UTF-8)",
    ),
    "input.mixed_encoding": (
        "文件是 GBK 编码，但这一行是 UTF-8（请整个文件另存为同一种编码）",
        "the file is GBK but this line is UTF-8 (save the whole file in one encoding)",
    ),
    "input.csv": ("CSV 格式错误：{reason}", "not valid CSV: {reason}"),
    "input.unwritable": (
        "含有不可见字符 {code}，Word、Excel 和网页文件都无法保存它：请删去这个字符",
        "holds the invisible character {code}, which Word, Excel and web pages cannot hold: delete it",
    ),
    "input.error_value": (
        "单元格是 Excel 的错误值 {value}：公式出错（如 VLOOKUP 没有找到），不是数据；请改正公式或直接填入值",
        "the cell holds Excel's error value {value}: a formula failed (a VLOOKUP that found nothing, say), which"
        " is no data; correct the formula or type the value",
    ),
    "input.xls": (
        "旧版 Excel 文件（.xls）无法读取：请在 Excel 中另存为 .xlsx 或 CSV",
        "old Excel files (.xls) cannot be read: save it as .xlsx or CSV in Excel",
    ),
    "input.is_lock": (
        "这是 Excel、WPS 或 LibreOffice 打开 {table} 时留下的锁文件，不是表格：请改用 {table}",
        "this is the lock file Excel, WPS or LibreOffice leaves while {table} is open, not a table: give {table}",
    ),
    "input.is_lock_by": (
        "这是 Excel、WPS 或 LibreOffice 打开 {table} 时留下的锁文件（{who} 正在编辑），不是表格：请改用 {table}",
        "this is the lock file Excel, WPS or LibreOffice leaves while {table} is open ({who} is editing it),"
        " not a table: give {table}",
    ),
    "input.encrypted": (
        "工作簿设有打开密码，无法读取：请在 Excel 中取消密码（文件 > 信息 > 保护工作簿 > 用密码进行加密，清空）后保存，"
        "或另存为 CSV",
        "the workbook has an open password and cannot be read: remove it in Excel (File > Info > Protect Workbook"
        " > Encrypt with Password, clear it) and save, or save it as CSV",
    ),
    "input.et": (
        "WPS 表格文件（.et）无法读取：请在 WPS 或 Excel 中另存为 .xlsx 或 CSV",
        "WPS spreadsheet files (.et) cannot be read: save it as .xlsx or CSV in WPS or Excel",
    ),
    "input.not_xlsx": (
        "不是有效的 Excel 工作簿（.xlsx）：{reason}；请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 或 CSV",
        "not a valid Excel workbook (.xlsx): {reason}; save it as .xlsx or CSV (Save As in Excel, WPS or LibreOffice)",
    ),
    "input.why_truncated": (
        "文件不完整或已损坏（复制或下载没有完成？）",
        "the file is incomplete or damaged (a copy or download cut short?)",
    ),
    "input.why_ods": (
        "这是 OpenDocument 表格（.ods，LibreOffice、WPS 的格式）",
        "it is an OpenDocument spreadsheet (.ods, as LibreOffice and WPS save)",
    ),
    "input.why_zip": ("这是 ZIP 压缩包，里面没有 Excel 工作簿", "it is a ZIP archive with no Excel workbook inside"),
    "input.why_damaged": ("工作簿的内容已损坏", "the workbook's contents are damaged"),
    "input.many_tables": (
        "有 {count} 个工作表都是{kind}（{sheets}）：只会读其中一张，"
        "请用 --sheet 指定要读的工作表，或把它们合并为一张表",
        "{count} sheets hold {kind} ({sheets}): only one would be read; name it with --sheet NAME, "
        "or merge them into one sheet",
    ),
    "input.many_tables_merge": (
        "有 {count} 个工作表都是{kind}（{sheets}）：只会读其中一张，请把它们合并为一张表，或删除（或隐藏）不用的那张",
        "{count} sheets hold {kind} ({sheets}): only one would be read; merge them into one sheet, or delete (or "
        "hide) the one not to be read",
    ),
    "input.kind.单位": ("单位表", "unit tables"),
    "input.kind.会议": ("会议表", "meeting tables"),
    "input.kind.姓名": ("人员表", "people sheets"),
    "input.kind.邮箱": ("通讯录", "contacts tables"),
    "copies.sheets": (
        "工作表“{twin}”中的时间表与这张不同（{diff}）：请用 --sheet {twin} 或 --sheet {sheet} 说明以哪张为准{then}",
        "sheet {twin} holds a different timetable ({diff}): say which one counts with --sheet {twin} or "
        "--sheet {sheet}{then}",
    ),
    "copies.then.out_sheet": ("（--out 会按它重写另一张）", " (--out then rewrites the other from it)"),
    "copies.then.send_sheet": ("（寄出后会按它重写另一张）", " (after mailing, the other is rewritten from it)"),
    "copies.beside": (
        "{other}（比这份晚保存）中的时间表与这份不同（{diff}）：在 Excel 里改过它的话，请改用 {run}；"
        "以这份为准请加 --allow-differing-copy{then}",
        "{other} (saved after this file) holds a different timetable ({diff}): if it was edited in Excel, use "
        "{run} instead; "
        "if this file is the one that counts, add --allow-differing-copy{then}",
    ),
    "copies.then.out": ("（--out 会覆盖 {file}）", " (--out then overwrites {file})"),
    "copies.then.send": ("（寄出后会按它重写 {file}）", " (after mailing, {file} is rewritten from it)"),
    "copies.invited": (
        "{said}；邀请文件夹（invites/state.json，send 寄出的就是它们）与这一份相同：{copy}",
        "{said}; the invites (invites/state.json, what send mails) match this copy: {copy}",
    ),
    "copies.brought_in_step": (
        "{copies} 中仍是邀请寄出前的时间表：已按 {path}（刚寄出的这份）重写",
        "{copies} still held the timetable before these invites: rewritten from {path} (the copy just mailed)",
    ),
    "copies.book_with_sheet": ("{path}（含工作表“{sheet}”）", "{path} (and its sheet {sheet})"),
    "copies.overwrite": (
        "{other} 中的时间表与这份不同（{diff}；在 Excel 里改过？）：--out 会把两份都覆盖；"
        "确要覆盖请加 --allow-differing-copy",
        "{other} holds a different timetable ({diff}; edited in Excel?): --out would overwrite both; "
        "add --allow-differing-copy if that is what you want",
    ),
    "copies.run_sheet": ("{path} --sheet {sheet}", "{path} --sheet {sheet}"),
    "copies.sheet_of": ("{path} 的工作表“{sheet}”", "sheet {sheet} of {path}"),
    "copies.diff": ("{name}：这里 {here}，那里 {there}", "{name}: {here} here, {there} there"),
    "copies.diff_more": ("{first}；共 {count} 处不同", "{first}; {count} {count|difference|differences} in all"),
    "copies.absent": ("没有这一项", "absent"),
    "copies.no_time": ("没有时间", "no time"),
    "input.no_sheet": ("没有工作表“{sheet}”（有：{known}）", "there is no sheet '{sheet}' (sheets: {known})"),
    "input.sheet_ambiguous": (
        "有几个工作表都可以是“{sheet}”（{known}），只差大小写、全角半角或空格：请照原样写出要读的那一个，或写它的序号",
        "several sheets could be '{sheet}' ({known}), differing only in case, width or spaces: write the one to"
        " read exactly as it is spelt, or its number",
    ),
    "input.empty_sheet": ("工作表“{sheet}”是空的", "sheet '{sheet}' is empty"),
    "input.sheet_not_xlsx": (
        "{name} 只适用于 .xlsx 工作簿，这个文件是文本表格",
        "{name} applies only to .xlsx workbooks; this file is a text table",
    ),
    "input.merged_time_lost": (
        "时间为空，而上一行同一并行组的单位有时间（合并的单元格另存为 CSV 后只有第一行有值）："
        "请填上与上一行相同的时间，或直接使用 .xlsx 工作簿；新加的单位请放在表格最后",
        "the time is empty while the unit above, of the same parallel group, has one (a merged cell saved as"
        " CSV keeps its value in its first row only): fill in the time of the row above, or use the .xlsx"
        " workbook itself; put a newly added unit at the end of the table",
    ),
    "input.time_fraction": (
        "“{value}”是 Excel 的时间值（即 {clock}），单元格格式是“常规”："
        "请把这一列设为时间格式（如 h:mm），或直接写 {clock}",
        "'{value}' is an Excel time value (that is {clock}) in a cell formatted General: format the column as a"
        " time (such as h:mm), or write {clock}",
    ),
    "input.date_emptied": (
        "日期为空，而这一列别的行有日期（合并的单元格另存为 CSV 后只有第一行有值）：请填上日期，或直接使用 .xlsx 文件",
        "the date is empty while other rows of this column have one (a merged cell saved as CSV keeps its value"
        " in its first row only): fill in the date, or use the .xlsx file itself",
    ),
    "input.hidden_date": (
        "单元格里的日期是 {held}（Excel 的显示格式可能隐藏了它），与“日期”列的 {shown} 不同：请只填时间，或改正日期",
        "the cell holds the day {held} (an Excel number format may hide it), not the date column's {shown}:"
        " write only the time of day, or correct the date",
    ),
    "input.merged_header": (
        "表头单元格 {cells} 是合并单元格：请取消合并，每列一个表头",
        "header cells {cells} are merged: unmerge them, one header per column",
    ),
    "input.formula_cell": (
        "单元格 {cell} 的公式没有保存的计算结果：请在 Excel 中打开并保存后再用",
        "the formula in cell {cell} has no saved result: open and save the workbook in Excel first",
    ),
    "input.formula": (
        "公式没有保存的计算结果：请在 Excel 中打开并保存后再用",
        "a formula without a saved result: open and save the workbook in Excel first",
    ),
    # -- a file that is not a table, named for what it is (validate timetable.docx...)
    "input.is_docx": (
        "这是 Word 文档（如 solve 写出的 timetable.docx，供打印和发布），不是表格：{hint}",
        "this is a Word document (such as the timetable.docx solve writes, for printing), not a table: {hint}",
    ),
    "input.is_html": (
        "这是网页（如 solve 写出的 timetable.html，供查看和打印），不是表格：{hint}",
        "this is a web page (such as the timetable.html solve writes, to look at), not a table: {hint}",
    ),
    "input.is_toml": (
        "这是规则文件（TOML），不是表格：{hint}；与表格同名的规则文件会自动读取",
        "this is a rules file (TOML), not a table: {hint}; the rules file of the same name is read with it",
    ),
    "input.is_ics": (
        "这是日历邀请（.ics），不是表格：{hint}",
        "this is a calendar invite (.ics), not a table: {hint}",
    ),
    "input.is_pdf": (
        "这是 PDF 文件，不是表格：表格须是 .csv 或 .xlsx 文件（可把通知附件的表格复制到 Excel 后另存）",
        "this is a PDF file, not a table: tables are read from .csv or .xlsx files "
        "(copy the annex's table into Excel and save it)",
    ),
    "input.use_instead": ("请改用 {path}", "use {path} instead"),
    "input.give_table": (
        "表格须是 .csv 或 .xlsx 文件（单位表或会议表）",
        "tables are read from .csv or .xlsx files (a unit table or a meeting table)",
    ),
    "output.unknown_format": (
        "未知的输出格式“{value}”（可选：{known}）",
        "unknown output format '{value}' (choose: {known})",
    ),
    "output.not_encodable": (
        "“{unit}”中的字符“{char}”无法用 {encoding} 编码写出：请改用 --encoding utf-8（或 gb18030）",
        "the character '{char}' in '{unit}' cannot be written in {encoding}: use --encoding utf-8 (or gb18030)",
    ),
    "output.format_without_out": ("需要和 --out 一起用", "needs --out (the folder to write to)"),
    "output.title": ("对接计划表", "Meeting timetable"),
    "output.annex": ("附件", "Annex"),
    "output.issued": ("{year}年{month}月{day}日", "{year}年{month}月{day}日"),
    "output.page_footer": ("第 {page} 页 共 {pages} 页", "Page {page} of {pages}"),
    "output.time_header": ("时间", "Time"),
    "output.until": ("至 {end}", "to {end}"),
    "output.unit_count": ("共 {count} 个单位", "{count} {count|unit|units}"),
    "output.unscheduled": ("未安排时间：{names}", "Not scheduled: {names}"),
    "output.legend_item": ("{name}（{count} 个）", "{name} ({count})"),
    "output.legend": ("图例", "Legend"),
    "output.uncategorized": ("未分类", "no category"),
    "output.room": ("地点：{rooms}", "Place: {rooms}"),
    "output.days": ("对接日期：{days}", "Days: {days}"),
    "output.made_by": ("由 docking-scheduler 生成", "Made by docking-scheduler"),
    # a meeting timetable's printed files (meeting_html, meeting_docx, meeting_xlsx), in the table's language
    "output.m.title": ("会议安排表", "Meeting timetable"),
    "output.m.sheet": ("会议安排", "Timetable"),
    "output.sheet": ("对接计划表", "Timetable"),
    "output.m.notes": ("备注：", "Notes:"),
    "output.m.note_line": ("{title}（{when}）：{note}", "{title} ({when}): {note}"),
    "output.m.not_placed": ("未安排", "not scheduled"),
    "output.m.count": ("共 {count} 个会议", "{count} {count|meeting|meetings}"),
    "output.m.days": ("日期：{days}", "Days: {days}"),
    "output.m.hours": ("工作时间：{periods}", "Working hours: {periods}"),
    "output.m.unused": ("未使用：{rooms}", "Not used: {rooms}"),
    "output.m.series": ("系列", "Series"),
    "output.m.series_item": ("系列 {name}（{count} 个）", "Series {name} ({count})"),
    "output.m.room_seats": ("{seats} 座 · {count} 个会议", "{seats} seats · {count} {count|meeting|meetings}"),
    "output.m.room_count": ("{count} 个会议", "{count} {count|meeting|meetings}"),
    "output.m.room_heading": ("{room}（{seats} 座）", "{room} ({seats} seats)"),
    "output.m.unplaced": ("未安排时间或会议室：{names}", "No time or room: {names}"),
    "output.m.made_by": ("docking-scheduler 生成 · {date}", "Made by docking-scheduler · {date}"),
    "output.m.full_lists": ("参会人员全名单与备注", "Full participant lists and notes"),
    "output.m.when_length": ("{when}（{length}）", "{when} ({length})"),
    "output.m.line": ("{title}（{day} {when}）", "{title} ({day} {when})"),
    "output.m.line_said": ("{line}：{said}", "{line}: {said}"),
    "output.m.note": ("备注：{note}", "Note: {note}"),
    "output.m.optional": ("；可选：{names}", " (optional: {names})"),
    "output.m.in_all": ("等 {count} 人", " … ({count} in all)"),
    "output.m.cut": ("…等 {count} 人", "… ({count} in all)"),
    "output.m.day_head": ("{day} {weekday}", "{weekday}, {day}"),
    # the adjustment notice after reschedule (export/notice.py), in the table's language
    "notice.heading": ("关于调整《{title}》部分单位对接时间的通知", "Changes to the timetable: {title}"),
    "notice.heading_untitled": ("关于调整部分单位对接时间的通知", "Changes to the timetable"),
    "notice.salutation": ("各有关单位：", "To the units concerned:"),
    "notice.none": ("经核对，本次调整没有单位的对接时间发生变化。", "No unit's meeting time has changed."),
    "notice.none_after": ("原对接安排不变。", "The timetable stands as it was."),
    "notice.before": (
        "因工作安排调整，现将 {count} 个单位的对接时间调整如下{ordered}：",
        "The meeting times of {count} {count|unit|units} have changed as follows{ordered}:",
    ),
    "notice.ordered": (
        "（其中 {count} 个单位是因各类别须按 {order} 的顺序对接而随之调整）",
        " ({count} of them moved only because the categories meet in the order {order})",
    ),
    "notice.after": (
        "其他单位的对接时间和地点不变。请以上单位按调整后的时间准时参加对接{withdrawn}。",
        "All other units keep their times and places. The units above are asked to come at their new times{withdrawn}.",
    ),
    "notice.withdrawn": ("；标为“取消”的单位不再参加对接", "; a unit marked 'cancelled' no longer comes"),
    "notice.added": ("（新增）", "(added)"),
    "notice.cancelled": ("取消", "cancelled"),
    "notice.col.序号": ("序号", "No."),
    "notice.col.单位": ("单位", "Unit"),
    "notice.col.原定时间": ("原定时间", "Was"),
    "notice.col.调整后时间": ("调整后时间", "Now"),
    "notice.col.地点": ("地点", "Room"),
    "notice.sheet": ("调整通知", "Changes"),
}
