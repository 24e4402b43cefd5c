"""Messages: Where an error is, showing results, bad input in files."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- where an input error is
    "duration.minutes": ("{minutes} 分钟", "{minutes} {minutes|minute|minutes}"),
    "duration.hours": ("{hours} 小时", "{hours} {hours|hour|hours}"),
    "duration.hours_minutes": (
        "{hours} 小时 {minutes} 分钟",
        "{hours} {hours|hour|hours} {minutes} {minutes|minute|minutes}",
    ),
    "shift.none": ("时间不变", "same time"),
    "shift.later": ("晚 {length}", "{length} later"),
    "shift.earlier": ("早 {length}", "{length} earlier"),
    "shift.days": ("{days} 天", "{days} {days|day|days}"),
    "shift.days_and": ("{days} 天 {rest}", "{days} {days|day|days} {rest}"),
    "where.row": ("第 {row} 行", "row {row}"),
    "where.frame_row": ("第 {row} 行（索引 {index}）", "row {row} (index {index})"),
    "where.column": ("列“{column}”", "column {column}"),
    "where.line": ("第 {line} 行", "line {line}"),
    "where.option": ("选项 {option}", "option {option}"),
    "where.variable": ("环境变量 {variable}", "environment variable {variable}"),
    "where.key": ("键“{key}”", "key {key}"),
    # -- daylight saving (scheduler.domain.clock)
    "clock.skips": (
        "{time}：{zone} 的时钟跳过这段时间（夏令时开始），不能在此安排会议",
        "{time}: the clock skips this hour in {zone} (daylight saving starts): no meeting can be held then",
    ),
    "clock.repeats": (
        "{time}：{zone} 的时钟把这段时间走两遍（夏令时结束），不能在此安排会议",
        "{time}: the clock repeats this hour in {zone} (daylight saving ends): no meeting can be held then",
    ),
    "clock.end_skips": (
        "{time}：结束时间 {end} 在 {zone} 这一夜不存在（夏令时开始，时钟从 {first} 直接拨到 {last}），不能在此安排会议",
        "{time}: it ends at {end}, which does not exist in {zone} that night (daylight saving starts: the clocks go "
        "from {first} straight to {last}): no meeting can be held then",
    ),
    "clock.end_repeats": (
        "{time}：结束时间 {end} 在 {zone} 这一夜出现两次（夏令时结束，时钟从 {last} 拨回 {first}），不能在此安排会议",
        "{time}: it ends at {end}, which happens twice in {zone} that night (daylight saving ends: the clocks go "
        "back from {last} to {first}): no meeting can be held then",
    ),
    # -- showing results
    "show.no": ("序号", "No."),
    "show.time": ("时间", "Time"),
    "show.unit": ("单位", "Unit"),
    "show.category": ("类别", "Category"),
    "show.group": ("并行组", "Group"),
    "show.room": ("房间", "Room"),
    "room.unnamed": ("会场", "the room"),
    "show.status": ("状态：{status}", "Status: {status}"),
    "show.slots": ("使用时段：{slots} 个；最后一场：{last}", "Slots used: {slots}; last meeting: {last}"),
    "show.moved": ("改了时间的单位：{moved} 个", "Units given another time: {moved}"),
    "show.bound": ("下界 {bound}，当前 {value}", "Lower bound {bound}, found {value}"),
    "show.displacement_bound": (
        "调整合计下界 {bound}，当前 {value}",
        "Total displacement: lower bound {bound}, found {value}",
    ),
    "show.time_taken": ("求解用时：{seconds} 秒", "Solve time: {seconds} s"),
    "show.valid": (
        "时间表满足全部规则（{units} 个单位，{slots} 个时段）",
        "The timetable satisfies every rule ({units} {units|unit|units}, {slots} {slots|slot|slots})",
    ),
    "show.violations": (
        "时间表有 {count} 处违反规则：",
        "The timetable breaks the rules in {count} {count|place|places}:",
    ),
    "show.written": ("已写入：{path}", "Written: {path}"),
    "status.optimal": ("最优（已证明）", "optimal (proven)"),
    "status.feasible": ("时限内找到的最好结果（未证明最优）", "best found in the time limit (not proven optimal)"),
    "status.infeasible": ("无解", "infeasible"),
    "status.unknown": ("时限内未找到时间表", "no timetable found in the time limit"),
    "output.write": ("无法写入输出：{reason}", "cannot write the output: {reason}"),
    "output.no_space": (
        "无法写入输出：{reason}；文件夹里的文件一个也没有改动（仍是运行前的样子）：腾出空间（或修好磁盘）后重新运行同一命令",
        "cannot write the output: {reason}; nothing in the folder was changed (it is as it was before the run): "
        "make room (or fix the disk) and run the same command again",
    ),
    # why a file could not be read or written (scheduler/files/reasons.py): never the system's English
    "os.reason.disk_full": ("磁盘已满（没有剩余空间）", "the disk is full (no space left)"),
    "os.reason.quota": ("超出了磁盘配额", "the disk quota is used up"),
    "os.reason.too_large": ("文件超过了系统允许的大小", "the file is larger than the system allows"),
    "os.reason.no_permission": (
        "没有权限（或文件正被其他程序占用）",
        "permission denied (or the file is in use by another program)",
    ),
    "os.reason.not_permitted": ("系统不允许此操作（没有权限）", "the system does not permit it (permission denied)"),
    "os.reason.read_only": ("磁盘是只读的", "the disk is read-only"),
    "os.reason.io": ("磁盘读写出错（输入/输出错误）", "the disk failed to read or write (I/O error)"),
    "os.reason.name_too_long": ("文件名太长", "the file name is too long"),
    "os.reason.not_found": ("文件或文件夹不存在", "no such file or folder"),
    "os.reason.not_a_folder": ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    "os.reason.is_a_folder": ("这是一个文件夹，不是文件", "it is a folder, not a file"),
    "os.reason.busy": ("文件正被占用", "the file is busy"),
    "os.reason.too_many_open": ("打开的文件太多", "too many files are open"),
    "output.stdout": (
        "无法写入标准输出：{reason}（其余输出已丢弃）",
        "cannot write to standard output: {reason} (the rest of the output was dropped)",
    ),
    "output.leftovers": (
        "上一次写这个文件夹的运行被中断了（例如被强行结束）：它留下的临时文件已删除，文件夹里的文件完好",
        "a previous run was interrupted while writing this folder (killed?): the temporary files it left "
        "were removed; the folder's files are whole",
    ),
    "output.too_long": (
        "无法写入输出：路径长 {length} 个字符，超过 Windows 的 260 个字符上限："
        "请换一个路径较短的输出文件夹（如 D:\\结果）",
        "cannot write the output: the path is {length} characters long, past Windows' limit of 260: choose an "
        "output folder with a shorter path (such as D:\\out)",
    ),
    "output.stranded": (
        "检查能否替换时把文件暂时改名后未能改回（{reason}）：它现在是 {backup}，请把它改回原名",
        "checking that it can be replaced, the file was renamed for a moment and could not be given its name "
        "back ({reason}): it is now {backup}; rename it back",
    ),
    "output.not_put_back": (
        "{said}；原来的文件未能放回原处，现在是 {kept}：请把它改回原名",
        "{said}; the file that was there could not be put back and is now {kept}: rename it back",
    ),
    "output.kept_as": ("{backup}（原名 {name}）", "{backup} (was {name})"),
    "output.locked": (
        "文件可能正在被其他程序（如 Excel、Word）打开：关闭后重新运行",
        "the file may be open in another program (Excel, Word): close it and run again",
    ),
    "output.lock_file": (
        "文件正在被 Excel、Word、WPS 或 LibreOffice 打开（旁边有锁文件 {lock}）：请关闭它后重新运行；"
        "没有人打开它的话，请删去 {lock}",
        "the file is open in Excel, Word, WPS or LibreOffice (the lock file {lock} is beside it): close it and run"
        " again;"
        " if nobody has it open, delete {lock}",
    ),
    "output.lock_file_by": (
        "文件正在被 {who} 用 Excel、Word、WPS 或 LibreOffice 打开（旁边有锁文件 {lock}）：请关闭它后重新运行；"
        "没有人打开它的话，请删去 {lock}",
        "the file is open by {who} in Excel, Word, WPS or LibreOffice (the lock file {lock} is beside it): close it"
        " and run again; if nobody has it open, delete {lock}",
    ),
    "output.is_folder": (
        "这是文件夹，不是文件：输出无法写到这里（请移走或改名）",
        "is a folder, not a file: the output cannot be written there (move or rename it)",
    ),
    # -- bad input (files, rows, values)
    "input.no_file": ("找不到文件", "file not found"),
    "input.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "input.newer_format": (
        "这个文件是更新版本的 docking-scheduler 写的（格式 {found}），本版本只读格式 {ours}：请升级本程序，"
        "或用写它的版本打开这个文件夹；文件没有改动（它没有损坏，不要用备份替换它）",
        "this file was written by a newer version of docking-scheduler (format {found}); this version reads "
        "format {ours}: upgrade this program, or open the folder with the version that wrote it; the file was "
        "left as it is (it is not damaged: do not replace it with a backup)",
    ),
    "input.older_format": (
        "这个文件是较旧版本的 docking-scheduler 写的（格式 {found}），本版本只读格式 {ours}：请用写它的版本"
        "打开这个文件夹；文件没有改动（它没有损坏，不要用备份替换它）",
        "this file was written by an older version of docking-scheduler (format {found}); this version reads "
        "format {ours}: open the folder with the version that wrote it; the file was left as it is (it is "
        "not damaged: do not replace it with a backup)",
    ),
    "input.password_again": ("再输入一次以确认", "Repeat it to confirm"),
    "input.passwords_differ": ("两次输入的密码不一致，请重新输入", "the two passwords differ: type it again"),
    "input.no_password_typed": (
        "没有输入密码（按了 Ctrl-D）：重新运行并输入密码，或设置环境变量 {variable}",
        "no password entered (Ctrl-D): run again and type it, or set {variable}",
    ),
    "input.encoding": (
        "文件编码无法识别（应为 UTF-8 或 GBK）：请在 Excel 中“另存为”“CSV UTF-8”",
        'unknown encoding (expected UTF-8 or GBK): in Excel, Save As "CSV UTF-8"',
    ),
    "input.western": (
        "此文件像是西文 Windows-1252 编码（不是 UTF-8 或 GBK），按 GBK 读会把名字读成乱码："
        "请在 Excel 中“另存为”“CSV UTF-8”",
        "this file looks like Western Windows-1252 text, not UTF-8 or GBK (read as GBK its names would turn "
        'into Chinese): in Excel, Save As "CSV UTF-8"',
    ),
    "input.duplicate_column": (
        "表头中“{first}”和“{second}”是同一列（{column}）：请删去或改名其中一个",
        "the columns '{first}' and '{second}' both mean {column}: remove or rename one of them",
    ),
    "input.missing_column": ("缺少这一列（可用列：{known}）", "this column is missing (known columns: {known})"),
    "input.missing_column_alone": ("缺少这一列", "this column is missing"),
    "input.missing_category": (
        "缺少这一列：规则的 categories 要求每个单位有类别（列名可写作：{known}）",
        "this column is missing: the rules' categories need each unit's category (it may be headed: {known})",
    ),
    # -- a column's name as a message lists it (scheduler.files.tables.HEADER_WORDS)
    "header.no": ("序号", "No."),
    "header.time": ("时间", "Time"),
    "header.unit": ("单位", "Unit"),
    "header.note": ("备注", "Note"),
    "header.category": ("类别", "Category"),
    "header.group": ("并行组", "Group"),
    "header.room": ("房间", "Room"),
    "header.meeting": ("会议", "Meeting"),
    "header.participants": ("参会人员", "Participants"),
    "header.email": ("邮箱", "Email"),
    "header.contact": ("联系人", "Contact"),
    "header.end": ("结束", "End"),
    "header.answer": ("答复", "Answer"),
    "header.length": ("时长", "Length"),
    "header.optional": ("可选参会人员", "Optional"),
    "header.seats": ("人数", "Seats"),
    "header.rooms_allowed": ("指定会议室", "Rooms allowed"),
    "header.rooms_forbidden": ("不用会议室", "Rooms forbidden"),
    "header.part": ("时段", "Part of day"),
    "header.not_before": ("不早于", "Not before"),
    "header.not_after": ("不晚于", "Not after"),
    "header.preferred": ("时段偏好", "Preferred time"),
    "header.series": ("系列", "Series"),
    "header.share": ("共用组", "Share"),
    "header.meeting_room": ("会议室", "Room"),
    "header.person": ("姓名", "Name"),
    "input.zero_label": (
        "“{value}”不作组名：没有组请留空（或写“无”），要用作组名请换一个（如 A）",
        "'{value}' is not taken as a label: leave the cell empty (or write n/a) for none, or pick another label"
        " (such as A)",
    ),
    "input.extra_cells": (
        "这一行的单元格比表头多（单元格里的半角逗号“,”要放在引号内，或改用顿号“、”）",
        "this row has more cells than the header (a half-width comma inside a cell must be in quotes, or"
        " written as 、)",
    ),
    "input.header_taken": (
        "{reason}（第 {row} 行被当作表头：表格开头没有一行写着认得的列名）",
        "{reason} (row {row} was taken as the header: no row at the top of the table names a column we know)",
    ),
    "input.empty_unit": ("单位为空", "the unit is empty"),
    "input.note_row": (
        "这一行只有一段文字“{note}”，像是一条说明：说明请放在表格最后（如“注：……”），否则请填上这一列",
        "this row holds only the text '{note}', like a note: put notes below the table"
        " (such as 'Note: ...'), or fill in this column",
    ),
    "input.empty_table": ("表格是空的", "the table is empty"),
    # -- rows the table skips, one line per kind (scheduler.files.tables.SKIPPED; scheduler.cli.display)
    "skipped.one": ("已跳过第 {rows} 行（{kind}）", "skipped row {rows} ({kind})"),
    "skipped.many": ("已跳过第 {rows} 行（{kind}）", "skipped rows {rows} ({kind})"),
    "skipped.note.one": ("说明行", "a note"),
    "skipped.note.many": ("说明行", "notes"),
    "skipped.numbered.one": ("只有序号的空行", "numbered but empty"),
    "skipped.numbered.many": ("只有序号的空行", "numbered but empty"),
    "hidden_rows.one": (
        "第 {rows} 行是隐藏行或被筛选隐藏（已照常读入）：不要的请删除这一行",
        "row {rows} is hidden or filtered out (read as the others): delete it if it is not wanted",
    ),
    "hidden_rows.many": (
        "第 {rows} 行是隐藏行或被筛选隐藏（已照常读入）：不要的请删除这些行",
        "rows {rows} are hidden or filtered out (read as the others): delete them if they are not wanted",
    ),
    "skipped.heading.one": (
        "标题行：日期或分组，日期用作下面各行的日期",
        "a heading: a day or a section, the day used for the rows under it",
    ),
    "skipped.heading.many": (
        "标题行：日期或分组，日期用作下面各行的日期",
        "headings: days or sections, each day used for the rows under it",
    ),
    "skipped.total.one": ("合计行", "a total row"),
    "skipped.total.many": ("合计行", "total rows"),
    "input.frame_rules": (
        "DataFrame 旁边没有规则文件：请同时给出规则文件（rules_path）",
        "a DataFrame has no rules file beside it: give rules_path too",
    ),
    "input.meeting_table": (
        "这是会议表（有“会议”和“参会人员”列）：请用 scheduler.files.meeting_files.load_meetings 读取",
        "this is a meeting table (it has the columns Meeting and Participants): read it with"
        " scheduler.files.meeting_files.load_meetings",
    ),
    "input.duplicate_unit": (
        "单位 {unit} 重复（第 {first} 行已有）",
        "unit {unit} is listed twice (first in row {first})",
    ),
    "input.bad_time": (
        "无法识别的时间“{value}”（例：9月8日 8:00 或 2021-09-08 08:00）",
        "cannot read the time '{value}' (e.g. Sep 8 8:00, 8 Sep 2:30 PM or 2021-09-08 08:00)",
    ),
    "time.numeric_date": (
        "日期“{value}”只有数字，无法确定月和日（9/2 是 9 月 2 日还是 2 月 9 日？）："
        "请写 2026-09-02 13:00 或 9月2日 13:00，或直接给出 .xlsx 工作簿",
        "a numeric date such as '{value}' is ambiguous (2 Sep or 9 Feb?): write it as 2026-09-02 13:00 or Sep 2 "
        "2026 13:00, or give the .xlsx workbook itself",
    ),
    "input.empty_path": (
        "文件或文件夹名为空（是否用了未设置的变量？）",
        "the file or folder name is empty (an unset variable?)",
    ),
    "input.frame_aware": (
        "时间“{value}”带时区：请先换算到日程所在时区并去掉时区（tz_convert(...).tz_localize(None)）",
        "the time '{value}' has a zone: convert it to the timetable's zone and drop the zone first"
        " (tz_convert(...).tz_localize(None))",
    ),
    "input.excel_serial": (
        "“{value}”像是 Excel 的日期序号而不是时间：请把这一列设为日期时间格式（如 yyyy-mm-dd h:mm）",
        "'{value}' looks like an Excel date serial, not a time: format the column as a date and time"
        " (such as yyyy-mm-dd h:mm)",
    ),
    "input.milestone_past": (
        "注意：时间节点“{what}”的日期 {day} 已经过去（今天是 {today}，会议从 {first} 开始）："
        "没写年份的日期取离会议最近的年份；若指的是另一年，请写上年份。仍照此写入日历",
        "note: milestone '{what}' falls on {day}, already past (today is {today}; the meetings start on {first}): a "
        "day without its year takes the year nearest the campaign; if another year is meant, write it. Written "
        "into the calendars as it is",
    ),
    "input.time_with_offset": (
        "“{value}”带有 UTC 时差：请只写当地时间（如 {wall}），时间一律按规则文件的时区（timezone）读",
        "'{value}' is a time with a UTC offset: write the wall time alone (such as {wall}); times are read "
        "in the rules' time zone (timezone)",
    ),
    "input.span_length": (
        "“{value}”长 {length} 分钟，而一场对接是 {minutes} 分钟：请只写开始时间（如 {start}）",
        "'{value}' lasts {length} minutes but a meeting lasts {minutes}: write only its start (such as {start})",
    ),
    "input.span_length_row": (
        "“{value}”长 {length} 分钟，而本行“{column}”是 {minutes} 分钟：请只写开始时间（如 {start}），或改正“{column}”",
        "'{value}' lasts {length} minutes but this row's {column} is {minutes} minutes: write only its start"
        " (such as {start}), or correct {column}",
    ),
    "input.bad_span": (
        "无法识别的时间“{value}”（例：9月8日 8:00-11:00、9月8日下午、9月8日、上午）",
        "cannot read the time '{value}' (e.g. Sep 8 8:00-11:00, Sep 8 afternoon, Sep 8, morning, all day)",
    ),
    "input.outside": ("{time} 不在对接日期和时段内", "{time} is not one of the meeting days and hours"),
    "input.outside_solve": (
        "{said}（solve 会重新排时间：清空“时间”列即可）",
        "{said} (solve plans the times anew: clear the Time column)",
    ),
    "input.no_slots": ("“{value}”不包含任何对接时段", "'{value}' covers no meeting slot"),
    "input.no_whole_slot": (
        "“{value}”内放不下任何一场完整的对接（每场 {minutes} 分钟）",
        "no whole meeting ({minutes} minutes) fits in '{value}'",
    ),
    "input.unknown_room": (
        "房间“{room}”不在规则文件中（有：{known}）",
        "room '{room}' is not in the rules (known: {known})",
    ),
    "input.no_named_rooms": (
        "房间“{room}”不在规则文件中（规则没有列出房间：这一列应留空）",
        "room '{room}' is not in the rules (they name no rooms: leave this column empty)",
    ),
    "input.bad_category": (
        "类别“{value}”不在规则的类别顺序中（{known}）",
        "category '{value}' is not in the rules' category order ({known})",
    ),
    "input.empty_category": (
        "类别为空：规则规定了类别顺序，每个单位须填一个（{known}）",
        "the category is empty: the rules set a category order, so every unit needs one ({known})",
    ),
    "input.no_rules": (
        "找不到规则文件（用 --rules 指定，或在表格旁放同名 .toml）",
        "rules file not found (give --rules, or put a .toml of the same name beside the table)",
    ),
    "input.rules_encoding": (
        "规则文件的编码无法识别：请用记事本打开，“另存为”时编码选 UTF-8",
        "the rules file's encoding is unknown: open it in Notepad and Save As with the encoding UTF-8",
    ),
    "input.toml": ("规则文件格式错误：{reason}", "the rules file is not valid TOML: {reason}"),
    "input.toml_at": (
        "规则文件格式错误（第 {column} 列）：{reason}",
        "the rules file is not valid TOML (column {column}): {reason}",
    ),
    "input.toml_end": (
        "规则文件格式错误（文件末尾）：{reason}",
        "the rules file is not valid TOML (at its end): {reason}",
    ),
    # tomllib's reasons (scheduler/files/toml_errors.py)
    "toml.newline": (
        "一项之后应换行（文字值须整个放在引号内）",
        "expected a new line after a statement (a text value must be wholly in quotes)",
    ),
    "toml.equals": ("键之后应是“=”", "expected '=' after a key"),
    "toml.list_separator": (
        '列表各项之间用英文逗号 , 分开（这里是“{char}”），如 ["8:00", "9:00"]',
        'separate a list\'s items with commas (here it is \'{char}\'), such as ["8:00", "9:00"]',
    ),
    "toml.list_unquoted": (
        '列表的每项须放在英文引号内，如 ["8:00", "9:00"]、["9月8日", "9月9日"]',
        'each item of a list must be in straight quotes, such as ["8:00", "9:00"]',
    ),
    "toml.colon": (
        "键之后应是“=”，而不是“{char}”：写成 {fixed}",
        "expected '=' after a key, not '{char}': write {fixed}",
    ),
    "toml.array": ("方括号 [ ] 没有闭合（缺少“]”或逗号）", "an array is not closed (a missing ']' or comma)"),
    "toml.inline_table": ("内联表（花括号）没有闭合", "an inline table (braces) is not closed"),
    "toml.value": ("无效的值（文字须放在引号内）", "invalid value (text must be in quotes)"),
    "toml.string": ("字符串缺少结尾的引号", "a string has no closing quote"),
    "toml.statement": ("无法识别的语句", "a statement that is not TOML"),
    "toml.key": (
        "键的写法无效（含空格或符号的键须放在引号内）",
        "invalid key (a key with spaces or symbols needs quotes)",
    ),
    "toml.table_header": ("表头缺少“]”", "a table header has no closing ']'"),
    "toml.array_header": ("表头缺少“]]”", "an array-of-tables header has no closing ']]'"),
    "toml.date": ("无效的日期或时间", "invalid date or time"),
    "toml.twice": ("键或表重复定义", "a key or table is defined twice"),
    "toml.table_twice": (
        "[{table}] 已在第 {first} 行写过：把两段合成一段",
        "[{table}] is already written on line {first}: merge the two into one",
    ),
    "toml.key_twice": (
        "“{key}”已在第 {first} 行写过：只留一行",
        "'{key}' is already written on line {first}: keep one of the two",
    ),
    "input.rules_empty": (
        "规则文件是空的：至少要写 days 和 hours；可用 example 命令复制一份示例规则再改",
        "the rules file is empty: it needs days and hours at least; the example command copies an example to edit",
    ),
    "input.rules_is_table": (
        "这是表格（{kind}），不是规则文件：表格作为命令的 TABLE 参数给出，"
        "规则文件（.toml）用 --rules 指定或放在表格旁同名",
        "this is a table ({kind}), not a rules file: give a table as the command's TABLE, and the rules file "
        "(.toml) with --rules or beside the table with the same name",
    ),
    "input.table_kind_csv": ("CSV", "CSV"),
    "input.table_kind_xlsx": ("Excel 工作簿", "an Excel workbook"),
    "toml.character": ("不允许的字符", "a character that is not allowed here"),
    "toml.curly_quotes": (
        '请用英文引号 "…"，不要用中文引号 “…”',
        'use straight quotes "…", not curly quotes “…” (typed with a Chinese input method)',
    ),
    "toml.wide_digit": (
        "请用半角数字（这里是全角的“{char}”，应为“{narrow}”）",
        "use ASCII digits ('{char}' here is full-width: write '{narrow}')",
    ),
    "toml.wide_character": (
        "请用半角字符（这里是全角的“{char}”，应为“{narrow}”）",
        "use half-width characters ('{char}' here is full-width: write '{narrow}')",
    ),
    "toml.backslash": (
        "双引号中的反斜杠 \\ 是转义符：Windows 路径请用单引号 'C:\\…' 或正斜杠 C:/…",
        "a backslash in double quotes starts an escape: write a Windows path in single quotes 'C:\\…' or with "
        "forward slashes C:/…",
    ),
    "input.path_escape": (
        "路径中有控制字符 {code}（双引号中的 \\n、\\t、\\b 是转义符）：Windows 路径请用单引号 'C:\\…' 或正斜杠 C:/…",
        "the path holds the control character {code} (\\n, \\t, \\b in double quotes are escapes): write a Windows "
        "path in single quotes 'C:\\…' or with forward slashes C:/…",
    ),
    "toml.other": ("{text}", "{text}"),
    "input.unknown_key_near": ("未知的键“{key}”：是不是“{near}”？", "unknown key '{key}' (did you mean {near}?)"),
    "names.near": ("{said}（是不是“{near}”？）", "{said} (did you mean '{near}'?)"),
    "names.near_either": (
        "{said}（是不是“{near}”或“{other}”？）",
        "{said} (did you mean '{near}' or '{other}'?)",
    ),
    "input.unknown_key": ("未知的键“{key}”（可用的键：{known}）", "unknown key '{key}' (known keys: {known})"),
    "input.key_below_table": (
        "“{key}”是顶层的键：请写在文件开头、第一个 [...] 或 [[...]] 标题之前"
        "（写在 {header} 之下，TOML 把它算作该表的一项）",
        "'{key}' is a top-level key: write it at the top of the file, before the first [...] or [[...]] header"
        " (written below {header}, TOML puts it into that table)",
    ),
    "input.rules_missing": ("规则文件缺少“{key}”", "the rules file has no '{key}'"),
    "input.one_line": (
        "“{key}”只能写一行：其中有换行或控制字符 {code}（见源代码的 docs/formats.md）",
        "'{key}' must be one line: it holds a line break or control character {code} "
        "(see the source's docs/formats.md)",
    ),
    "input.rules_type": (
        "“{key}”的值类型不对（文字加英文引号，数字不加引号，列表用方括号、各项用英文逗号分开）",
        "'{key}' has the wrong kind of value (a text in straight quotes, a number without quotes, "
        "a list in square brackets with its items separated by commas)",
    ),
    "input.rules_kind": (
        "“{key}”的写法不对，应写成如：{example}（文字加英文引号，列表用方括号、各项用英文逗号分开）",
        "'{key}' is not written as it should be: write it like {example} (a text in straight quotes, a list in "
        "square brackets with its items separated by commas)",
    ),
    "input.paper": (
        "未知的纸张“{value}”（可选：{known}；不写即 A4）",
        "unknown paper '{value}' (choose: {known}; A4 when not written)",
    ),
    "input.timezone": (
        "未知的时区“{value}”（应为 IANA 时区名，如 Asia/Shanghai）",
        "unknown time zone '{value}' (an IANA name is needed, such as Europe/London, America/New_York or "
        "Asia/Shanghai)",
    ),
    "input.timezone_meant": (
        "未知的时区“{value}”：是指 {zh} 吗？（请照此写 IANA 时区名，区分大小写）",
        "unknown time zone '{value}': did you mean {en}? (write the IANA name so; zone names are case-sensitive)",
    ),
    "input.timezone_abbreviation": (
        "时区“{value}”是缩写，不是地方的时区：是指 {zh} 吗？请写 IANA 时区名（缩写或固定时差不随夏令时变化，"
        "夏季的会议会差一小时）",
        "time zone '{value}' is an abbreviation, not a place's zone: did you mean {en}? Write the IANA name "
        "(an abbreviation or a fixed offset has no summer time: meetings in summer would be an hour off)",
    ),
    "input.timezone_offset": (
        "时区“{value}”是固定时差，不是地方的时区：请写 IANA 时区名（如 {zh}）；确实不用夏令时的，写 {fixed}",
        "time zone '{value}' is a fixed offset, not a place's zone: write the IANA name of the place (such as "
        "{en}); for a clock without summer time on purpose, write {fixed}",
    ),
    "input.bad_day": ("无法识别的日期“{value}”", "cannot read the day '{value}'"),
    # -- a table's 备注 that names a time: a hint, never a rule (scheduler/domain/notes.py)
    "notes.away": (
        "{name} 的备注“{note}”像是不能参加的时间（{times}）{placed}：本工具不读备注；如需排除，在规则文件加"
        ' [[unavailable]] unit = "{name}" times = [{listed}]，或在 reschedule 时加 --unavailable "{name}@{times}"',
        "{name}'s note '{note}' looks like a time it cannot come ({times}){placed}: notes are never read as rules;"
        ' to keep it free, add [[unavailable]] unit = "{name}" times = [{listed}] to the rules file,'
        ' or --unavailable "{name}@{times}" to reschedule',
    ),
    "notes.only": (
        "{name} 的备注“{note}”像是只能参加的时间（{times}）{placed}：本工具不读备注；如需限定，在规则文件加"
        ' [[only]] unit = "{name}" times = [{listed}]，或在 reschedule 时加 --only "{name}@{times}"',
        "{name}'s note '{note}' looks like the only times it can come ({times}){placed}: notes are never read as"
        ' rules; to keep it to them, add [[only]] unit = "{name}" times = [{listed}] to the rules file,'
        ' or --only "{name}@{times}" to reschedule',
    ),
    "notes.meeting_away": (
        "会议“{name}”的备注“{note}”像是不能开会的时间（{times}）{placed}：本工具不读备注；如需排除，"
        '在规则文件为那时不能到场的人加 [[unavailable]] person = "…" times = [{listed}]',
        "meeting '{name}': its note '{note}' looks like a time it cannot be held ({times}){placed}: notes are never"
        ' read as rules; to keep it free, add [[unavailable]] person = "…" times = [{listed}] to the rules file'
        " for whoever cannot come then",
    ),
    "notes.meeting_only": (
        "会议“{name}”的备注“{note}”像是只能开会的时间（{times}）{placed}：本工具不读备注；如需限定，"
        "写在这一行的“时段”“不早于”“不晚于”列",
        "meeting '{name}': its note '{note}' looks like the only times it can be held ({times}){placed}: notes are"
        " never read as rules; to keep it to them, fill in the row's Part of day, Not before or Not after",
    ),
    "notes.placed": ("，但现在排在 {time}", ", but it is now at {time}"),
    "notes.both": ("{away}；{only}", "{away}; {only}"),
    "time.weekday_mismatch": (
        "{day}是{actual}，不是{written}",
        "{day} is a {actual_en}, not a {written_en}",
    ),
    "time.no_leap_day": ("{year} 年没有 2 月 29 日（不是闰年）", "{year} has no 29 February (not a leap year)"),
    "time.night_hour": (
        "“{value}”：{word}{hour}点已过午夜，是次日的 {when}，请写 {when}",
        "'{value}': {word} {hour} o'clock is past midnight, on the next day: write {when}",
    ),
    "time.empty_span": (
        "“{value}”的开始与结束相同，不是一段时间",
        "'{value}' begins and ends at the same time: it is no span of time",
    ),
    "time.word_hour": (
        "“{value}”：{word}没有 {hour} 点（{word}是 {first} 至 {last}），请写 {clocks}",
        "'{value}': {word} has no {hour} o'clock ({word} is {first} to {last}), write {clocks_en}",
    ),
    "time.weekday_several": (
        "{weekday}是对接日期中的 {count} 天（{dates}）：这里只能是一个时间，请写明日期",
        "{weekday} is {count} of the meeting days ({dates}): one time is meant here, write its date",
    ),
    "time.weekday_none": (
        "对接日期（{days}）中没有{written}",
        "none of the meeting days ({days}) is a {written_en}",
    ),
    "input.days_order": (
        "日期“{value}”排在“{before}”之后，却不晚于它：没有写年份的日期按所列顺序定年份（1月 排在 12月 之后是下一年），"
        "请按先后顺序列出，或写明年份（如 2021-09-08）",
        "the day '{value}' is listed after '{before}' but is not later: days without a year take their year from"
        " the order they are listed in (January after December is the next year); list them in order or write"
        " their year (such as 2021-09-08)",
    ),
    "input.days_across_no_year": (
        "日期“{value}”在“{before}”之后已是下一年，但没有写年份：请在规则中写 year（第一天的年份），或写明日期的年份"
        "（如 2021-09-08）",
        "the day '{value}' after '{before}' is in the next year, but no year is written: give the rules a year"
        " (the first day's) or write the days' years (such as 2021-09-08)",
    ),
    "input.days_apart": (
        "对接日期 {first} 与下一个日期 {last} 相隔 {days} 天：是不是年份写错了？",
        "the day {first} and the next one, {last}, are {days} days apart: is a year wrong?",
    ),
    "input.bad_hour": ("无法识别的时刻“{value}”", "cannot read the hour '{value}'"),
    "input.hour_twice": (
        "时段 {hour} 写了不止一次：同时开始的两场 {minutes} 分钟对接会互相重叠",
        "hour {hour} is given more than once: two {minutes}-minute meetings starting together would overlap",
    ),
    "period.unreadable": (
        "工作时段“{value}”读不懂：请写成开始-结束，例如 8:00-12:00",
        "working period '{value}' cannot be read: write it as start-end, e.g. 8:00-12:00",
    ),
    "period.empty": (
        "工作时段“{period}”的开始与结束相同，没有工作时间",
        "working period {period} begins and ends at the same time: it holds no working time",
    ),
    "period.midnight": (
        "工作时段“{period}”跨过了午夜：会议不能跨天，请写成两个时段 {early} 与 {late}",
        "working period {period} crosses midnight: a meeting cannot run into the next day; write two periods, "
        "{early} and {late}",
    ),
    "period.midnight_end": (
        "工作时段“{period}”结束于 0:00，一天的开始：一天的结束请写 24:00（{late}），中午请写 12:00",
        "working period {period} ends at 0:00, the day's start: the day's end is written 24:00 ({late}), noon 12:00",
    ),
    "period.start_grid": (
        "工作时段“{period}”的开始 {time} 不在 {grid} 分钟的时间粒度上",
        "working period {period} begins at {time}, off the {grid}-minute grid",
    ),
    "period.end_grid": (
        "工作时段“{period}”的结束 {time} 不在 {grid} 分钟的时间粒度上（一天的结束请写 24:00）",
        "working period {period} ends at {time}, off the {grid}-minute grid (the day's end is written 24:00)",
    ),
    "period.touch": (
        "工作时段“{before}”与“{period}”首尾相接：请写成一个时段 {joined}，或在两者之间留出休息时间",
        "working periods {before} and {period} touch: write one period, {joined}, or leave a break between them",
    ),
    "period.order": (
        "工作时段“{period}”写在“{before}”之后，却早于它或与它重叠：请按时间先后书写、互不重叠",
        "working period {period} is listed after {before} but begins before that ends: list the periods in "
        "order, without overlaps",
    ),
    "period.short": (
        "工作时段“{period}”放不下一场对接（每场 {minutes} 分钟）",
        "working period {period} holds no meeting ({minutes} minutes each)",
    ),
    "input.number_range": (
        "{key} 须为 {low} 到 {high} 的整数（不加引号），而不是 {value}；例：{key} = {example}",
        "{key} must be a whole number from {low} to {high} (without quotes), not {value}; "
        "for example {key} = {example}",
    ),
    "input.number_quoted": (
        "{key} 是数字，不加引号：写成不带引号的数字 {value}，即 {key} = {value}",
        "{key} is a number: write it without quotes, {key} = {value}",
    ),
    "input.write_array": (
        "要写成 [[{name}]]（两层方括号），每项一段，各写一个 [[{name}]] 标题",
        "write [[{name}]] (two brackets), one [[{name}]] header per entry",
    ),
    "input.write_table": (
        "要写成 [{name}]（一层方括号），只写一段",
        "write [{name}] (one bracket), once",
    ),
    "input.bring_unknown": (
        "“{key}”不是规则的类别（{known}），也不是 *（其余单位）：是不是“{near}”？",
        "'{key}' is neither a category of the rules ({known}) nor * (every other unit): did you mean '{near}'?",
    ),
    "input.bring_unknown_far": (
        "“{key}”不是规则的类别（{known}），也不是 *（其余单位）",
        "'{key}' is neither a category of the rules ({known}) nor * (every other unit)",
    ),
    "input.list_comma": (
        "“{item}”里有中文逗号（或顿号、分号）：每项单独加英文引号，用英文逗号分开，如 {example}",
        "'{item}' holds a Chinese comma (or 、 or ；): put each item in its own straight quotes, separated by "
        "commas, such as {example}",
    ),
    "input.key_elsewhere": (
        "“{key}”属于 {header}：请写在 {header} 标题之下",
        "'{key}' belongs in {header}: write it below the {header} header",
    ),
    "input.room_name_blank": (
        '房间名称不能为空：有多个房间时，每个 [[rooms]] 都要写 name（如 name = "2号会议室"）',
        'the room\'s name is empty: with more than one room, every [[rooms]] needs a name (such as name = "Room 2")',
    ),
    "input.entry_key": ("[[{section}]] 缺少“{key}”或其值为空", "[[{section}]] has no '{key}' or it is empty"),
}
