"""Messages: The command line's help (commands, options, placeholders) and click's own sentences."""

EXAMPLES_ZH = """\b
示例：
  docking-scheduler example                      把 2021 年的示例复制到 examples/
  docking-scheduler solve --out out              排出 2021 年示例的时间表，写入 out/
  docking-scheduler validate examples/notice_2021.csv
  docking-scheduler reschedule out/timetable.csv --unavailable "区财政局@9月8日下午" --out out
  docking-scheduler explain 表格.csv
  docking-scheduler solve --alternatives 3
  docking-scheduler ics out/timetable.csv --out out/invites
  docking-scheduler send out/timetable.csv --smtp-host mail.example.org --user zwgk-office
  docking-scheduler replies out/timetable.csv --imap-host mail.example.org --user zwgk-office
  docking-scheduler serve                        在浏览器中打开 out/ 的时间表
  docking-scheduler example --meetings           复制会议表的示例
  docking-scheduler solve examples/meetings_2025.csv --out meet"""

EXAMPLES_EN = """\b
Examples:
  docking-scheduler example                      copy the 2021 example into examples/
  docking-scheduler solve --out out              solve the 2021 example into out/
  docking-scheduler validate examples/notice_2021.csv
  docking-scheduler reschedule out/timetable.csv --unavailable "区财政局@Sep 8 afternoon" --out out
  docking-scheduler explain TABLE.csv
  docking-scheduler solve --alternatives 3
  docking-scheduler ics out/timetable.csv --out out/invites
  docking-scheduler send out/timetable.csv --smtp-host mail.example.org --user zwgk-office
  docking-scheduler replies out/timetable.csv --imap-host mail.example.org --user zwgk-office
  docking-scheduler serve                        open out/'s timetable in a browser
  docking-scheduler example --meetings           copy the meeting table's example
  docking-scheduler solve examples/meetings_2025.csv --out meet"""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- the group and the commands
    "help.main": (
        "排出、检查并分发对接时间表（docking-scheduler）。\n\n"
        "表格可以是单位表（每行一个单位，源代码的 docs/formats.md），也可以是会议表（有“会议”和“参会人员”两列；"
        "时段偏好等列、规则文件的 [objective] 目标项见源代码的 docs/meetings.md、docs/formats.md）。\n\n"
        "消息默认用中文；--lang en 或环境变量 DOCKING_LANG=en 改为英文。\n\n" + EXAMPLES_ZH,
        "Build, check and share meeting timetables (docking-scheduler).\n\n"
        "A TABLE is a unit table (one unit per row: the source's docs/formats.md) or a meeting table (with "
        "the columns Meeting and Participants; its columns such as Preferred time and the rules file's [objective] "
        "terms: "
        "the source's docs/meetings.md and docs/formats.md).\n\n"
        "Messages are in Chinese by default; --lang en or DOCKING_LANG=en for English.\n\n" + EXAMPLES_EN,
    ),
    "help.solve": (
        "排出表格的最优时间表并显示（不给表格时用内置的 2021 年示例；CSV 或 .xlsx；单位表或会议表，"
        "会议表见源代码的 docs/meetings.md）。",
        "Solve TABLE (default: the built-in 2021 example; CSV or .xlsx; a unit table or a meeting table: "
        "the source's docs/meetings.md) and print the timetable.",
    ),
    "help.validate": (
        "检查手工排好的表格（CSV 或 .xlsx；单位表或会议表）是否满足全部规则，每处违反一行。",
        "Check a hand-made TABLE (CSV or .xlsx; a unit table or a meeting table) against every rule; "
        "one line per violation.",
    ),
    "help.explain": (
        "说明为什么没有满足表格规则的时间表：列出不能同时满足的最少几条规则；时间不够时列出目前找到的规则，并注明可能不是最少。",
        "Say why no timetable satisfies TABLE's rules: the fewest rules that cannot hold together "
        "(when the time runs out first, the rules found so far, marked as maybe not the fewest).",
    ),
    "help.reschedule": (
        "在表格现有时间的基础上做调整，尽量少动单位（会议表：尽量少动会议）。\n\n"
        "在调整最少的时间表中，取总挪动最小、再取结束最早的一个。"
        "显示谁调整了（原时间 -> 新时间）；单位表加 --out 时另写调整通知.docx/.xlsx。\n\n"
        "会议表的写法：--unavailable 人员或单位@时间，--pin 会议@时间[@会议室]，"
        "--drop 会议，--add 会议,时长,参会人员[,可选参会人员][,列名=值…]（源代码的 docs/meetings.md）。\n\n"
        "加 --from-replies 时，以 replies 读到的拒绝和改期提议作为调整"
        "（会议表：参会人员拒绝的时间不再安排其会议），之后用 send 寄出更新。\n\n"
        "\b\n"
        "示例：\n"
        '  docking-scheduler reschedule out/timetable.csv --unavailable "区财政局@9月8日下午" --out out\n'
        '  docking-scheduler reschedule meet/timetable.csv --add "临时碰头会,30分钟,王主任、周工程师" --out meet',
        "Apply changes to TABLE's timetable and move as few units (in a meeting table: meetings) as possible.\n\n"
        "Among the timetables that move the fewest: the smallest total "
        "displacement, then the earliest finish. Prints who moved (from -> to); "
        "for a unit table, --out also writes the adjustment notice 调整通知.docx/.xlsx.\n\n"
        "A meeting table's forms: --unavailable PERSON-OR-UNIT@TIME, "
        "--pin MEETING@TIME[@ROOM], --drop MEETING, "
        "--add MEETING,LENGTH,REQUIRED[,OPTIONAL][,KEY=VALUE…] (the source's docs/meetings.md).\n\n"
        "With --from-replies, the declines and counter-proposals read by `replies` are the changes "
        "(meeting tables: a participant's declined time is kept free of their meetings); then mail the "
        "updates with `send`.\n\n"
        "\b\n"
        "Examples:\n"
        '  docking-scheduler reschedule out/timetable.csv --unavailable "区财政局@Sep 8 afternoon" --out out\n'
        '  docking-scheduler reschedule meet/timetable.csv --add "Quick sync,30 minutes,王主任; 周工程师" --out meet',
    ),
    "help.ics": (
        "为表格写日历邀请到文件夹：单位表每个单位一个 .ics；会议表每个会议一个文件夹，"
        "每位参会人员一个 .ics（<会议>/<人员>.ics）；另有办公室的日历。\n\n"
        "调整后再运行一次：改了时间的收到更新，表格中已没有的收到取消，未变的文件不变。",
        "Write calendar invites for TABLE into DIR: for a unit table one .ics per unit; for a meeting "
        "table one folder per meeting with one .ics per participant (<meeting>/<person>.ics); and one "
        "calendar for the office.\n\n"
        "Run again after a change: what moved gets an update, what is no longer in TABLE a cancellation, "
        "and what did not change keeps identical files.",
    ),
    "help.send": (
        "把表格的邀请逐个邮寄给各单位，每个单位只寄一次；上次中断的从中断处继续。\n\n"
        "先检查全部输入（表格、规则、联系人、邀请状态、发送日志），再像 ics 一样"
        "更新邀请文件夹（改时间的单位得到更新，删去的单位得到取消），然后寄出。"
        "发送日志记下每一封；失败后原样再运行一次，只寄出还没寄出的。"
        "要取消的邀请较多时须加 --allow-cancel。详见源代码的 docs/mail.md、docs/promises.md。\n\n"
        "加 --remind 时只寄出今天到期的提醒（每天运行一次；源代码的 docs/replies.md）。\n\n"
        "\b\n"
        "示例：\n"
        "  # 密码：DOCKING_SMTP_PASSWORD，或不显示地提示输入\n"
        "  docking-scheduler send out/timetable.csv \\\n"
        "      --smtp-host mail.example.org --user office\n"
        "  docking-scheduler send out/timetable.csv --remind --smtp-host mail.example.org --user office",
        "Mail each unit its invite for TABLE, exactly once, and resume where a failed run stopped.\n\n"
        "Everything is checked first (the table, its rules, the contacts, the invites' "
        "state, the journal); then the invites folder is brought up to date as `ics` "
        "would (moved units get updates, removed units cancellations) and the invites "
        "are mailed. A journal records every message; run the same command again after "
        "a failure: only what was not sent goes out. More than a few cancellations need "
        "--allow-cancel. See the source's docs/mail.md and docs/promises.md.\n\n"
        "With --remind, mails only the reminders due today (run it daily; the source's docs/replies.md).\n\n"
        "\b\n"
        "Examples:\n"
        "  # password: $DOCKING_SMTP_PASSWORD, or asked unseen\n"
        "  docking-scheduler send out/timetable.csv \\\n"
        "      --smtp-host mail.example.org --user office\n"
        "  docking-scheduler send out/timetable.csv --remind --smtp-host mail.example.org --user office",
    ),
    "help.replies": (
        "从邮箱读取各单位对邀请的答复，显示谁来。\n\n"
        "每个单位：接受、拒绝、暂定、提议另一时间，或尚未答复，连同单位的留言。"
        "读过的每封邮件记在发送日志旁的答复台账里：再次运行（或中断后）只读新邮件。"
        "不给邮箱选项时，显示台账中已有的答复。详见源代码的 docs/replies.md。\n\n"
        "\b\n"
        "示例：\n"
        "  docking-scheduler replies out/timetable.csv --maildir ~/Maildir\n"
        "  # 密码：DOCKING_IMAP_PASSWORD，或不显示地提示输入\n"
        "  docking-scheduler replies out/timetable.csv \\\n"
        "      --imap-host mail.example.org --user office",
        "Read the units' answers to their invites from a mailbox; show who comes.\n\n"
        "Per unit: accepted, declined, tentative, proposed another time (counter) or "
        "no answer yet, with the unit's comment. Every mail read is kept in a "
        "ledger beside the mail journal: run the same command again (or after an "
        "interruption) and only new mail is read. Without a mailbox option, shows "
        "what the ledger holds. See the source's docs/replies.md.\n\n"
        "\b\n"
        "Examples:\n"
        "  docking-scheduler replies out/timetable.csv --maildir ~/Maildir\n"
        "  # password: $DOCKING_IMAP_PASSWORD, or asked unseen\n"
        "  docking-scheduler replies out/timetable.csv \\\n"
        "      --imap-host mail.example.org --user office",
    ),
    "help.serve": (
        "在浏览器中打开时间表：查看、拖动、求解、发布、寄出、订阅。\n\n"
        "\b\n"
        "示例：\n"
        "  docking-scheduler serve                       # ./out，或把 2021 年示例做成 ./out\n"
        "  docking-scheduler serve 名单.xlsx --out 2024  # 用一张表做成一个项目\n"
        "  # 密码：DOCKING_WEB_PASSWORD，或不显示地提示输入\n"
        "  docking-scheduler serve out/timetable.csv \\\n"
        "      --host 0.0.0.0 --port 8080",
        "Open the timetable in a web browser: look, drag, solve, publish, mail, subscribe.\n\n"
        "\b\n"
        "Examples:\n"
        "  docking-scheduler serve                       # ./out, or the 2021 notice made into ./out\n"
        "  docking-scheduler serve list.xlsx --out 2024  # a project made from a table\n"
        "  # password: $DOCKING_WEB_PASSWORD, or asked unseen\n"
        "  docking-scheduler serve out/timetable.csv \\\n"
        "      --host 0.0.0.0 --port 8080",
    ),
    "help.example": (
        "把内置的 2021 年示例（单位表、规则文件、联系人表）复制到文件夹，供查看和修改；"
        "--meetings 则复制 2025 年会议示例（会议表、规则文件、人员表）。",
        "Copy the built-in 2021 example (unit table, rules file, contacts) into a folder to look at and edit; "
        "--meetings copies the 2025 meetings example (meeting table, rules file, people) instead.",
    ),
    # -- placeholders in the usage line and the options list
    "metavar.options": ("[选项]", "[OPTIONS]"),
    "metavar.command": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "metavar.table": ("表格", "TABLE"),
    "metavar.dir": ("文件夹", "DIR"),
    "metavar.now": ("时间", "TIME"),
    "metavar.file": ("文件", "FILE"),
    "metavar.seconds": ("秒数", "S"),
    "metavar.count": ("个数", "K"),
    "metavar.list": ("列表", "LIST"),
    "metavar.sheet": ("名称|序号", "NAME|N"),
    "metavar.who_span": ("名称@时间[-时间]", "NAME@TIME[-TIME]"),
    "metavar.pin": ("名称@时间[@会议室]", "NAME@TIME[@ROOM]"),
    "metavar.name": ("名称", "NAME"),
    "metavar.values": ("值,值...", "VALUES"),
    "metavar.unit_span": ("单位@时间[-时间]", "UNIT@TIME[-TIME]"),
    "metavar.link": ("前一单位,后一单位", "FIRST,THEN"),
    "metavar.host": ("主机", "HOST"),
    "metavar.port": ("端口", "PORT"),
    "metavar.user": ("用户名", "USER"),
    "metavar.address": ("地址", "ADDR"),
    "metavar.lang": ("zh|en", "zh|en"),
    "metavar.folder": ("文件夹名", "F"),
    "type.integer": ("整数", "integer"),
    "type.number": ("数", "number"),
    "type.not_a_number": ("{value} 不是数", "{value} is not a number"),
    "type.not_finite": (
        "{value} 不是有限的秒数；要搜索得久些，给一个大数，如 3600",
        "{value} is not a finite number of seconds; for a long search give a large number, e.g. 3600",
    ),
    # -- options
    "help.opt.help": ("显示本帮助并退出。", "Show this message and exit."),
    "help.opt.version": ("显示版本并退出。", "Show the version and exit."),
    "help.opt.lang": (
        "消息的语言：zh（默认）或 en；也可设环境变量 DOCKING_LANG。",
        "Language of messages: zh (default) or en; or set DOCKING_LANG.",
    ),
    "help.opt.rules": (
        "规则文件（TOML）。默认：表格旁同名的 .toml。",
        "Rules file (TOML). Default: the .toml with the table's name, beside it.",
    ),
    "help.opt.sheet": (
        ".xlsx 表格要读的工作表：名称或序号（默认：表头是会议表或单位表的那一个）。",
        "Sheet of an .xlsx table to read: its name or number (default: the one whose header is a table's).",
    ),
    "help.opt.format": (
        "--out 时写哪些文件：csv、xlsx、docx、html，逗号分隔或重复给出（默认全部）。规则文件 timetable.toml 总会写出。",
        "Files to write with --out: csv, xlsx, docx, html, comma-separated or repeated (default: all). "
        "timetable.toml (the rules used) is always written.",
    ),
    "help.opt.encoding": (
        "timetable.csv 的编码：utf-8（带 BOM，默认）、"
        "gbk（旧版 Excel、WPS 直接打开）或 gb18030（与 gbk 相同，另能写出生僻字）。",
        "Encoding of timetable.csv: utf-8 (with BOM, the default),"
        " gbk (for old Excel and WPS) or gb18030 (gbk, and rare characters too).",
    ),
    "help.opt.encoding_kept": (
        "timetable.csv 的编码：默认沿用原表的编码（GBK 的表写为 gb18030，字节与 gbk 相同；工作簿的表为 utf-8）；"
        "或 utf-8（带 BOM）、gbk（旧版 Excel、WPS 直接打开）、gb18030（与 gbk 相同，另能写出生僻字）。",
        "Encoding of timetable.csv: by default the table's own (a GBK table is written as gb18030, byte for byte"
        " gbk; utf-8 for a workbook's table); or utf-8 (with BOM), gbk (for old Excel and WPS), gb18030 (gbk,"
        " and rare characters too).",
    ),
    "help.opt.time_format": (
        "timetable.csv 的时间写法：iso（2021-09-08 08:00，默认）或 notice（通知的写法：9月8日 8:00）。",
        "How timetable.csv writes times: iso (2021-09-08 08:00, the default) or notice (9月8日 8:00; Sep 8 8:00 "
        "for a table with English headers).",
    ),
    "help.opt.time_format_kept": (
        "timetable.csv 的时间写法：默认沿用原表的写法（.xlsx 表格为 iso）；或 iso（2021-09-08 08:00）、notice"
        "（通知的写法：9月8日 8:00）。",
        "How timetable.csv writes times: by default the table's own way (iso for a workbook's table); or iso"
        " (2021-09-08 08:00), notice (9月8日 8:00; Sep 8 8:00 for a table with English headers).",
    ),
    "help.opt.time_limit": (
        "整条命令最多用的秒数（含读写文件）；到时给出目前找到的最好答案。",
        "Seconds the whole command may take, files read and written included (the best answer found by then).",
    ),
    "help.opt.objective": (
        "compact：尽早结束；stable：尽量少改动表格中已有的时间。",
        "compact: finish as early as possible; stable: move as few units as possible from the table's times.",
    ),
    "help.opt.out_solve": (
        "把 timetable.csv、.xlsx、.docx、.html、所用规则、联系人表和邀请写入此文件夹（可整个复制到别处使用）。",
        "Write timetable.csv, .xlsx, .docx, .html, the rules used, the contacts and the invites here "
        "(the folder works as it stands wherever it is copied).",
    ),
    "help.opt.out_reschedule": (
        "把新时间表（.csv、.xlsx、.docx、.html）、所用规则、调整通知（单位表）和更新后的邀请写入此文件夹。",
        "Write the new timetable (.csv, .xlsx, .docx, .html), the rules used, the adjustment notice "
        "(unit tables) and the updated invites here.",
    ),
    "help.opt.json": (
        "在标准输出只打印一个 JSON 文档，代替文字（结构见源代码的 docs/cli.md）；退出码不变。",
        "Print one JSON document on stdout instead of the text (its keys: the source's docs/cli.md); "
        "the same exit codes.",
    ),
    "help.opt.alternatives": (
        "列出最多 K 个不同的最优时间表（加 --out 时写入 文件夹/alternative-1/、-2/……）。",
        "Show up to K different timetables, all optimal (with --out: DIR/alternative-1/, -2/...).",
    ),
    "help.opt.unavailable": (
        "该单位（会议表：该人员或单位）这些时间不能参加，可重复。"
        "时间可写 9月8日 8:00-11:00、9月8日下午、9月8日、上午（每天上午）。",
        "The unit (in a meeting table: the person or unit) cannot come then; repeatable. "
        "E.g. Sep 8 8:00-11:00, Sep 8 afternoon, Sep 8 (the day), morning (every morning).",
    ),
    "help.opt.only": (
        "（单位表）该单位只能在这些时间参加，可重复（同一单位的几条合起来算）。例：区财政局@上午、区财政局@9月9日。",
        "(Unit tables.) The unit can come only then; repeatable (one unit's values add up). "
        'E.g. "Finance Office@morning" (mornings only), "Finance Office@Sep 9".',
    ),
    "help.opt.pin": (
        "该单位必须在这个时间对接；会议表：会议@时间[@会议室]，该会议固定在这个时间（和会议室）。可重复。",
        "The unit must meet at TIME; in a meeting table MEETING@TIME[@ROOM]: the meeting is held then "
        "(and there). Repeatable.",
    ),
    "help.opt.drop": (
        "该单位撤销（会议表：该会议取消），可重复。",
        "The unit (in a meeting table: the meeting) is withdrawn. Repeatable.",
    ),
    "help.opt.add": (
        "新增单位，例：区统计局,部门 或 新街道,镇办,F（并行组直接写，不写“并行组=”）；"
        "会议表新增会议：会议,时长,参会人员[,可选参会人员]，"
        "人名间用“、”，例：临时碰头会,30分钟,王主任、周工程师；其后可按表头写其他列：列名=值，"
        "例：家长004-英语老师,10分钟,家长004、英语老师,指定会议室=303室,人数=3。可重复。",
        'A new unit, e.g. "Audit,Department" or "Northgate,Town,F"; in a meeting table a new meeting, '
        "MEETING,LENGTH,REQUIRED[,OPTIONAL], names separated by ; (a name the people sheet holds "
        'with a comma stays whole: "Sync,30,Doe, Jane; Roe, Rick"), e.g. "Quick sync,30 minutes,Dr. Smith; Jane Roe"; '
        "then the table's other columns as KEY=VALUE (KEY a header of the table), "
        'e.g. "Sync,30,Doe, Jane,Rooms allowed=R1,Seats=3" (a unit\'s group is written bare: no KEY=). '
        "Repeatable.",
    ),
    "help.opt.link": (
        "（单位表）后一单位须在同一天紧接前一单位对接，例：区自然资源局,北关区规划技术服务中心。可重复。",
        "(Unit tables.) THEN must meet directly after FIRST, the same day, "
        'e.g. "Planning Office,Survey Centre". Repeatable.',
    ),
    "help.opt.contacts": (
        "联系人表（单位、邮箱、联系人）。默认：规则文件指定的那个。会议表不用：地址在人员表中。",
        "Contacts table (Unit, Email, Contact). Default: the one the rules file names. "
        "Not for a meeting table: its addresses are in its people sheet.",
    ),
    "help.opt.out_ics": (
        "邀请和状态文件所在的文件夹；每次都导出到同一个文件夹。",
        "Folder of the invites and their state file; export into the same folder every time.",
    ),
    "help.opt.out_example": ("写入的文件夹。", "The folder to write into."),
    "help.opt.example_meetings": (
        "复制会议示例（meetings_2025.csv、meetings_2025.toml、people_2025.csv）。",
        "Copy the meetings example (meetings_2025.csv, meetings_2025.toml, people_2025.csv).",
    ),
    "help.opt.example_english": (
        "复制英文示例：visits_2027.csv、visits_2027.toml、visits_contacts_2027.csv；与 --meetings 一起："
        "school_2027.csv、school_2027.toml、school_people_2027.csv（源代码的 docs/tutorial-en.md）。",
        "Copy the English example: visits_2027.csv, visits_2027.toml, visits_contacts_2027.csv; with --meetings"
        " school_2027.csv, school_2027.toml, school_people_2027.csv (the source's docs/tutorial-en.md).",
    ),
    "help.opt.invites": ("邀请文件夹。默认：表格旁的 invites/。", "Invites folder. Default: invites/ beside TABLE."),
    "help.opt.smtp_host": ("邮件服务器（--dry-run 时不需要）。", "The mail server (not needed with --dry-run)."),
    "help.opt.smtp_port": (
        "端口。默认 587，--ssl 时 465，--insecure-plain 时 25。",
        "Default: 587, 465 with --ssl, 25 with --insecure-plain.",
    ),
    "help.opt.smtp_timeout": (
        "每一步最多等服务器多少秒。默认按 RFC 5321 分步：命令 5 分钟，邮件发完后等答复 10 分钟。",
        "Wait at most S seconds for the server at every step. Default: RFC 5321's per-step waits "
        "(5 minutes per command, 10 minutes for the reply after the message).",
    ),
    "help.opt.starttls": ("用 STARTTLS 加密连接（默认）。", "Upgrade the connection with STARTTLS (the default)."),
    "help.opt.ssl": ("从第一个字节起就用 TLS（端口 465）。", "TLS from the first byte (port 465)."),
    "help.opt.insecure_plain": (
        "完全不加密：所有内容连同密码都以明文传输（端口 25）。",
        "No TLS at all: everything, the password too, in clear text (port 25).",
    ),
    "help.opt.cafile": (
        "信任文件中（PEM）的证书颁发机构，例如内网 CA。",
        "Trust the server certificate's CA from FILE (PEM), e.g. an intranet CA.",
    ),
    "help.opt.user": (
        "以此用户名登录；密码取自环境变量 DOCKING_SMTP_PASSWORD，或提示输入。",
        "Log in as USER; the password comes from $DOCKING_SMTP_PASSWORD or a prompt.",
    ),
    "help.opt.from": (
        "发信的邮箱（信封发件人和 Sender 头）；From: 仍是组织单位。默认：组织单位。",
        "Mailbox that sends (envelope sender and Sender header). From: stays the organiser. Default: the organiser.",
    ),
    "help.opt.dry_run": (
        "把每封信写成 文件夹/<单位>.eml（单位的其他邮箱：文件夹/<单位>/<邮箱>.eml；会议表：文件夹/<会议>/<人员>.eml；"
        "--remind：文件夹/reminders/ 下同样排列），不发送。",
        "Write each message as DIR/<unit>.eml (a unit's further address: DIR/<unit>/<address>.eml; a meeting "
        "table: DIR/<meeting>/<person>.eml; --remind: the same under DIR/reminders/); send nothing.",
    ),
    "help.opt.now": (
        "把这一时刻当作“现在”（带时差，如 2027-01-04T08:00+08:00；默认：环境变量 DOCKING_NOW，"
        "否则电脑时钟）：已开始的会议不再发送邀请、更新或取消；--remind 按这一时刻判断哪些提醒到期。",
        "Judge as of this time (with its offset, such as 2027-01-04T08:00+08:00; default: $DOCKING_NOW, "
        "else the computer's clock): meetings that have started are not mailed; with --remind, which "
        "reminders are due.",
    ),
    "help.opt.only_changed": (
        "只寄给以前寄过、且邀请的 SEQUENCE 变大了的单位。",
        "Only units mailed before whose invite has a higher SEQUENCE now.",
    ),
    "help.opt.discard_changes": (
        "与 --out 同用：DIR 记录了所给表格和规则没有的调整（reschedule 写入 timetable.toml 的不能参加、固定时间等，"
        "--drop 撤销、--add 新增的单位或会议）时，放弃它们照常求解：撤销的重新排入（并邀请），新增的不再排入"
        "（不加时拒绝并列出它们）。",
        "With --out: when DIR records changes the table and rules given lack (a reschedule's unavailability, pins "
        "and the like in timetable.toml; units or meetings its --drop withdrew or --add added), drop them and "
        "solve: a withdrawn one is placed (and invited) again, an added one left out (without it, solve refuses "
        "and names them).",
    ),
    "help.opt.allow_differing_copy": (
        "即使同一时间表的另一份（表格旁的 timetable.xlsx、工作簿的“数据”表）内容不同，也照读所给的表；"
        "--out 会覆盖另一份。",
        "Read the table given even though another copy of its timetable (timetable.xlsx beside it, the "
        "workbook's 数据 sheet) differs; --out then overwrites that copy.",
    ),
    "help.opt.allow_differing_copy_read": (
        "即使同一时间表的另一份（表格旁的 timetable.xlsx、工作簿的“数据”表）内容不同，也照读所给的表（另一份不改）。",
        "Read the table given even though another copy of its timetable (timetable.xlsx beside it, the "
        "workbook's 数据 sheet) differs (that copy is left as it is).",
    ),
    "help.opt.allow_differing_copy_send": (
        "即使同一时间表的另一份（表格旁的 timetable.xlsx、工作簿的“数据”表）内容不同，也按所给的表寄出；"
        "寄出后另一份按它重写。",
        "Mail from the table given even though another copy of its timetable (timetable.xlsx beside it, the "
        "workbook's 数据 sheet) differs; after mailing, that copy is rewritten from it.",
    ),
    "help.opt.allow_cancel": (
        "即使要取消的单位邀请较多（超过 3 个或 10%；取消 1 个总可照常进行）也照常进行。",
        "Go ahead when the invites of more than a few units would be cancelled (more than 3, or more than 10%;"
        " one always goes ahead).",
    ),
    "help.opt.out_serve": (
        "项目文件夹（默认：表格本身是项目的 timetable.csv 时为它所在的文件夹，否则为 out）。",
        "The project folder (default: TABLE's own folder when TABLE is a project's timetable.csv, else out).",
    ),
    "help.opt.port": (
        "端口（默认 0：该项目上次用的端口，若已被占用则任一空闲端口）。",
        "Port (default 0: the project's port of last time, else a free one).",
    ),
    "help.opt.host": (
        "监听的地址。对本机以外开放时须设登录密码（环境变量 DOCKING_WEB_PASSWORD 或提示输入）。",
        "Address to listen on. Beyond this machine a login password is required ($DOCKING_WEB_PASSWORD or a prompt).",
    ),
    "help.opt.host_name": (
        "浏览器访问本服务器时可以使用的主机名（如 office-pc.example.org），可重复；地址本身始终可用。",
        "A host name browsers may call this server by (e.g. office-pc.example.org); repeatable. Its address always"
        " works.",
    ),
    "help.opt.no_browser": ("不自动在浏览器中打开页面。", "Do not open the page in a browser."),
    "help.opt.remind": (
        "只寄出今天到期的提醒（答复、对接、截止日期），每条只寄一次；每天运行一次。详见源代码的 docs/replies.md。",
        "Mail only the reminders due today (answer, meeting, deadline), each once; run daily. "
        "See the source's docs/replies.md.",
    ),
    "help.opt.send_ledger": (
        "答复台账：其中退信的地址不再寄送（--remind 还据此看答复）。默认：发送日志旁。",
        "The replies ledger: addresses that bounced are not mailed (--remind also reads the answers). "
        "Default: beside the journal.",
    ),
    "help.opt.allow_bounced": (
        "照样寄给邮件曾被退回、通讯录中仍未改的地址（对方已清理邮箱、已放行本办公室的来信或邮箱已修复时用）。",
        "Mail addresses whose mail bounced and that the contacts still give (once the mailbox is cleared, the "
        "office's mail let through, or the mailbox fixed).",
    ),
    "help.opt.allow_zone_change": (
        "规则文件的时区（timezone）改了以后，照样把因此换了时刻的邀请重新寄出（时区确实改了时用；写错了请改回）。",
        "Mail the invites that move only because the rules' timezone changed since they were mailed (when "
        "the zone did change; if it was a mistake, put it back).",
    ),
    "help.opt.maildir": ("读取 Maildir 文件夹（cur/、new/）。", "Read a Maildir folder (cur/, new/)."),
    "help.opt.mbox": (
        "读取 mbox 文件（Thunderbird 的本地文件夹、/var/mail/……）。",
        "Read an mbox file (Thunderbird's local folders, /var/mail/...).",
    ),
    "help.opt.eml": (
        "读取文件夹中的 .eml 文件（从 Foxmail、Thunderbird 等存下的邮件），或一个 .eml 文件；"
        "Outlook 的 .msg 无法读取。",
        "Read the .eml files in DIR (messages saved from Foxmail, Thunderbird...), or one .eml file; Outlook's "
        ".msg files cannot be read.",
    ),
    "help.opt.imap_host": (
        "读取 IMAP 服务器上的文件夹（默认用 993 端口的 TLS）。",
        "Read a folder on an IMAP server (TLS on port 993 by default).",
    ),
    "help.opt.imap_port": (
        "端口。默认 993，--starttls 或 --insecure-plain 时 143。",
        "Default: 993, 143 with --starttls or --insecure-plain.",
    ),
    "help.opt.imap_user": (
        "IMAP 登录名；密码取自环境变量 DOCKING_IMAP_PASSWORD，未设置时取 DOCKING_SMTP_PASSWORD，或提示输入。",
        "IMAP login; the password comes from $DOCKING_IMAP_PASSWORD, else $DOCKING_SMTP_PASSWORD, or a prompt.",
    ),
    "help.opt.folder": (
        "IMAP 文件夹（默认 INBOX），或 --maildir 下的 Maildir++ 子文件夹。",
        "IMAP folder (default INBOX), or a Maildir++ subfolder of --maildir.",
    ),
    "help.opt.imap_starttls": (
        "用 143 端口并以 STARTTLS 加密，而不是 993 端口的 TLS。",
        "IMAP on port 143 upgraded with STARTTLS, instead of TLS on 993.",
    ),
    "help.opt.imap_plain": (
        "IMAP 不加密：密码和邮件都以明文传输。",
        "IMAP without TLS: the password and the mail in clear text.",
    ),
    "help.opt.imap_cafile": (
        "信任文件中（PEM）的 IMAP 服务器证书颁发机构。",
        "Trust the IMAP server certificate's CA from FILE (PEM).",
    ),
    "help.opt.ledger": (
        "答复台账。默认：发送日志旁的 replies-ledger.jsonl。",
        "Replies ledger. Default: replies-ledger.jsonl beside the journal.",
    ),
    "help.opt.ledger_reschedule": (
        "与 --from-replies 同用：答复台账。默认：表格旁的 replies-ledger.jsonl。",
        "With --from-replies: the replies ledger. Default: replies-ledger.jsonl beside TABLE.",
    ),
    "help.opt.out_replies": (
        "把带答复的 timetable.csv、.xlsx 和 replies.csv 写入此文件夹。",
        "Write timetable.csv and .xlsx with the answers, and replies.csv, into DIR.",
    ),
    "help.opt.show_all": (
        "逐行列出时间表和每份邀请的变化（默认超过 200 行时，写出文件的时间表不再列出，新建的邀请只计数，"
        "更新和取消的每个会议一行）。",
        "List the timetable and every invite copy's change (by default, past 200 rows a timetable written to "
        "files is not listed, new copies are counted and updates and cancellations are one row a meeting).",
    ),
    "help.opt.replies_all": (
        "逐条列出每个答复，包括接受和未答复的（默认超过 200 条时只列出其余答复，接受和未答复只计数）。",
        "List every answer, the accepted and unanswered too (by default, past 200 rows those are only counted).",
    ),
    "help.opt.from_replies": (
        "把 replies 读到的拒绝和改期提议作为调整（原话记为原因；会议表：拒绝的时间记为该参会人员没空）。",
        "Turn the declines and counter-proposals read by `replies` into unavailability "
        "(their words as the reason) and proposed times (meeting tables: the participant's unavailability).",
    ),
    "help.opt.journal": (
        "发送日志。默认：表格旁的 mail-journal.jsonl。",
        "Mail journal. Default: mail-journal.jsonl beside TABLE.",
    ),
    "version": ("{prog}，版本 {version}", "{prog}, version {version}"),
    "version_commit": ("{prog}，版本 {version}（提交 {commit}）", "{prog}, version {version} (commit {commit})"),
    "version_commit_changed": (
        "{prog}，版本 {version}（提交 {commit}，文件已在本地修改）",
        "{prog}, version {version} (commit {commit}, its files changed locally)",
    ),
    "interrupted": ("已中断：重新运行同一命令即可", "interrupted: run the same command again"),
    "internal": (
        "内部错误（{reason}）：这是本程序的缺陷，请连同命令和所用文件一起报告",
        "internal error ({reason}): a bug in this program; please report it with the command and its files",
    ),
    # -- the example command and language errors
    "lang.unknown": (
        "{source}：未知的语言“{value}”（可选：{known}）",
        "{source}: unknown language '{value}' (choose: {known})",
    ),
    "example.written": (
        "已复制 2021 年示例到 {path}",
        "Copied the 2021 example (a Chinese table) into {path}; the English ones: example --english",
    ),
    "example.written_meetings": (
        "已复制 2025 年会议示例到 {path}",
        "Copied the 2025 meetings example (a Chinese table) into {path}; the English one: example --english --meetings",
    ),
    "example.written_english": (
        "已复制 2027 年英文示例（来访单位）到 {path}",
        "Copied the 2027 visits example into {path}",
    ),
    "example.written_english_meetings": (
        "已复制 2027 年英文会议示例（学校）到 {path}",
        "Copied the 2027 school meetings example into {path}",
    ),
    "example.differs": (
        "{path} 已存在且内容不同：没有覆盖任何文件（删掉它，或用 --out 换一个文件夹）",
        "{path} exists and differs: nothing was overwritten (remove it, or choose another folder with --out)",
    ),
    "example.default_table": (
        "未指定表格，使用内置的 2021 年示例：{path}",
        "No table given: the built-in 2021 example, {path}",
    ),
    # -- a time limit that cannot be held (said before the search)
    # -- (a unit timetable written with --out, past 200 rows: scheduler.cli.solving._show_result)
    "show.rows_folded": (
        "时间表共 {count} 个单位，已写入 --out 的文件，这里不逐行列出（加 --all 列出）",
        "The timetable's {count} {count|unit|units} are in the files --out writes, not listed here (--all lists them)",
    ),
    "limit.late": (
        "时限内完成不了：按本机到目前为止的速度，得出第一个时间表并输出还需约 {needed} 秒，"
        "比时限加 1 秒的宽限晚约 {late} 秒；继续进行，找到的时间表照常完整写出",
        "The time limit cannot be held: at this machine's pace so far, the first timetable and its output "
        "still need about {needed} s, about {late} s past the limit and its second of grace; "
        "going on, a timetable found is written whole",
    ),
    # -- (the same two, when only the machine's load per core foretells it, not the command's own pace so far:
    # -- a risk, not a certainty; QA qabig25 F7: said, then 4 of 10 such runs ended within T + 1)
    "limit.late_risk": (
        "时限可能守不住：本机负载高（每核约 {load} 个程序），得出第一个时间表并输出可能还需约 {needed} 秒，"
        "比时限加 1 秒的宽限晚约 {late} 秒；继续进行，找到的时间表照常完整写出",
        "The time limit may not be held: with this machine's load (about {load} programs a core), the first "
        "timetable and its output may need about {needed} s, about {late} s past the limit and its second of "
        "grace; going on, a timetable found is written whole",
    ),
    "limit.late_meetings_risk": (
        "时限可能守不住：本机负载高（每核约 {load} 个程序），得出第一个时间表并输出可能还需约 {needed} 秒，"
        "比时限加 1 秒的宽限晚约 {late} 秒；继续寻找，找到的时间表照常完整写出；"
        "宽限内仍找不到时会说明是时间不够（退出码 3），并非无解",
        "The time limit may not be held: with this machine's load (about {load} programs a core), the first "
        "timetable and its output may need about {needed} s, about {late} s past the limit and its second of "
        "grace; going on, a timetable found is written whole; if none is found within the grace, that is said "
        "as time running out (exit 3), not as no timetable existing",
    ),
    # -- (the same, on a meeting table: its greedies are cut by the clock, so a first timetable is not sure)
    "limit.late_meetings": (
        "时限内完成不了：按本机到目前为止的速度，得出第一个时间表并输出还需约 {needed} 秒，"
        "比时限加 1 秒的宽限晚约 {late} 秒；继续寻找，找到的时间表照常完整写出；"
        "宽限内仍找不到时会说明是时间不够（退出码 3），并非无解",
        "The time limit cannot be held: at this machine's pace so far, the first timetable and its output "
        "still need about {needed} s, about {late} s past the limit and its second of grace; "
        "going on, a timetable found is written whole; if none is found within the grace, that is said "
        "as time running out (exit 3), not as no timetable existing",
    ),
    # -- (said as the command ends, when the line above was not said and the limit was not held after all)
    "limit.was_late": (
        "时限未守住：本命令比时限加 1 秒的宽限晚约 {late} 秒结束（搜索前按当时的速度估计来得及）",
        "The time limit was not held: the command ended about {late} s past the limit and its second of "
        "grace (at the pace before the search it looked in time)",
    ),
}

