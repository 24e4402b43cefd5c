"""Every user-facing sentence, in Chinese (default) and English, in one catalog.

Code raises and returns :class:`Message` objects (a key and its values); the
edge renders them with :func:`render` in the user's language. Times are always
written the way the notice writes them (``9月10日 9:00``), in both languages,
because that is how the units and the office refer to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from scheduler.text.times import format_time

LANGS = ("zh", "en")

CATALOG: Mapping[str, tuple[str, str]] = {
    # -- where an input error is
    "where.row": ("第 {row} 行", "row {row}"),
    "where.column": ("列“{column}”", "column {column}"),
    "where.line": ("第 {line} 行", "line {line}"),
    "where.key": ("键“{key}”", "key {key}"),
    # -- showing results
    "show.no": ("序号", "No."),
    "show.time": ("时间", "Time"),
    "show.unit": ("单位", "Unit"),
    "show.category": ("类别", "Category"),
    "show.group": ("并行组", "Group"),
    "show.room": ("房间", "Room"),
    "show.status": ("状态：{status}（{engine}）", "Status: {status} ({engine})"),
    "show.slots": ("使用时段：{slots} 个；最后一场：{last}", "Slots used: {slots}; last meeting: {last}"),
    "show.moved": ("调整单位：{moved} 个", "Units moved: {moved}"),
    "show.bound": ("下界 {bound}，当前 {value}", "Lower bound {bound}, found {value}"),
    "show.time_taken": ("求解用时：{seconds} 秒", "Solve time: {seconds} s"),
    "show.valid": (
        "时间表满足全部规则（{units} 个单位，{slots} 个时段）",
        "The timetable satisfies every rule ({units} units, {slots} slots)",
    ),
    "show.violations": ("时间表有 {count} 处违反规则：", "The timetable breaks the rules in {count} place(s):"),
    "show.written": ("已写入：{path}", "Written: {path}"),
    "status.optimal": ("最优（已证明）", "optimal (proven)"),
    "status.feasible": ("时限内找到的最好结果（未证明最优）", "best found in the time limit (not proven optimal)"),
    "status.infeasible": ("无解", "infeasible"),
    "status.unknown": ("时限内未找到时间表", "no timetable found in the time limit"),
    "output.write": ("无法写入输出：{reason}", "cannot write the output: {reason}"),
    # -- bad input (files, rows, values)
    "input.no_file": ("找不到文件", "file not found"),
    "input.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "input.encoding": ("文件编码无法识别（应为 UTF-8 或 GBK）", "unknown encoding (expected UTF-8 or GBK)"),
    "input.duplicate_column": ("表头有重复的列", "the header repeats this column"),
    "input.missing_column": ("缺少这一列（可用列：{known}）", "this column is missing (known columns: {known})"),
    "input.extra_cells": ("这一行的单元格比表头多", "this row has more cells than the header"),
    "input.empty_unit": ("单位为空", "the unit is empty"),
    "input.empty_table": ("表格是空的", "the table is empty"),
    "input.duplicate_unit": (
        "单位 {unit} 重复（第 {first} 行已有）",
        "unit {unit} is listed twice (first in row {first})",
    ),
    "input.bad_time": (
        "无法识别的时间“{value}”（例：9月8日 8:00 或 2021-09-08 08:00）",
        "cannot read the time '{value}' (e.g. 9月8日 8:00 or 2021-09-08 08:00)",
    ),
    "input.outside": ("{time} 不在对接日期和时段内", "{time} is not one of the meeting days and hours"),
    "input.no_slots": ("“{value}”不包含任何对接时段", "'{value}' covers no meeting slot"),
    "input.unknown_room": (
        "房间“{room}”不在规则文件中（有：{known}）",
        "room '{room}' is not in the rules (known: {known})",
    ),
    "input.bad_category": (
        "类别“{value}”不在规则的类别顺序中（{known}）",
        "category '{value}' is not in the rules' category order ({known})",
    ),
    "input.no_rules": (
        "找不到规则文件（用 --rules 指定，或在表格旁放同名 .toml）",
        "rules file not found (give --rules, or put a .toml of the same name beside the table)",
    ),
    "input.rules_encoding": ("规则文件须为 UTF-8 编码", "the rules file must be UTF-8"),
    "input.toml": ("规则文件格式错误：{reason}", "the rules file is not valid TOML: {reason}"),
    "input.rules_missing": ("规则文件缺少“{key}”", "the rules file has no '{key}'"),
    "input.rules_type": (
        "“{key}”的值类型不对（见 docs/formats.md）",
        "'{key}' has the wrong kind of value (see docs/formats.md)",
    ),
    "input.timezone": ("未知的时区“{value}”", "unknown time zone '{value}'"),
    "input.bad_day": ("无法识别的日期“{value}”", "cannot read the day '{value}'"),
    "input.bad_hour": ("无法识别的时刻“{value}”", "cannot read the hour '{value}'"),
    "input.capacity": ("容量须为正整数，而不是 {value}", "capacity must be a positive whole number, not {value}"),
    "input.entry_key": ("[[{section}]] 缺少“{key}”或其值为空", "[[{section}]] has no '{key}' or it is empty"),
    # -- calendar invites (issue 3): bad input
    "input.bad_address": ("邮箱地址“{value}”无效：{reason}", "the mail address '{value}' is not valid: {reason}"),
    "address.control": ("含有换行或控制字符", "it holds a line break or a control character"),
    "address.space": ("含有空格", "it holds a space"),
    "address.several": ("每个单位只能填一个地址", "give one address per unit"),
    "address.fullwidth_dot": ("域名中有中文句号“。”", "the domain has a Chinese full stop '。'"),
    "address.no_at": ("缺少“@”", "it has no '@'"),
    "address.local": ("“@”前的部分不合规", "the part before '@' is not valid"),
    "address.domain": ("“@”后的域名不合规", "the domain after '@' is not valid"),
    "input.bad_person": (
        "名称“{value}”含有换行或控制字符",
        "the name '{value}' holds a line break or a control character",
    ),
    "input.bad_state": (
        "邀请状态文件已损坏或不是本程序写的（删除它将从 SEQUENCE 0 重新开始）",
        "the invites state file is damaged or not ours (deleting it restarts at SEQUENCE 0)",
    ),
    "input.no_state": (
        "没有邀请状态文件：请先导出邀请（ics 命令）",
        "no invites state file: export the invites first (ics)",
    ),
    "input.invite_edited": (
        "该邀请文件在导出后被改动或删除：请重新导出（ics 命令）",
        "this invite file was changed or removed after the export: export again (ics)",
    ),
    "input.state_campaign": (
        "该文件夹的邀请属于活动“{old}”，规则文件写的是“{new}”：改用另一个输出文件夹，或改回 campaign",
        "this folder's invites belong to campaign '{old}' but the rules say '{new}': use another folder or restore it",
    ),
    "input.no_invites": (
        "规则文件没有 [invites] 表（活动编号、组织者），无法生成日历邀请（见 docs/formats.md）",
        "the rules file has no [invites] table (campaign, organizer): cannot make invites (see docs/formats.md)",
    ),
    "input.invite_missing": ("[{section}] 缺少“{key}”或其值为空", "[{section}] has no '{key}' or it is empty"),
    "input.reminder": (
        "提醒分钟数须为 0 到 10080 的整数，而不是 {value}",
        "reminder minutes must be a whole number from 0 to 10080, not {value}",
    ),
    "input.template_field": (
        "模板中有未知的字段“{{{field}}}”（可用：{known}）",
        "unknown field {{{field}}} (known: {known})",
    ),
    "input.template": (
        "模板格式错误：{reason}（花括号本身写作 {{{{ }}}}）",
        "bad template: {reason} (write braces as {{{{ }}}})",
    ),
    "input.milestone_twice": ("时间节点 id“{id}”重复", "milestone id '{id}' is used twice"),
    "input.milestone_when": (
        "无法识别的日期“{value}”（例：9月13日、2021-09-13、9月26日至9月30日）",
        "cannot read the date '{value}' (e.g. 9月13日, 2021-09-13, 9月26日至9月30日)",
    ),
    "input.milestone_who": (
        "“{value}”既不是类别（{known}）也不是表中的单位",
        "'{value}' is neither a category ({known}) nor a unit of the table",
    ),
    # -- calendar invites (issue 3): calendar content (always rendered in Chinese: the units read it)
    "invite.summary_default": ("对接：{unit}", "Meeting: {unit}"),
    "invite.description_default": (
        "{title}\n\n对接单位：{unit}\n时间：{time}—{end}\n地点：{room}\n\n{bring}\n\n{milestones}",
        "{title}\n\nUnit: {unit}\nTime: {time}-{end}\nPlace: {room}\n\n{bring}\n\n{milestones}",
    ),
    "invite.reminder": ("即将开始：{summary}", "Starting soon: {summary}"),
    "invite.cancelled": (
        "{unit}原定于 {time} 在{room}的对接已取消。如有新的安排，将另行通知。",
        "The meeting of {unit} at {time} in {room} is cancelled. Any new time will be sent separately.",
    ),
    "invite.item_cancelled": ("此事项已取消。", "This item is cancelled."),
    "invite.office_calendar": ("{title}（全部对接与时间节点）", "{title} (all meetings and dates)"),
    "invite.office_summary": ("对接：{unit}", "Meeting: {unit}"),
    "invite.office_description": (
        "{summary}\n联系人：{contact}\n邮箱：{address}",
        "{summary}\nContact: {contact}\nMail: {address}",
    ),
    "invite.no_contact": ("（通讯录中没有）", "(not in the contacts)"),
    "invite.deadline_summary": ("截止：{what}", "Due: {what}"),
    "invite.deadline_calendar": ("{unit}：工作时间节点", "{unit}: dates and deadlines"),
    "invite.everyone": ("全部单位", "every unit"),
    "invite.office_deadline": ("{summary}（{who}）", "{summary} ({who})"),
    # -- calendar invites (issue 3): command output
    "show.invites_summary": (
        "邀请：新建 {new}，更新 {updated}，取消 {cancelled}，未变 {unchanged}",
        "Invites: {new} new, {updated} updated, {cancelled} cancelled, {unchanged} unchanged",
    ),
    "show.change": ("变化", "Change"),
    "show.invite": ("邀请", "Invite"),
    "show.change.new": ("新建", "new"),
    "show.change.updated": ("更新", "updated"),
    "show.change.cancelled": ("取消", "cancelled"),
    "show.change.unchanged": ("未变", "unchanged"),
    "show.no_address": (
        "{count} 个单位没有邮箱（文件已写入，需另行送达）：{units}",
        "{count} unit(s) have no mail address (files written, hand them over otherwise): {units}",
    ),
    "show.unknown_contacts": (
        "通讯录中有 {count} 个单位不在时间表中（是否写错了名称？）：{units}",
        "{count} unit(s) in the contacts are not in the timetable (a typo?): {units}",
    ),
    "show.no_invites": (
        "规则文件没有 [invites] 表，未生成日历邀请",
        "the rules file has no [invites] table: no calendar invites written",
    ),
    "show.invites_written": ("已写入邀请：{path}（{count} 个文件）", "Invites written: {path} ({count} files)"),
    "show.invites_refused": (
        "时间表违反规则，未生成邀请：",
        "The timetable breaks the rules; no invites written:",
    ),
    # -- mailing the invites (issue 4): the letter (always rendered in Chinese: the units read it)
    "mail.subject.new": ("邀请：{summary}", "Invitation: {summary}"),
    "mail.subject.updated": ("已更新：{summary}", "Updated: {summary}"),
    "mail.subject.cancelled": ("已取消：{summary}", "Cancelled: {summary}"),
    "mail.hello": ("您好！", "Hello,"),
    "mail.intro.new": (
        "{organizer}邀请贵单位参加以下对接。请在日历中点“接受”或“拒绝”答复。",
        "{organizer} invites you to the meeting below. Please answer with Accept or Decline in your calendar.",
    ),
    "mail.intro.updated": (
        "对接安排有变化，请以本邮件为准：日历中原有的邀请会随之更新。请在日历中重新答复。",
        "The meeting has changed; this message replaces the last one and updates it in your calendar. "
        "Please answer again.",
    ),
    "mail.attachment": (
        "附件 invite.ics 是本次对接的日历邀请。",
        "The attachment invite.ics is the calendar invite.",
    ),
    "mail.attachments": (
        "附件 invite.ics 是本次对接的日历邀请；"
        "deadlines.ics 是通知中与贵单位有关的时间节点，可导入日历（全天事项，不占用日程）。",
        "The attachment invite.ics is the calendar invite; deadlines.ics holds the notice's dates for you, "
        "to import into your calendar (all-day items that do not block the day).",
    ),
    "mail.attachments.cancelled": (
        "附件 deadlines.ics 撤销此前发送的时间节点。",
        "The attachment deadlines.ics withdraws the dates sent before.",
    ),
    "mail.reply": ("如有疑问，请直接回复本邮件。", "Any question: reply to this message."),
    # -- mailing the invites (issue 4): refusing a message, the journal, the server, the summary
    "mail.refused": ("单位“{unit}”的邀请不能发送：{reason}", "the invite of {unit} cannot be mailed: {reason}"),
    "mail.no_address": ("没有邮箱地址", "it has no mail address"),
    "mail.server_reply": ("服务器答复 {reply}", "the server replied {reply}"),
    "mail.untidy": (
        "不是导出时写下的形式（state.json 被手工改过？）",
        "not as the export wrote it (state.json edited?)",
    ),
    "mail.bad_calendar": ("邀请文件无法解析：{reason}", "the invite file cannot be read: {reason}"),
    "mail.mismatch": (
        "邀请文件中的 {what} 与 state.json 记录的不一致：请重新导出（ics 命令）",
        "the invite file's {what} differs from state.json: export again (ics)",
    ),
    "mail.sequence_back": (
        "单位“{unit}”的邀请 SEQUENCE {sequence} 低于已发出的 {sent}（state.json 被删除或替换过？见 docs/invites.md）",
        "the invite of {unit} has SEQUENCE {sequence}, lower than the {sent} already sent "
        "(state.json deleted or replaced? see docs/invites.md)",
    ),
    "mail.bad_journal": (
        "发送日志第 {line} 行已损坏或不是本程序写的：请从备份恢复",
        "line {line} of the mail journal is damaged or not ours: restore it from a backup",
    ),
    "mail.journal_locked": (
        "另一个 send 正在使用这个发送日志：请等它结束",
        "another send is using this mail journal: wait for it to finish",
    ),
    "mail.journal_write": ("无法写入发送日志：{reason}", "cannot write the mail journal: {reason}"),
    "mail.no_host": (
        "需要 --smtp-host（或用 --dry-run DIR 只生成邮件文件）",
        "--smtp-host is needed (or --dry-run DIR)",
    ),
    "mail.security": (
        "--starttls、--ssl 和 --insecure-plain 只能选一个",
        "choose one of --starttls, --ssl and --insecure-plain",
    ),
    "mail.no_password": (
        "没有密码：请设置环境变量 {variable}，或在终端中运行以便输入",
        "no password: set {variable}, or run in a terminal to type it",
    ),
    "mail.password_prompt": ("{user} 的 SMTP 密码", "SMTP password of {user}"),
    "mail.plain_password": (
        "警告：--insecure-plain 将以明文发送密码",
        "warning: --insecure-plain sends the password in clear text",
    ),
    "mail.no_starttls": (
        "服务器 {host} 不支持 STARTTLS：未发送任何内容（可用 --ssl；确需明文时用 --insecure-plain）",
        "the server {host} does not offer STARTTLS: nothing sent (try --ssl; --insecure-plain if you must)",
    ),
    "mail.tls_failed": (
        "与 {host} 建立 TLS 连接失败：{reason}（自建证书可用 --cafile 指定）",
        "TLS with {host} failed: {reason} (a private CA: --cafile)",
    ),
    "mail.auth_failed": ("服务器拒绝登录：{reply}", "the server refused the login: {reply}"),
    "mail.no_auth": ("服务器不支持登录（AUTH）", "the server offers no login (AUTH)"),
    "mail.no_smtputf8": (
        "地址含非 ASCII 字符，而服务器不支持 SMTPUTF8",
        "the address is not ASCII and the server does not offer SMTPUTF8",
    ),
    "mail.unreachable": ("无法连接服务器 {host}：{reason}", "cannot reach the server {host}: {reason}"),
    "mail.disconnected": ("连接中断：{reason}", "connection lost: {reason}"),
    "mail.gave_up": (
        "连续 {count} 封邮件暂时失败，停止本批发送：请稍后重新运行同一命令（已发送的不会重发）",
        "{count} messages in a row failed for now; stopping: run the same command later (nothing is sent twice)",
    ),
    "mail.stopped": ("发送已停止：{reason}", "sending stopped: {reason}"),
    "mail.progress": ("发送邀请", "Sending invites"),
    "mail.summary": (
        "发送：已发送 {sent}，此前已发送 {already}，无邮箱跳过 {no_address}，失败 {failed}",
        "Mail: {sent} sent, {already} already sent before, {no_address} skipped without address, {failed} failed",
    ),
    "mail.summary.not_attempted": ("未尝试 {count}（重新运行同一命令继续）", "{count} not attempted (run again)"),
    "mail.summary.never_sent": (
        "--only-changed 跳过从未发送过的单位 {count} 个：{units}",
        "--only-changed skipped {count} unit(s) never mailed: {units}",
    ),
    "mail.summary.not_invited": (
        "{count} 个取消未发送（该单位从未收到过邀请）：{units}",
        "{count} cancellation(s) not sent (the unit was never mailed the invite): {units}",
    ),
    "mail.summary.resent": (
        "其中 {count} 封是在无法确认是否送达后重发的"
        "（服务器可能已收到过；Message-ID 和 UID/SEQUENCE 相同，日历中不会出现两次）：{units}",
        "{count} of them were sent again because their delivery could not be confirmed (the server may "
        "have had them; same Message-ID and UID/SEQUENCE, so no calendar shows them twice): {units}",
    ),
    "mail.failed": ("失败：{unit} <{address}>：{reason}", "failed: {unit} <{address}>: {reason}"),
    "mail.no_address_units": (
        "{count} 个单位没有邮箱，未发送（邀请文件需另行送达）：{units}",
        "{count} unit(s) have no address and were not mailed (hand their files over otherwise): {units}",
    ),
    "mail.journal": ("发送日志：{path}", "Mail journal: {path}"),
    "mail.dry_run": (
        "试运行：{count} 封邮件写入 {path}，未发送，发送日志未改动",
        "Dry run: {count} message(s) written to {path}; nothing sent, the journal untouched",
    ),
    "mail.dry_summary": (
        "将发送 {count}，此前已发送 {already}，无邮箱跳过 {no_address}",
        "Would send {count}; {already} already sent before; {no_address} skipped without address",
    ),
    "input.unit_name": (
        "单位名称“{value}”含有换行或控制字符",
        "the unit name '{value}' holds a line break or a control character",
    ),
    "input.unit_address": (
        "单位“{unit}”的邮箱地址“{value}”无效：{reason}",
        "the mail address '{value}' of {unit} is not valid: {reason}",
    ),
    "input.unit_person": (
        "单位“{unit}”的联系人“{value}”含有换行或控制字符",
        "the contact '{value}' of {unit} holds a line break or a control character",
    ),
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
    # -- replanning, explanations and alternatives (issue 5)
    "option.format": ("{option} 的值“{value}”格式不对，应为 {expected}", "{option} '{value}': expected {expected}"),
    "option.unknown_unit": (
        "{option} “{value}”：表中没有单位“{unit}”",
        "{option} '{value}': there is no unit '{unit}'",
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
        "{option} '{value}': cannot read the time '{time}' (e.g. 9月8日 8:00, 9月8日 8:00-11:00, 2021-09-08 08:00)",
    ),
    "option.no_slots": (
        "{option} “{value}”：“{time}”不包含任何对接时段",
        "{option} '{value}': '{time}' covers no meeting slot",
    ),
    "option.not_slot": (
        "{option} “{value}”：{time} 不是对接时段",
        "{option} '{value}': {time} is not one of the meeting days and hours",
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
    "replan.from": ("原时间", "Was"),
    "replan.to": ("新时间", "Now"),
    "replan.new": ("（新增）", "(new)"),
    "replan.displacement": (
        "调整合计 {slots} 个时段（每个单位新旧时间相差的时段数之和）",
        "Total displacement: {slots} slot(s) (the slots between each unit's old and new time, summed)",
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
    "why.none": ("有满足全部规则的时间表，没有冲突", "A timetable satisfies every rule: there is no conflict"),
    "fact.pinned": ("固定在 {time}", "is pinned to {time}"),
    "fact.unavailable": ("不能参加 {times}", "cannot come at {times}"),
    "fact.unavailable_before": ("在 {time} 之前的时段都不能参加", "is unavailable every slot before {time}"),
    "fact.unavailable_after": ("在 {time} 之后的时段都不能参加", "is unavailable every slot after {time}"),
    "fact.unavailable_all": ("所有时段都不能参加", "cannot come at any meeting time"),
    "fact.only": ("只能在 {times} 参加", "can come only at {times}"),
    "fact.and": ("，且", ", and "),
    "why.pinned_unavailable": (
        "{unit} 固定在 {time}，但该时间不能参加",
        "{unit} is pinned to {time}, but cannot come then",
    ),
    "why.facts": ("{unit} {facts}", "{unit} {facts}"),
    "why.order.facts.before": (
        "{unit} {facts}，但作为{category}须排在 {others} 之前",
        "{unit} {facts}, but as a {category} it must meet before {others}",
    ),
    "why.order.facts.after": (
        "{unit} {facts}，但作为{category}须排在 {others} 之后",
        "{unit} {facts}, but as a {category} it must meet after {others}",
    ),
    "why.order.plain.before": (
        "{units} 是{category}，须排在 {others} 之前",
        "{units}, as {category}, must meet before {others}",
    ),
    "why.order.plain.after": (
        "{units} 是{category}，须排在 {others} 之后",
        "{units}, as {category}, must meet after {others}",
    ),
    "why.which": ("，而 {unit} {facts}", ", which {facts}"),
    "why.also": ("；{unit} {facts}", "; {unit} {facts}"),
    "why.linked": ("{then} 须在同一天紧接 {first} 之后对接", "{then} must meet directly after {first}, the same day"),
    "why.linked.facts": (
        "{then} 须在同一天紧接 {first} 之后对接，但 {unit} {facts}",
        "{then} must meet directly after {first}, the same day, but {unit} {facts}",
    ),
    "why.same_time": ("{units} 都固定在 {time}", "{units} are all pinned to {time}"),
    "why.rooms": (
        "同一时段只有 {rooms} 个房间（{capacity}），且只有同一并行组的单位可以同时对接",
        "At any one time there are only {rooms} room(s) ({capacity}), shared only by units of one parallel group",
    ),
    "why.room_capacity": ("{room} 容纳 {capacity} 个单位", "{room} holds {capacity}"),
    "alt.header": ("第 {number} 个最优时间表（共 {count} 个）", "Optimal timetable {number} of {count}"),
    "alt.all": (
        "共有 {count} 个不同的最优时间表（少于要求的 {wanted} 个），已全部列出",
        "There are only {count} different optimal timetables (fewer than the {wanted} asked for); all are shown",
    ),
    "alt.some": (
        "时限内找到 {count} 个不同的最优时间表（要求 {wanted} 个），未能确认是否还有更多",
        "Found {count} different optimal timetables in the time limit ({wanted} asked for); there may be more",
    ),
    "alt.not_optimal": (
        "时限内未能证明最优，无法列出其他最优时间表",
        "The optimum was not proven in the time limit, so no alternatives can be listed",
    ),
    "alt.differs": ("与第 1 个不同的单位：{count} 个", "Units at a different time than in timetable 1: {count}"),
    "alt.written": ("第 {number} 个：{path}", "Timetable {number}: {path}"),
    # -- problems built wrongly
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
    "problem.duplicate_unit": ("单位 {unit} 出现了不止一次", "unit {unit} appears more than once"),
    "problem.no_rooms": ("没有房间", "no rooms"),
    "problem.duplicate_room": ("房间名称重复", "room names repeat"),
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
    "solve.nothing": ("没有时间表", "there is no timetable"),
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
    "input.xls": (
        "旧版 Excel 文件（.xls）无法读取：请在 Excel 中另存为 .xlsx 或 CSV",
        "old Excel files (.xls) cannot be read: save it as .xlsx or CSV in Excel",
    ),
    "input.not_xlsx": ("不是有效的 Excel 工作簿（.xlsx）：{reason}", "not a valid Excel workbook (.xlsx): {reason}"),
    "input.no_sheet": ("没有工作表“{sheet}”（有：{known}）", "there is no sheet '{sheet}' (sheets: {known})"),
    "input.empty_sheet": ("工作表“{sheet}”是空的", "sheet '{sheet}' is empty"),
    "input.sheet_not_xlsx": (
        "--sheet 只适用于 .xlsx 工作簿，这个文件是文本表格",
        "--sheet applies only to .xlsx workbooks; this file is a text table",
    ),
    "input.merged_header": (
        "表头单元格 {cells} 是合并单元格：请取消合并，每列一个表头",
        "header cells {cells} are merged: unmerge them, one header per column",
    ),
    "input.formula": (
        "公式没有保存的计算结果：请在 Excel 中打开并保存后再用",
        "a formula without a saved result: open and save the workbook in Excel first",
    ),
    "output.unknown_format": (
        "未知的输出格式“{value}”（可选：{known}）",
        "unknown output format '{value}' (choose: {known})",
    ),
    "output.format_without_out": ("--format 需要和 --out 一起用", "--format needs --out (the folder to write to)"),
    "output.title": ("对接计划表", "Meeting timetable"),
    "output.annex": ("附件", "Annex"),
    "output.issued": ("{year}年{month}月{day}日", "{year}年{month}月{day}日"),
    "output.legend": ("图例", "Legend"),
    "output.uncategorized": ("未分类", "no category"),
    "output.room": ("地点：{rooms}", "Place: {rooms}"),
    "output.days": ("对接日期：{days}", "Days: {days}"),
    "output.made_by": ("由 docking-scheduler 生成", "Made by docking-scheduler"),
}


@dataclass(frozen=True)
class Message:
    """A catalog key and the values its sentence needs."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, key: str, /, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", params)

    def text(self, lang: str = "zh") -> str:
        return render(self, lang)


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return f"{value.month}月{value.day}日"
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, (list, tuple, frozenset, set)):
        parts = [_value(v, lang) for v in value]
        return ("、" if lang == "zh" else ", ").join(parts)
    return str(value)


def render(message: Message, lang: str = "zh") -> str:
    """The message's sentence in ``lang`` (``zh`` or ``en``)."""
    index = 1 if lang == "en" else 0
    template = CATALOG[message.key][index]
    return template.format(**{k: _value(v, lang) for k, v in message.params.items()})
