"""Messages: the web app (``serve``): its errors (``web.*``), the command (``serve.*``), the page (``ui.*``)."""

ENTRIES: dict[str, tuple[str, str]] = {
    # -- errors and states the app reports
    "web.stale": (
        "时间表已在别处修改（另一个标签页或命令行）：本次修改未保存。请重新载入后再改",
        "the timetable was changed elsewhere (another tab or the command line): this change was not saved. "
        "Reload, then change it again",
    ),
    "web.stale_files": (
        "时间表已在别处修改（另一个标签页或命令行改了 {files}）：本次修改未保存。请重新载入后再改",
        "the timetable was changed elsewhere (another tab or the command line changed {files}): this change "
        "was not saved. Reload, then change it again",
    ),
    "web.stale_mail": (
        "时间表已在别处修改（另一个标签页或命令行）：邮件未发送。请重新载入，看过新的时间表后再预览、发送",
        "the timetable was changed elsewhere (another tab or the command line): no mail was sent. Reload, look "
        "at the new timetable, then preview and send again",
    ),
    "web.stale_mail_files": (
        "时间表已在别处修改（另一个标签页或命令行改了 {files}）：邮件未发送。请重新载入，看过新的时间表后再预览、发送",
        "the timetable was changed elsewhere (another tab or the command line changed {files}): no mail was "
        "sent. Reload, look at the new timetable, then preview and send again",
    ),
    "web.sending_stopped": (
        "上次发送被中断：已发送 {sent}，{left} 封未发送；现在没有在发送。按“发送”继续",
        "the last sending was interrupted: {sent} sent, {left} not sent; nothing is sending now. Press Send to go on",
    ),
    "web.copies_beside": (
        "{other} 中的时间表与这里的不同（{diff}）：在 Excel 里改过它的话，请用“打开表格”打开它；"
        "在此之前这里的修改不会保存（以免覆盖它）",
        "{other} holds a different timetable ({diff}): if it was edited in Excel, open it with Open a table; "
        "until then changes made here are not saved (they would overwrite it)",
    ),
    "web.copies_overwrite": (
        "{other} 中的时间表与这里的不同（{diff}；在 Excel 里改过？）：本次修改未保存，以免覆盖它。"
        "请用“打开表格”打开它；要以这里为准，请先把它移走",
        "{other} holds a different timetable ({diff}; edited in Excel?): this change was not saved, so as not "
        "to overwrite it. Open it with Open a table; to keep this timetable instead, move that file away first",
    ),
    "web.no_project": (
        "项目文件夹中没有 timetable.csv 和 timetable.toml",
        "the project folder has no timetable.csv and timetable.toml",
    ),
    "web.nothing_to_undo": ("没有可以撤销的修改", "nothing to undo"),
    "web.undo_elsewhere": (
        "时间表在上次修改后已在别处改动，无法撤销（以免覆盖那次改动）",
        "the timetable was changed elsewhere since: undoing would overwrite that change",
    ),
    "web.no_meeting": (
        "没有这一场对接（页面已过时？请重新载入）",
        "no such meeting (is the page out of date? reload it)",
    ),
    "web.job_busy": (
        "已有一个求解在运行（也许是在另一个标签页或重新载入前开始的）：它的进度显示在下面，可等它结束或按“停止”",
        "a solve is already running (perhaps started in another tab or before a reload): its progress is shown "
        "below; wait for it or press Stop",
    ),
    "web.sending_frozen": (
        "正在发送邀请：发送结束后再改时间表（本次修改未保存）",
        "invites are being sent: change the timetable when the sending has ended (this change was not saved)",
    ),
    "web.sending_download": (
        "正在发送邀请：发送结束后再下载日历邀请（发送正在更新邀请文件夹）",
        "invites are being sent: download the invites when the sending has ended (it is updating the invites folder)",
    ),
    "web.sending_publish": (
        "正在发送邀请：发送结束后再发布到日历（发送正在更新邀请文件夹）",
        "invites are being sent: publish the feeds when the sending has ended (it is updating the invites folder)",
    ),
    "web.unexplained_updates.people": (  # a meeting table has no deadlines (QA qaics19 F2)
        "注意：{count} 份邀请将作为更新发出，时间、地点和邮箱却都没变：{units}。若说明和参会人员"
        "也没改，这是本程序升级后邀请的写法变了；收件人仍会被请求重新答复（邮件见下）",
        "Note: {count} {count|invite goes|invites go} out as an update with the same time, room and "
        "address: {units}. If their text and participants did not change either, this version "
        "writes invites differently than the one before; each recipient is still asked to answer again "
        "(the mails are below)",
    ),
    "web.unexplained_updates": (
        "注意：{count} 份邀请将作为更新发出，时间、地点和邮箱却都没变：{units}。若说明、时间节点和参会人员"
        "也没改，这是本程序升级后邀请的写法变了；收件人仍会被请求重新答复（邮件见下）",
        "Note: {count} {count|invite goes|invites go} out as an update with the same time, room and "
        "address: {units}. If their text, deadlines and participants did not change either, this version "
        "writes invites differently than the one before; each recipient is still asked to answer again "
        "(the mails are below)",
    ),
    "web.send_busy": (
        "已有一次发送在进行（也许是在另一个标签页或重新载入前开始的）：它的进度显示在下面，请等它结束",
        "a sending is already under way (perhaps started in another tab or before a reload): its progress is "
        "shown below; wait for it to end",
    ),
    "web.job_crashed": (
        "任务意外失败（{reason}），详情见服务器日志",
        "the job failed unexpectedly ({reason}); the server's log has details",
    ),
    "web.no_job": ("没有这个任务（服务器已重启？）", "no such job (was the server restarted?)"),
    "web.phase.starting": ("正在求解", "solving"),
    "web.phase.greedy": ("已有可行时间表，正在寻找更好的", "a timetable is found; looking for a better one"),
    "web.phase.solving": ("求解器找到了更好的时间表，继续寻找", "the solver found a better timetable; looking on"),
    "web.phase.explaining": (
        "没有满足全部规则的时间表，正在查找原因",
        "no timetable satisfies every rule; finding why",
    ),
    "web.criterion.end_slots": (
        "目前最好：最后一场在第 {value} 个时段",
        "best so far: the last meeting in slot {value}",
    ),
    "web.criterion.moved": ("目前最好：调整 {value} 个单位", "best so far: {value} {value|unit|units} moved"),
    "web.criterion.displacement": (
        "目前最好：共挪动 {value} 个时段",
        "best so far: {value} {value|slot|slots} of displacement",
    ),
    "web.best_levels": ("目前最好：{levels}", "best so far: {levels}"),
    "web.level": ("{level} {value}", "{level} {value}"),
    "web.bad_host": ("请求的主机名不是本服务器", "the request does not name this server as its host"),
    "web.bad_origin": ("请求来自其他网站，已拒绝", "the request comes from another site and was refused"),
    "web.csrf": (
        "页面令牌缺失或已过期（服务器重启过？请重新载入页面）",
        "the page's token is missing or out of date (server restarted? reload the page)",
    ),
    "web.login_needed": ("请先登录", "log in first"),
    "web.access_needed": (
        "这个网页只给启动它的人用：请打开 serve 在终端里打印的网址（带 ?token=…；serve 每次启动都换一个）",
        "this page is for the one who started it: open the address serve printed in its terminal (with "
        "?token=…; each start of serve makes a new one)",
    ),
    "web.access_stale": (
        "这个网址的令牌已失效：它是 serve 以前某次启动时打印的（serve 每次启动都换一个）。"
        "请打开 serve 在终端里最新打印的网址",
        "this address's token is out of date: serve printed it at an earlier start (each start of serve makes a "
        "new one). Open the address serve printed last in its terminal",
    ),
    "web.access_title": ("需要终端里打印的网址", "Open the address serve printed"),
    "web.access_how": (
        "书签、浏览记录或别人转来的网址都进不来："
        "只有运行 serve 的那个终端里最新打印的、带 ?token= 的网址能打开这个网页。"
        "页面上还没保存的改动，打开那个网址后会再提示。",
        "A bookmark, the browser's history or an address someone forwarded does not let in: only the address "
        "with ?token= that serve printed last in its terminal opens this page. A change the page had not "
        "saved is offered again once that address is open.",
    ),
    "web.entering": ("正在打开…", "opening…"),
    "web.login_wait": (
        "登录失败次数过多：请 {seconds} 秒后再试",
        "too many failed logins: try again in {seconds} seconds",
    ),
    "web.not_found": ("没有这个页面", "no such page"),
    "web.bad_method": ("不支持这种请求方式", "this request method is not allowed here"),
    "web.too_big": (
        "上传的文件太大（上限 {limit} MB）；更大的表格或规则文件请在命令行用 "
        "docking-scheduler serve 表格文件 打开（从磁盘读取，不经上传）",
        "the upload is too large (at most {limit} MB); open a larger table or rules file from the command line "
        "with docking-scheduler serve TABLE (read from disk, not uploaded)",
    ),
    "web.bad_request": ("请求格式不对", "the request is not well formed"),
    "web.internal": (
        "服务器内部错误（{reason}），详情见服务器日志",
        "internal error ({reason}); the server's log has details",
    ),
    "web.pin_needs_time": (
        "{unit} 还没有安排在对接时段内，无法固定",
        "{unit} has no meeting time in the calendar to pin",
    ),
    "web.no_upload": ("请选择要打开的表格文件", "choose a table file to open"),
    "web.upload_type": ("只能打开表格文件（{known}）", "only table files can be opened ({known})"),
    "web.sheet_outside": (
        "“{value}”不在上传的文件之中：上传的规则文件只能用文件名引用与它一同选择的表格（不能是绝对路径，不能含 ..）",
        "'{value}' is not among the uploaded files: an uploaded rules file names the sheet chosen with it by its "
        "file name only (no absolute path, no ..)",
    ),
    "web.sheet_missing": (
        "规则引用的{what} {name} 未上传：请一并选择该文件",
        "the {what} {name} the rules name was not uploaded: choose it with the table",
    ),
    "web.sheet.contacts": ("联系人表", "contacts table"),
    "web.sheet.people": ("人员表", "people sheet"),
    "web.too_many_alternatives": ("备选方案最多 {most} 个", "at most {most} alternatives"),
    "web.result_outdated": (
        "这个结果是按修改前的时间表求出的，请重新求解",
        "this result was found for an earlier version of the timetable: solve again",
    ),
    "web.result_none": ("这次求解没有找到时间表，无可应用", "this solve found no timetable: there is nothing to apply"),
    "web.bad_limit": (
        "时限须为 0.1 到 3600 秒，而不是“{value}”",
        "the time limit must be 0.1 to 3600 seconds, not '{value}'",
    ),
    "web.no_feed": ("没有这个日历订阅地址（地址已更换？）", "no such calendar feed (were the addresses renewed?)"),
    "web.no_invites": (
        "规则文件没有设置日历邀请（[invites]，见源代码的 docs/invites.md）",
        "the rules file sets up no calendar invites ([invites], see the source's docs/invites.md)",
    ),
    "web.invites_refused": (
        "时间表有 {count} 处违反规则，不生成邀请；第一处：{first}",
        "the timetable breaks the rules in {count} {count|place|places}, so no invites are made; the first: {first}",
    ),
    "web.bad_port": ("端口须为 1 到 65535，而不是“{value}”", "the port must be 1 to 65535, not '{value}'"),
    "web.other_campaign": (
        "项目文件夹 {folder} 的邀请属于活动“{old}”，这个表格的规则写的是“{new}”：没有打开。新的活动请另用一个项目"
        "文件夹（停止服务器，再运行 serve 新表格 --out 新文件夹）；同一活动请把规则的 campaign 改回“{old}”",
        "the invites of the project folder {folder} belong to campaign '{old}', this table's rules say '{new}': "
        "not opened. For a new campaign use another project folder (stop the server, then run serve NEW_TABLE "
        "--out NEW_FOLDER); for the same campaign, set campaign back to '{old}' in the rules",
    ),
    "web.state_campaign": (
        '该文件夹的邀请属于活动“{old}”，规则文件 [invites] 写的是 campaign = "{new}"：若是新一轮对接，请另用一个项目'
        "文件夹（停止服务器，再运行 serve 新表格 --out 新文件夹）；若仍是同一轮，请把 campaign 改回“{old}”",
        "this folder's invites belong to campaign '{old}' but the rules' [invites] say campaign = \"{new}\": for a "
        "new round use another project folder (stop the server, then run serve NEW_TABLE --out NEW_FOLDER); for the "
        "same round set campaign back to '{old}'",
    ),
    "web.state_past_round": (
        "该文件夹的邀请是上一轮对接的（活动“{old}”，最后一个会议在 {last}）：新一轮（活动“{new}”）请另用一个项目文件夹"
        "（停止服务器，再运行 serve 新表格 --out 新文件夹），这个项目文件夹留作上一轮的记录",
        "this folder's invites are a past round's (campaign '{old}', last meeting on {last}): open the new round "
        "(campaign '{new}') in another project folder (stop the server, then run serve NEW_TABLE --out NEW_FOLDER) "
        "and keep this one as the past round's record",
    ),
    "web.new_round": (
        "该文件夹的邀请是上一轮对接的（活动“{old}”，最后一个会议在 {last}），"
        "规则的对接日期从 {first} 开始{year_note}："
        "这像是新一轮对接，不能把上一轮的日历邀请改成这一轮的。请在规则文件 [invites] 里写新的活动编号"
        '（如 campaign = "{offered}"），停止服务器，再用新的项目文件夹打开新表格（serve 新表格 --out 新文件夹）；'
        "这个项目文件夹留作上一轮的记录",
        "this folder's invites are a past round's (campaign '{old}', last meeting on {last}) and the rules' days "
        "start on {first}{year_note}: this looks like a new round, and last round's calendar entries must not "
        "become this one's. Give the rules' [invites] a new id (e.g. campaign = \"{offered}\"), stop the server "
        "and open the new table in a new project folder (serve NEW_TABLE --out NEW_FOLDER); keep this one as the past "
        "round's record",
    ),
    "web.in_field": ("{field}：{body}", "{field}: {body}"),
    "web.sheet_not_xlsx": (
        "只有 .xlsx 工作簿才分工作表，这个文件是文本表格：请留空",
        "only an .xlsx workbook has sheets; this file is a text table: leave it empty",
    ),
    "web.no_host": ("请填写 SMTP 服务器", "fill in the SMTP server"),
    "web.bad_security": ("请从列表中选择加密方式", "choose the security from the list"),
    "web.no_limit": ("请填写时限（0.1 到 3600 秒）", "fill in a time limit (0.1 to 3600 seconds)"),
    "web.stable_needs_times": (
        "“尽量少改动现有时间”需要表中已有的时间（“时间”列）",
        "'move as few meetings as possible' needs the table's times (its Time column)",
    ),
    "web.all_past": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：没有可发送的邮件；若是写错了年份，对接表请在"
        "“规则”中改正“年份”，会议表请改正其 timetable.toml 的 days 或 year 后重新载入；要按另一时刻计算，请以环境变量 "
        "DOCKING_NOW 重新启动 serve",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): nothing to mail; a wrong "
        "year is fixed in Rules (Year) for a unit table, in its timetable.toml (days or year) for a meeting table, "
        "then reload; to judge as of another time, restart serve with DOCKING_NOW set",
    ),
    "web.all_past_drafted": (
        "这个日程的会议（{first} 至 {last}）在现在（{now}）之前都已开始：预览按第一个会议之前发送的样子写出，发送会被"
        "拒绝。若是写错了年份，对接表请在“规则”中改正“年份”，会议表请改正其 timetable.toml 的 days 或 year 后重新载入；"
        "要按另一时刻计算，请以环境变量 DOCKING_NOW 重新启动 serve",
        "every meeting of this timetable ({first} to {last}) has started by now ({now}): the preview shows the "
        "mails as they would have gone before the first meeting, and sending is refused. A wrong year is fixed "
        "in Rules (Year) for a unit table, in its timetable.toml (days or year) for a meeting table, then reload; "
        "to judge as of another time, restart serve with DOCKING_NOW set",
    ),
    "web.tick_box": ("勾选“允许取消多个邀请”", "tick 'allow many cancellations'"),
    "web.nothing_found": ("已停止，尚未找到时间表", "stopped before any timetable was found"),
    # -- the serve command
    "serve.listening": ("网页已启动：{url} （按 Ctrl+C 停止）", "The web app is running at {url} (Ctrl+C stops it)"),
    "serve.listening_page": (
        "网页已启动：{url} （按 Ctrl+C 停止）。输出写入文件，带令牌的网址不写在这里：请在浏览器中打开 {page}"
        "（只有你能读，serve 停止时删除）",
        "The web app is running at {url} (Ctrl+C stops it). The output goes to a file, so the address with "
        "its token is not written here: open {page} in the browser (yours alone, removed when serve stops)",
    ),
    "serve.already_served": (
        "这个项目已在 {url} 打开（另一个 serve 正在运行）：请在浏览器中打开它"
        "（用那个 serve 在终端里打印的带 ?token= 的网址）；要换地址，先停止那个 serve",
        "this project is already open at {url} (another serve is running): open it in the browser (by the address "
        "with ?token= that serve printed in its terminal); "
        "to serve it elsewhere, stop that serve first",
    ),
    "serve.served_by_other": (
        "用户 {owner} 的 serve 正在打开这个项目（它占用着 .serve-lock）：请在浏览器中用 {owner} 的网址，"
        "或请 {owner} 停止它后再试；不要删除 .serve-lock（删了会有两个网页同时改这个项目）",
        "user {owner}'s serve has this project open (it holds .serve-lock): use {owner}'s address in the "
        "browser, or ask {owner} to stop it and try again; do not delete .serve-lock (two pages would then "
        "change the project at once)",
    ),
    "serve.port_unreadable": (
        "{path} 属于用户 {owner}，读不了：网页换到新端口 {port}，日历订阅地址随之改变；要保持原地址，"
        "先停止本程序，再向 {owner} 问原来的端口，用 --port 启动",
        "{path} belongs to user {owner} and cannot be read: the page moves to the new port {port}, and the "
        "calendar feeds' addresses change with it; to keep them, stop this server, ask {owner} for the old "
        "port and start with --port",
    ),
    "serve.already_starting": (
        "另一个 serve 正在打开这个项目：请在浏览器中打开它显示的地址",
        "another serve is opening this project: open the address it shows in the browser",
    ),
    "serve.stopping_sending": (
        "正在停止网页发送：等正在发送的那封邮件发完（不再发送下一封）…",
        "stopping the page's sending: the message being handed over is finished, none after it…",
    ),
    "serve.sending_resume": (
        "网页已随 serve 一起停止：要按上面说的在网页上按“发送”继续，请先重新运行 serve；或在命令行对同一张表运行 send"
        "（已发送的不会重发）",
        "the page stopped with serve: to press Send as said above, run serve again first; or run send on the same "
        "table from the command line (nothing is sent twice)",
    ),
    "serve.sending_cut": (
        "网页发送没有及时停下：正在发送的那封邮件无法确认是否送达；再按“发送”或运行 send 继续（会重发它并注明）",
        "the page's sending did not stop in time: the message being handed over may or may not have arrived; "
        "press Send or run send to go on (it is sent again and named)",
    ),
    "serve.console_browser": (
        "浏览器 {browser} 在终端里运行，没有打开它：请在图形界面的浏览器中打开上面的网址",
        "{browser} runs in the terminal and was not started: open the address above in a graphical browser",
    ),
    "serve.reachable": (
        "其他电脑请打开：{urls}（日历订阅的地址也用它）",
        "Other computers open {urls} (the calendar feeds use it too)",
    ),
    "serve.no_network": (
        "本机没有找到局域网地址：其他电脑要用本机的 IP 地址打开",
        "no network address of this machine was found: other computers open it by this machine's IP address",
    ),
    "serve.addresses": ("监听地址：{addresses}", "Listening on {addresses}"),
    "serve.project": ("项目文件夹：{path}", "Project folder: {path}"),
    "serve.started_from": ("已从 {table} 建立项目", "Project made from {table}"),
    "serve.exposed": (
        "警告：正在 {host} 上监听，本机以外的人也能访问；只有知道密码的人能登录，但连接未加密（HTTP）。"
        "上面带 ?token= 的网址不用密码也能进入：只给自己的浏览器用，不要转发（别人用不带 ?token= 的网址和密码登录）",
        "Warning: listening on {host}, reachable from other machines; only those with the password can log in, "
        "but the connection is not encrypted (HTTP). The address above with ?token= lets in without the password: "
        "it is for your own browser, not to be forwarded (others log in at the address without ?token=, "
        "with the password)",
    ),
    "serve.password_prompt": (
        "网页登录密码（本次运行有效，不会保存）",
        "Password for the web app (this run only, never stored)",
    ),
    "serve.no_password": (
        "在本机以外监听须设置登录密码：请设置环境变量 {variable}，或在终端中运行以便输入",
        "listening beyond this machine needs a password: set {variable}, or run in a terminal to type it",
    ),
    "serve.short_password": ("登录密码至少 8 个字符", "the password must have at least 8 characters"),
    "serve.other_project": (
        "{folder} 中已有项目（保存着此后的修改，不会覆盖）；"
        "用 serve {folder}/timetable.csv 打开它，或用 --out 换一个文件夹",
        "{folder} already holds a project (with the changes made since; it is not overwritten): "
        "open it with serve {folder}/timetable.csv, or choose another --out",
    ),
    "serve.port_busy": ("无法在 {host}:{port} 上监听：{reason}", "cannot listen on {host}:{port}: {reason}"),
    # -- the page's words
    "ui.app_title": ("对接时间表", "Meeting timetable"),
    "ui.folder": ("项目文件夹", "Project folder"),
    "ui.nav": ("功能", "Sections"),
    "ui.nav_plan": ("时间表", "Timetable"),
    "ui.nav_rules": ("规则", "Rules"),
    "ui.nav_open": ("打开表格", "Open a table"),
    "ui.nav_publish": ("发布", "Publish"),
    "ui.nav_feeds": ("日历订阅", "Calendar feeds"),
    "ui.reload": ("重新载入", "Reload"),
    "ui.redo": ("重做", "Redo"),
    "ui.lost_change": (
        "登录已失效，刚才的修改没有保存（{what}）：按“重做”再做一次",
        "the login had ended, so the last change was not saved ({what}): press Redo to make it again",
    ),
    "ui.rules_kept": (
        "登录已失效，规则表单中的修改没有保存：已把它们放回表单，核对后按“保存”",
        "the login had ended, so the rules form's edits were not saved: they are back in the form; check them "
        "and press Save",
    ),
    "ui.change_unsure": (
        "连接中断：不知道这次修改是否已保存；连上服务器后，页面会显示保存的时间表",
        "the connection dropped: this change may or may not have been saved; once the server answers, the page "
        "shows the saved timetable",
    ),
    "ui.change_was_saved": (
        "连接已恢复：这次修改已保存（连接中断前），页面显示的是保存的时间表",
        "connected again: this change was saved (before the connection dropped); the page shows the saved timetable",
    ),
    "ui.change_not_saved": (
        "连接已恢复：这次修改没有保存，页面显示的是保存的时间表；需要的话请再改一次",
        "connected again: this change was not saved; the page shows the saved timetable. Make it again if needed",
    ),
    "ui.m_block_label_bad": ("{label}，违反 {count} 条规则", "{label}, breaks {count} rule(s)"),
    "ui.m_block_label": ("{title}，{when}（{length}），{room}", "{title}, {when} ({length}), {room}"),
    "ui.m_when": ("{when}（{length}）", "{when} ({length})"),
    "ui.m_dash": ("—", "-"),
    "ui.print_big": (
        "这张时间表有 {days} 天，整页打印时每天一列太窄：请打印“发布”中下载的附件 timetable.html 或 timetable.xlsx",
        "this timetable has {days} days, too many to read printed across one sheet: print the annex "
        "timetable.html or timetable.xlsx downloaded under Publish",
    ),
    "ui.close": ("关闭", "Close"),
    "ui.undo": ("撤销", "Undo"),
    "ui.hint_plan": (
        "拖动单位到其他时段或房间；点击单位可固定或标记其不能到会的时段",
        "Drag a unit to another hour or room; click a unit to pin it or mark the hours it cannot come",
    ),
    "ui.hint_preview": (
        "正在预览求解结果：应用后才会保存",
        "Previewing a solver result: nothing is saved until you apply it",
    ),
    "ui.preview_locked": (
        "预览：先按“应用这个时间表”或“放弃”（求解栏下方），才能拖动、固定或标记单位",
        "A preview: apply this timetable or discard it (under Solve) before moving, pinning or marking a unit",
    ),
    "ui.move_to": ("移到", "Move to"),
    "ui.move_room": ("房间", "Room"),
    "ui.move_go": ("移动", "Move"),
    "ui.away_mode": ("标记不能到会的时段", "Mark hours it cannot come"),
    "ui.away_hint": (
        "点击表格中的时段，标记或取消该单位不能到会；完成后点“完成”",
        "Click hours in the grid to mark or clear when this unit cannot come; then click Done",
    ),
    "ui.done": ("完成", "Done"),
    "ui.check_title": ("规则检查", "Rule check"),
    "ui.answers_title": ("答复", "Answers"),
    "ui.answers_updated": ("答复已更新（{time}）", "answers brought up to date ({time})"),
    "ui.answer_of": ("答复：{answer}", "Answer: {answer}"),
    "ui.answer_line": ("{unit}：{answer}", "{unit}: {answer}"),
    "ui.answer_counts": (
        "接受 {accepted}，拒绝 {declined}{optional}，暂定 {tentative}，未答复 {none}",
        "{accepted} accepted, {declined} declined{optional}, {tentative} tentative, {none} no answer",
    ),
    "ui.answer_counts_optional": ("（可选 {count}）", " ({count} optional)"),
    "ui.answers_unanswered": ("未答复 {count} 人", "{count} not answered"),
    "ui.answer_counts_counter": ("，提议新时间 {count}", ", {count} counter"),
    "ui.answer_counts_delegated": ("，转交他人 {count}", ", {count} delegated"),
    "ui.withdrawn_mailed": ("：已撤回，取消通知已寄出", ": taken off, cancellation mailed"),
    "ui.withdrawn_unmailed": (
        "：已撤回，取消通知尚未寄出（发送时寄出）",
        ": taken off, cancellation not mailed yet (the next sending mails it)",
    ),
    "ui.solve_title": ("求解", "Solve"),
    "ui.objective": ("目标", "Objective"),
    "ui.objective_compact": ("尽早结束（compact）", "finish early (compact)"),
    "ui.objective_stable": ("少调整（stable，重排）", "move few units (stable, replan)"),
    "ui.time_limit": ("时限（秒）", "Time limit (s)"),
    "ui.solve": ("求解", "Solve"),
    "ui.alternatives": ("备选方案", "Alternatives"),
    "ui.stop": ("停止", "Stop"),
    "ui.send_stop": ("停止发送", "Stop sending"),
    "ui.send_stopping": (
        "正在停止：正在交给服务器的这一封发完（记入发送日志）后停止，其余不发；再按“发送”继续",
        "stopping: the message being handed over is finished (and recorded in the journal), none after it; "
        "press Send to go on",
    ),
    "ui.stopping": (
        "正在停止：求解在下一次检查时停下，给出目前最好的时间表",
        "stopping: the solve ends at its next check with the best timetable so far",
    ),
    "ui.open_title": ("打开表格", "Open a table"),
    "ui.open_text": (
        "上传单位表（CSV：UTF-8、带 BOM、GBK 或 UTF-16；或 Excel .xlsx）。不上传规则文件时沿用当前规则；"
        "规则文件引用联系人表或人员表时，请一并选择该文件（或把它放在项目文件夹中）。"
        "打开后当前时间表会被替换（可撤销）。",
        "Upload a unit table (CSV in UTF-8, with BOM, GBK or UTF-16; or Excel .xlsx). Without a rules file the "
        "current rules are kept; when the rules name a contacts or people sheet, choose it too (or put it in the "
        "project folder). The current timetable is replaced (undo brings it back).",
    ),
    "ui.open_table": ("单位表", "Unit table"),
    "ui.open_rules": ("规则文件（.toml，可不选）", "Rules file (.toml, optional)"),
    "ui.open_side": (
        "规则引用的联系人表或人员表（可不选）",
        "The contacts or people sheet the rules name (optional)",
    ),
    "ui.open_sheet": ("工作表（名称或序号）", "Sheet (name or number)"),
    "ui.open_button": ("打开", "Open"),
    "ui.open_example": ("使用 2021 年通知示例", "Start from the 2021 notice"),
    "ui.opened": ("表格已打开", "The table is open"),
    "ui.too_big": (
        "{name}：{size} MB，上传上限 {limit} MB；请在命令行用 "
        "docking-scheduler serve 表格文件 打开（从磁盘读取，不经上传）",
        "{name}: {size} MB, over the upload limit of {limit} MB; open it from the command line with "
        "docking-scheduler serve TABLE (read from disk, not uploaded)",
    ),
    "ui.downloads": ("下载附件", "Download the annex"),
    "ui.invites_zip": ("下载全部日历邀请（zip）", "Download every invite (zip)"),
    "ui.send_title": ("发送邀请邮件", "Mail the invites"),
    # the send flow's failures that name a command's option, in the page's words (web/publish.py)
    "web.mail.no_starttls": (
        "服务器 {host} 不支持 STARTTLS：未发送任何内容（可在“{field}”中选 SSL/TLS；确需明文时选“{plain}”）",
        "the server {host} does not offer STARTTLS: nothing sent (choose SSL/TLS under '{field}'; '{plain}' if "
        "you must)",
    ),
    "web.mail.no_greeting": (
        "服务器 {host} 连接后 {seconds} 秒内没有发出问候：这是隐式 TLS 端口（如 465）吗？在“{field}”中选 SSL/TLS 试试",
        "no greeting from {host} within {seconds} s of connecting: is this an implicit-TLS port (such as 465)? "
        "choose SSL/TLS under '{field}'",
    ),
    "web.mail.not_implicit_tls": (
        "服务器 {host} 在此端口讲明文 SMTP，不是从第一个字节起的 TLS：在“{field}”中改选 STARTTLS",
        "the server {host} speaks plain SMTP here, not TLS from the first byte: choose STARTTLS under '{field}'",
    ),
    "web.mail.tls_failed": (
        "与 {host} 建立 TLS 连接失败：{reason}（自建证书可在“{field}”中选择）",
        "TLS with {host} failed: {reason} (a private CA: choose it under '{field}')",
    ),
    "web.mail.tls_wrong_name": (
        "与 {host} 建立 TLS 连接失败：{reason}（证书上的服务器名称与“{field}”不符："
        "请改用证书上的名称，可向邮件管理员确认）",
        "TLS with {host} failed: {reason} (the certificate names another server than '{field}': use the "
        "name on the certificate; the mail administrator knows it)",
    ),
    "web.mail.tls_other_ca": (
        "与 {host} 建立 TLS 连接失败：{reason}（“{field}”中的证书不是签发此服务器证书的那一个："
        "请向邮件管理员索取对应的 CA 证书）",
        "TLS with {host} failed: {reason} (the certificate under '{field}' is not the one that signed this "
        "server's: ask the mail administrator for the right CA certificate)",
    ),
    "web.mail.no_auth": (
        "服务器不支持登录（AUTH）：若它无需登录即为本机转发邮件，清空“{field}”；否则请核对“{server}”和“{port}”"
        "（通常是 587 端口加 STARTTLS，或 465 端口加 SSL/TLS）",
        "the server offers no login (AUTH): if it relays for this computer without one, empty '{field}'; "
        "otherwise check '{server}' and '{port}' (most often port 587 with STARTTLS, or 465 with SSL/TLS)",
    ),
    "web.mail.needs_login": (
        "服务器要求先登录：{reply}（请填写“{field}”和“{password}”）",
        "the server needs a login: {reply} (fill in '{field}' and '{password}')",
    ),
    # the send flow's lines that say "run the same command again": the page's way on is its 发送 button
    "web.mail.journal_stopped": (
        "{path}: {problem}；已停止发送：腾出空间（或修好磁盘）后再按“{send}”",
        "{path}: {problem}; sending stopped: make room (or fix the disk) and press '{send}' again",
    ),
    "web.mail.too_big_units": (
        "{count} 封邮件（{smallest}–{largest} 字节）超过服务器允许的 {limit} 字节，未发送：{units}；"
        "请邮件管理员放宽大小限制，或换用允许更大邮件的服务器，之后再按“{send}”（已发送的不会重发）",
        "{count} {count|message|messages} ({smallest}-{largest} bytes) {count|is|are} larger than the {limit} "
        "bytes the server takes, not sent: {units}; ask the mail administrator to raise the limit, or use a "
        "server that takes larger mail, then press '{send}' again (nothing is sent twice)",
    ),
    "web.mail.refused_content": (
        "{count} 位不同收件人的邮件接连被服务器以同样的答复拒收：{reply}；多半是邮件服务商的反垃圾过滤把邀请的内容判为"
        "垃圾邮件，不是收件人的问题，停止本批发送（继续发送可能使账户被限制或冻结）：请联系邮件管理员或服务商解除拦截"
        "（答复中如有链接，有说明），之后再按“{send}”（已发送的不会重发）",
        "messages to {count} different recipients in a row were refused with the same reply: {reply}; most "
        "likely the provider's spam filter refuses the invite's content, not a recipient, so the batch stops "
        "(sending on may get the account throttled or frozen): ask the mail administrator or the provider to "
        "release the sender (a link in the reply, if any, says how), then press '{send}' again "
        "(nothing is sent twice)",
    ),
    "web.mail.busy": (
        "服务器繁忙（421）：其余邮件均未发送；请稍后再按“{send}”",
        "the server is busy (421): nothing more was sent; press '{send}' again later",
    ),
    "web.mail.rate_limited": (
        "服务器限制发送频率（{reply}）：其余邮件均未发送，以免每次重试延长限制；请过一段时间（如一小时）后再按“{send}”",
        "the server limits how fast it takes mail ({reply}): nothing more was sent, since each try prolongs the "
        "limit; press '{send}' again later (in an hour, say)",
    ),
    "web.mail.gave_up": (
        "连续 {count} 封邮件暂时失败，停止本批发送：请稍后再按“{send}”（已发送的不会重发）",
        "{count} messages in a row failed for now; stopping: press '{send}' again later (nothing is sent twice)",
    ),
    "web.mail.auth_refused": (
        "服务器拒绝登录：{reply}（“{field}”或“{password}”未被接受：改正后再按“{send}”）",
        "the server refused the login: {reply} ('{field}' or '{password}' was not accepted: correct it, then "
        "press '{send}' again)",
    ),
    "web.mail.deferred": (
        "{count} 封被对方暂缓（greylisting），几分钟后再按“{send}”即可：{units}",
        "{count} put off by the recipient's server (greylisting): press '{send}' again in a few minutes: {units}",
    ),
    "web.mail.not_attempted": ("未尝试 {count}（再按“{send}”继续）", "{count} not attempted (press '{send}' again)"),
    "web.mail.interrupted": (
        "发送被中断：中断时没有正在发送的邮件（在两封之间）；再按“{send}”继续",
        "sending interrupted between two messages (none was in flight); press '{send}' again to go on",
    ),
    "web.mail.interrupted_finished": (
        "发送被中断：正在发送的那封已发完，服务器的答复已记入发送日志；再按“{send}”发送其余的",
        "sending interrupted: the message in flight was finished first and the server's answer recorded in "
        "the journal; press '{send}' again to send the rest",
    ),
    "web.mail.interrupted_cut": (
        "发送被中断：正在发送的邮件在内容送出前被切断（不会送达），发送日志已记下；再按“{send}”继续",
        "sending interrupted: the message in flight was cut off before its content went out (it has not "
        "arrived), as the journal records; press '{send}' again to go on",
    ),
    "web.mail.interrupted_cut_out": (
        "发送被中断：正在发送的邮件在内容送出后被切断，发送日志已记下它可能已送达；再按“{send}”继续",
        "sending interrupted: the message in flight was cut off after its content had gone out, and the "
        "journal records that it may have arrived; press '{send}' again to go on",
    ),
    "web.mail.refused_sender": (
        "连续 {count} 封邮件都被服务器以同一答复拒绝：{reply}；这是对发件人或账户的拒绝，不是收件人的问题，"
        "停止本批发送：请检查发件地址（“{sender}”或组织者邮箱）与登录账户（“{field}”）是否一致、该账户是否允许经此"
        "服务器发信（转发/relay 权限），改正后再次发送（已发送的不会重发）",
        "{count} messages in a row were refused with the same reply: {reply}; it refuses the sender or the "
        "account, not a recipient, so the batch stops: check that the From address ('{sender}', or the "
        "organiser's address) matches the login ('{field}') and that this account may send (relay) through the "
        "server, then send again (nothing is sent twice)",
    ),
    "ui.smtp_host": ("SMTP 服务器", "SMTP server"),
    "ui.smtp_port": ("端口", "Port"),
    "ui.security": ("加密", "Security"),
    "ui.security_plain": ("不加密（密码明文传输）", "none (password in clear text)"),
    "ui.smtp_user": ("用户名", "User"),
    "ui.smtp_password": ("密码", "Password"),
    "ui.send_from": ("发件邮箱（可不填）", "Sending mailbox (optional)"),
    "ui.ca_file": ("CA 证书（内网服务器，可不选）", "CA certificate (intranet server, optional)"),
    "ui.only_changed": ("只发有变动的单位", "only units whose invite changed"),
    "ui.allow_cancel": ("允许取消多个邀请", "allow many cancellations"),
    "ui.allow_zone_change": ("时区已改，照样重新寄出", "the time zone changed: mail them again"),
    "ui.cancels": ("其中 {count} 封是取消通知：{units}", "{count} of them are cancellations: {units}"),
    "ui.send_hint": (
        "发送前须先预览邮件（在表单中按 Enter 即预览）",
        "Preview the mails before sending (Enter in the form previews)",
    ),
    "ui.password_note": (
        "密码每次发送时填写，只用于这次发送，不会保存或记录。",
        "The password is asked for each sending, used for it only, and never stored or logged.",
    ),
    "ui.preview": ("预览邮件", "Preview the mails"),
    "ui.send": ("发送", "Send"),
    "ui.preview_count": ("将发送 {count} 封邮件", "{count} mail(s) will be sent"),
    "ui.skipped": ("不发送：", "Not sent:"),
    "ui.skip_already": ("已发送过", "already sent"),
    "ui.skip_no_address": ("没有邮箱", "no address"),
    "ui.skip_bounced": ("邮件被退回过，地址未改", "mail bounced, address unchanged"),
    "ui.skip_never_sent": ("从未发送过", "never mailed"),
    "ui.skip_not_invited": ("从未邀请过", "never invited"),
    "ui.skip_bounced_cancel": ("取消通知：邮件被退回过", "cancellation: mail bounced"),
    "ui.send_progress": ("已处理 {done} / {total}", "{done} of {total} done"),
    "ui.send_done": (
        "发送 {sent} 封，跳过 {skipped} 个，失败 {failed} 封",
        "Sent {sent}, skipped {skipped}, failed {failed}",
    ),
    "ui.journal_title": ("发送记录（谁在何时收到了什么）", "Mail journal (who got what, when)"),
    "ui.journal_empty": ("还没有发送过邮件", "No mail sent yet"),
    "ui.j_at": ("时间", "When"),
    "ui.j_unit": ("单位", "Unit"),
    "ui.j_to": ("邮箱", "Address"),
    "ui.j_what": ("内容", "What"),
    "ui.j_state": ("状态", "State"),
    "ui.j_reply": ("服务器答复", "Server reply"),
    "ui.j_invite": ("邀请", "invite"),
    "ui.j_update": ("更新（第 {version} 版）", "update (version {version})"),
    "ui.j_cancel": ("取消", "cancellation"),
    "ui.state_queued": ("发送中", "handed over"),
    "ui.state_unconfirmed": ("未确认是否送达（发送已停止）", "not confirmed (the sending stopped)"),
    "ui.state_sent": ("已送达服务器", "accepted"),
    "ui.state_failed": ("失败", "failed"),
    "ui.state_deferred": ("对方暂缓（greylisting）", "put off (greylisting)"),
    "ui.feeds_title": ("日历订阅地址", "Calendar feed addresses"),
    "ui.feeds_text": (
        "每个单位一个保密地址：在日历软件中订阅后，发布的时间变动无需邮件即可看到（编辑中的草稿不会出现）。地址请只发给该单位。",
        "One secret address per unit: a calendar that subscribes to it sees each published change without a mail "
        "(drafts being edited never show). Give each address to its unit only.",
    ),
    "ui.feed_url": ("订阅地址", "Feed address"),
    "ui.feeds_publish": ("发布当前时间表到日历（不发邮件）", "Publish the current timetable to the feeds (no mail)"),
    "ui.feeds_published": (
        "已发布：订阅的日历下次刷新时会看到变化",
        "Published: subscribed calendars see it at their next refresh",
    ),
    "ui.feeds_unpublished": (
        "尚未发布：点击上面的按钮（或下载邀请、发送邮件）后才有订阅内容",
        "Nothing published yet: use the button above (or download or mail the invites) first",
    ),
    "ui.feeds_renew": ("更换全部地址", "New addresses for all"),
    "ui.feeds_renew_confirm": ("旧地址将全部失效，确定吗？", "Every old address stops working. Go on?"),
    "ui.cancelled": ("已取消", "cancelled"),
    "ui.error_generic": ("操作失败", "Something went wrong"),
    "ui.offline": ("无法连接服务器（已停止？）", "cannot reach the server (was it stopped?)"),
    "ui.time": ("时间", "Time"),
    "ui.until": ("至 {time}", "to {time}"),
    "ui.away_here": ("该单位此时不能到会", "the unit cannot come at this hour"),
    "ui.legend": ("图例", "Legend"),
    "ui.legend_item": ("{category}（{count} 个）", "{category} ({count})"),
    "ui.no_category": ("未分类", "no category"),
    "ui.show_unit": ("在表中找到该单位", "Find the unit in the grid"),
    "ui.no_room": ("房间未定", "room not given"),
    "ui.unscheduled": ("未安排时间", "No time yet"),
    "ui.tray_hint": ("拖到这里：取消时间", "Drop here to clear the time"),
    "ui.skip_actions": ("跳到操作", "Skip to the actions"),
    "ui.skip_grid": ("跳到时间表", "Skip to the timetable"),
    "ui.actions": ("操作", "Actions"),
    "ui.said_pinned": ("{name} 已固定在 {time}", "{name} pinned at {time}"),
    "ui.said_unpinned": ("{name} 已取消固定", "{name} unpinned"),
    "ui.said_moved": ("{name} 移到 {time}；{check}", "{name} moved to {time}; {check}"),
    "ui.said_undone": ("已撤销；{check}", "Undone; {check}"),
    "ui.group_of": ("并行组 {group}", "group {group}"),
    "ui.category_of": ("类别 {category}", "category {category}"),
    "ui.pinned": ("已固定", "pinned"),
    "ui.pin": ("固定在当前时间", "Pin at this time"),
    "ui.unpin": ("取消固定", "Unpin"),
    "ui.no_time": ("未安排时间", "no time"),
    "ui.away_count": ("不能到会的时段 {count} 个", "{count} hour(s) it cannot come"),
    "ui.check_ok": ("时间表满足全部规则（{units} 个单位）", "The timetable satisfies every rule ({units} units)"),
    "ui.preview_ok": (
        "预览的时间表满足全部规则；加粗的单位时间有变动。应用后才会保存",
        "The previewed timetable satisfies every rule; units in bold move. Nothing is saved until you apply it",
    ),
    "ui.preview_ok_short": ("预览：满足全部规则", "preview: every rule holds"),
    "ui.check_ok_short": ("满足全部规则", "every rule holds"),
    "ui.breaks_rules": ("违反 {count} 条规则", "breaks {count} rule(s)"),
    "ui.check_bad_short": ("{count} 处违反规则", "{count} rule violation(s)"),
    "ui.seconds": ("{seconds} 秒", "{seconds} s"),
    "ui.working": ("求解中", "solving"),
    "ui.stopped_none": (
        "已停止：停止前没有找到时间表",
        "Stopped: no timetable was found before the stop",
    ),
    "ui.stopped_kept": (
        "已停止：下面是停止前找到的最好时间表",
        "Stopped: below is the best timetable found before the stop",
    ),
    "ui.alt_of": ("第 {number} 个，共 {count} 个", "{number} of {count}"),
    "ui.moved_count": ("调整的单位（{count} 个）", "Units moved ({count})"),
    "ui.was": ("原时间", "Was"),
    "ui.now": ("新时间", "Now"),
    "ui.new_unit": ("（新增）", "(new)"),
    "ui.no_moves": ("与当前时间表相同，没有单位需要调整", "Same as the current timetable: no unit moves"),
    "ui.result_outdated": ("时间表在求解后又改过：请重新求解", "The timetable changed after solving: solve again"),
    "ui.apply": ("应用这个时间表", "Apply this timetable"),
    "ui.discard": ("放弃", "Discard"),
    "ui.applied": ("已应用（可撤销）", "Applied (undo brings the old one back)"),
    "ui.rules_title": ("规则与单位", "Rules and units"),
    "ui.rules_saved": ("规则已保存", "The rules are saved"),
    "ui.save": ("保存", "Save"),
    "ui.reset": ("放弃修改", "Discard changes"),
    "ui.add_row": ("添加一行", "Add a row"),
    "ui.row_removed": ("已删除这一行 {name}", "Row {name} deleted"),
    "ui.to_save": ("跳到保存", "Skip to Save"),
    "ui.remove_row": ("删除这一行", "Remove this row"),
    "ui.f_title": ("标题", "Title"),
    "ui.f_days": ("对接日期", "Meeting days"),
    "ui.f_days_help": ("每行一天，如 2021-09-08 或 9月8日", "One a line, e.g. 2021-09-08 or Sep 8"),
    "ui.f_hours": ("开始时刻", "Start times"),
    "ui.f_hours_help": ("每行一个，如 8:00", "One a line, e.g. 8:00"),
    "ui.f_minutes": ("每场分钟数", "Minutes per meeting"),
    "ui.f_categories": ("类别顺序", "Category order"),
    "ui.f_categories_help": (
        "每行一个，先列的类别先对接（如 部门、镇办）",
        "One a line; earlier categories meet first",
    ),
    "ui.f_timezone": ("时区", "Time zone"),
    "ui.f_year": ("年份（日期不写年份时）", "Year (for dates without one)"),
    "ui.f_rooms": ("房间", "Rooms"),
    "ui.f_rooms_help": ("容量：同一时段可同时接待的单位数", "Capacity: how many units a room receives at once"),
    "ui.f_rooms_name": ("名称", "Name"),
    "ui.f_rooms_capacity": ("容量", "Capacity"),
    "ui.f_units": ("单位", "Units"),
    "ui.f_units_help": (
        "并行组相同的单位可以同时在一个房间对接（可写多个，用顿号分隔）",
        "Units with a parallel group in common may meet together in one room (several: separate with 、)",
    ),
    "ui.f_units_name": ("单位", "Unit"),
    "ui.f_units_category": ("类别", "Category"),
    "ui.f_units_group": ("并行组", "Parallel group"),
    "ui.f_units_note": ("备注", "Note"),
    "ui.f_links": ("紧接对接", "Back-to-back"),
    "ui.f_links_help": (
        "后一个单位紧接在前一个之后、同一天对接",
        "The second unit meets right after the first, the same day",
    ),
    "ui.f_links_first": ("先", "First"),
    "ui.f_links_then": ("紧接", "Then"),
    "ui.f_pins": ("固定时间", "Pins"),
    "ui.f_pins_help": ("单位必须在这个时间对接", "The unit must meet at this time"),
    "ui.f_pins_unit": ("单位", "Unit"),
    "ui.f_pins_time": ("时间", "Time"),
    "ui.f_unavailable": ("不能到会", "Unavailable"),
    "ui.f_unavailable_help": (
        "每行一个时间或时段，如 9月8日 8:00-11:00 或 9月8日",
        "One a line: a time or span, e.g. Sep 8 8:00-11:00 or Sep 8",
    ),
    "ui.f_unavailable_unit": ("单位", "Unit"),
    "ui.f_unavailable_times": ("时间", "Times"),
    "ui.f_only": ("只能到会", "Only at"),
    "ui.f_only_help": (
        "单位只能在这些时间对接，每行一个，如 上午 或 9月8日 8:00-11:00；单位写 * 指所有单位",
        "The unit can meet only at these times, one a line, e.g. morning or Sep 8 8:00-11:00; unit * is every unit",
    ),
    "ui.f_only_unit": ("单位", "Unit"),
    "ui.f_only_times": ("时间", "Times"),
    "ui.login_title": ("登录", "Log in"),
    "ui.login_text": (
        "这个网页在本机以外开放，请输入启动时设置的密码。",
        "This app is open beyond its machine: type the password set when it started.",
    ),
    "ui.login_password": ("密码", "Password"),
    "ui.login_failed": ("密码不对", "Wrong password"),
    "ui.login_button": ("登录", "Log in"),
}