CLICK_ZH: dict[str, str] = {
    # click's marked sentences (msgid -> Chinese); scheduler/cli/language.py installs them.
    "Aborted!": "已中止。",
    "deprecated": "已弃用",
    "Missing command.": "缺少命令。",
    "required": "必填",
    "Options": "选项",
    "Positional arguments": "参数",
    "Commands": "命令",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "注意：命令 {name!r} 已弃用。{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "注意：{param_type} {name!r} 已弃用。{extra_message}"
    ),
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Value must be an iterable.": "值须是一组值。",
    "env var: {var}": "环境变量：{var}",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（动态）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Did you mean {possibility}?": "是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要用其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "unknown error": "未知错误",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Try {command!r} for help.": "用 {command!r} 查看帮助。",  # scheduler/cli/main.py's own use of click's words
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Usage:": "用法：",
    "Invalid start character for option ({option})": "选项的首字符无效（{option}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Press any key to continue...": "按任意键继续……",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值（{choices}）之一。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats} 中的任何一种。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值。可用：{states}",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 无法执行。",
}

CLICK_NOT_SHOWN = frozenset(
    {
        # Raised only for mistakes in our own code (declaring commands), never shown to a user.
        "Name '{name}' defined twice",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "Could not determine name for option with declarations {decls!r}",
        "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
        "Did you mean to pass '--{name}'?",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Unknown standard stream '{name}'",
        "Unknown color {colour!r}",
        "Choice({choices})",  # a repr
    }
)
"""Sentences click marks that are not translated, on purpose (a test keeps the lists complete)."""
