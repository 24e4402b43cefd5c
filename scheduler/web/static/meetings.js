// docking-scheduler's page for a meeting table (docs/meetings.md): a day x time grid per room, each
// meeting as tall as it is long; drag a meeting to another time or room and the server checks it in
// the checker's words; solve, apply, download and send. Plain script, no library; the helpers and the
// publishing are common.js's.
"use strict";

const ROW = 22; // pixels per grid step
let lastMoved = null; // the meeting the last drag moved: its lines are shown in bold
let proposal = null; // {job, data}: a solve result shown in the grid instead of the project

// -- the project and the grid -----------------------------------------------------------------

async function loadProject() {
  try {
    show(await api("GET", "/api/project"));
  } catch (e) {
    failed(e);
  }
}

function show(data) {
  if (data && data.kind !== "meetings") {
    switchPage(); // a unit table was opened (here or elsewhere): its own page
    return;
  }
  project = data;
  $("#title").textContent = data.title;
  setLang($("#title"), data.title);
  document.title = data.title + " · " + S.app_title;
  $("#invites-form").elements.version.value = data.version;
  $("#undo").disabled = !data.can_undo;
  render();
}

function minutes(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

function clock(minute) {
  return Math.floor(minute / 60) + ":" + String(minute % 60).padStart(2, "0");
}

function rows() {
  // the steps of a working day; a row after a break is marked
  const out = [];
  for (const [a, b] of project.periods) {
    for (let m = minutes(a); m < minutes(b); m += project.grid) out.push({ minute: m, afterBreak: out.length > 0 && m === minutes(a) });
  }
  return out;
}

function shownMeetings() {
  if (!proposal) return project.meetings;
  const where = new Map(proposal.data.timetables[0].meetings.map((m) => [m.title, m]));
  return project.meetings.map((m) => {
    const p = where.get(m.title);
    if (!p || !p.start) return { ...m, start: null, end: null };
    const end = new Date(new Date(p.start + ":00").getTime() + m.minutes * 60000);
    const pad = (n) => String(n).padStart(2, "0");
    const endKey = p.start.slice(0, 11) + pad(end.getHours()) + ":" + pad(end.getMinutes());
    return { ...m, start: p.start, end: endKey, room: p.room, moved: p.start !== m.start || p.room !== m.room };
  });
}

function render() {
  // in a preview no meeting moves: the hint says what to do first (QA qawebmeet19 F5)
  $("#hint").textContent = proposal ? S.m_hint_preview : S.m_hint_plan;
  const steps = rows();
  const index = new Map(steps.map((s, i) => [s.minute, i]));
  const meetings = shownMeetings();
  // a preview has passed the checker: the rings and lines of the timetable on disk are not its own
  const bad = proposal ? new Map() : rulesBroken();
  const byRoomDay = new Map();
  const tray = [];
  for (const m of meetings) {
    const top = m.start ? index.get(minutes(m.start.slice(11))) : undefined;
    if (!m.start || !m.room || top === undefined || !project.rooms.some((r) => r.name === m.room)) {
      tray.push(m);
      continue;
    }
    const key = m.room + "|" + m.start.slice(0, 10);
    if (!byRoomDay.has(key)) byRoomDay.set(key, []);
    byRoomDay.get(key).push({ m, top, span: Math.max(1, Math.round(m.minutes / project.grid)) });
  }
  const html = [];
  for (const room of project.rooms) {
    const info = [room.seats ? fmt(S.m_seats, { seats: room.seats }) : "", room.capacity > 1 ? fmt(S.m_capacity, { capacity: room.capacity }) : ""];
    html.push('<section class="mroom" data-room="' + esc(room.name) + '"><h3>' + esc(room.name) + " <small>" + esc(info.filter(Boolean).join(" · ")) + "</small></h3>");
    html.push('<div class="mtable"><div class="mhead"><div class="mclock">' + esc(S.time) + "</div>");
    for (const d of project.days) html.push('<div class="mday" data-day="' + d.key + '">' + esc(d.label) + "<small>" + esc(d.weekday) + "</small></div>");
    html.push('</div><div class="mbody" data-box="0,' + steps.length * ROW + '"><div class="mclocks">');
    steps.forEach((s, i) => {
      if (s.minute % 30 === 0 || s.afterBreak || i === 0) html.push('<span data-box="' + i * ROW + '">' + clock(s.minute) + "</span>");
    });
    html.push("</div>");
    for (const d of project.days) {
      html.push('<div class="mcol" data-day="' + d.key + '">');
      steps.forEach((s, i) => {
        const key = d.key + "T" + String(Math.floor(s.minute / 60)).padStart(2, "0") + ":" + String(s.minute % 60).padStart(2, "0");
        html.push('<div class="mslot' + (s.afterBreak ? " after-break" : "") + '" data-slot="' + key + '" data-room="' + esc(room.name) + '" data-box="' + i * ROW + "," + ROW + '"></div>');
      });
      const placed = (byRoomDay.get(room.name + "|" + d.key) || []).sort((a, b) => a.top - b.top || a.m.index - b.m.index);
      // lanes per group of meetings that overlap (one with the next, in time order): a meeting that
      // overlaps nothing keeps the column's whole width (one overlap narrowed every meeting of the day)
      let group = [];
      let laneEnds = [];
      let groupEnd = -1;
      const close = () => group.forEach((q) => (q.lanes = Math.max(1, laneEnds.length)));
      for (const p of placed) {
        if (p.top >= groupEnd) {
          close();
          group = [];
          laneEnds = [];
        }
        let lane = laneEnds.findIndex((end) => end <= p.top);
        if (lane < 0) lane = laneEnds.push(0) - 1;
        laneEnds[lane] = p.top + p.span;
        p.lane = lane;
        group.push(p);
        groupEnd = Math.max(groupEnd, p.top + p.span);
      }
      close();
      for (const p of placed) html.push(block(p, p.lanes, bad.get(p.m.title) || 0));
      html.push("</div>");
    }
    html.push("</div></div></section>");
  }
  $("#grid").innerHTML = html.join("");
  place($("#grid"));
  $("#tray").innerHTML = '<p class="hint">' + esc(S.tray_hint) + "</p>" + tray.map((m) => chip(m, bad.get(m.title) || 0)).join("");
  renderChecks();
  renderMeetingAnswers();
  settleRoving();
}

// The 答复 panel, meeting by meeting in the table's order: its title and time, how many of its people
// accepted, declined, are tentative, have not answered (proposed another time and delegated when any),
// then each person's answer received as the 答复 column writes it ("李科长：拒绝：出差"), then those taken off
// it after their invite was mailed, struck through, with whether their cancellation went ("李科长：已撤回，
// 取消通知尚未寄出"), then the people who have not answered folded under one line ("未答复 4 人", opened by a
// click: 2,000 meetings listed 10,315 未答复 rows around their 535 declines, QA qabigmeet22 F3). Hidden
// without answers or withdrawn people.
function renderMeetingAnswers() {
  const answers = project.answers || {};
  const counts = project.answers_counts || {};
  const withdrawn = project.answers_withdrawn || {};
  const unanswered = project.answers_unanswered || {};
  const shown = project.meetings.filter((m) => answers[m.title] || withdrawn[m.title]);
  $("#answers-panel").hidden = !renderAnswersRead() && !shown.length;
  $("#answers").innerHTML = shown.map((m) => answerGroup(m, answers[m.title], counts[m.title] || {}, withdrawn[m.title] || [], unanswered[m.title] || [])).join("");
}

function answerGroup(m, answer, c, withdrawn, unanswered) {
  const optional = c["declined-optional"] ? fmt(S.answer_counts_optional, { count: c["declined-optional"] }) : ""; // (QA qaimap26 F9)
  let said = fmt(S.answer_counts, { accepted: c.accepted || 0, declined: c.declined || 0, optional, tentative: c.tentative || 0, none: c["no-answer"] || 0 });
  if (c.counter) said += fmt(S.answer_counts_counter, { count: c.counter });
  if (c.delegated) said += fmt(S.answer_counts_delegated, { count: c.delegated });
  const folded = new Set(unanswered);
  const item = (line) => "<li>" + esc(line) + "</li>";
  const people = (answer ? answer.split("\n") : []).filter((line) => !folded.has(line)).map(item);
  for (const w of withdrawn) {
    const note = w.mailed ? S.withdrawn_mailed : S.withdrawn_unmailed;
    people.push('<li class="answer-withdrawn"><s>' + esc(w.name) + "</s>" + esc(note) + "</li>");
  }
  const time = m.shown ? ' <span class="answer-time">' + esc(m.shown) + "</span>" : "";
  const counted = answer ? '<div class="answer-counts">' + esc(said) + "</div>" : "";
  const rest = unanswered.length
    ? '<details class="answer-unanswered"><summary>' + esc(fmt(S.answers_unanswered, { count: unanswered.length })) + '</summary><ul class="answer-people">' + unanswered.map(item).join("") + "</ul></details>"
    : "";
  return (
    '<li class="answer-meeting" data-key="' + esc(m.title) + '"><div class="answer-head"><strong>' + esc(m.title) + "</strong>" + time + "</div>" +
    counted + '<ul class="answer-people answer-received">' + people.join("") + "</ul>" + rest + "</li>"
  );
}

// The meetings for the keyboard (common.js's roving): per room, down each day, the tray last.
function gridItems() {
  return [...document.querySelectorAll("#grid [data-title][tabindex], #tray [data-title][tabindex]")];
}

// A meeting's block in the grid (or its chip in the tray), if shown.
function meetingItem(title) {
  return title ? document.querySelector('#grid [data-title="' + CSS.escape(title) + '"], #tray [data-title="' + CSS.escape(title) + '"]') : null;
}

// What a screen reader is told after a meeting moved: its time and room now.
function meetingMoved(title) {
  const m = project.meetings.find((x) => x.title === title);
  return movedSaid(title, m && m.shown ? [m.shown, m.room].filter(Boolean).join(" ") : "");
}

function place(root) {
  // positions go through the CSSOM: the page's content security policy forbids style attributes
  for (const el of root.querySelectorAll("[data-box]")) {
    const [top, height, left, width] = el.dataset.box.split(",").map(Number);
    if (el.classList.contains("mbody")) el.style.height = height + "px";
    else el.style.top = top + "px";
    if (height !== undefined && !el.classList.contains("mbody")) el.style.height = height + "px";
    if (left !== undefined) {
      el.style.left = "calc(" + left + "% + 2px)";
      el.style.width = "calc(" + width + "% - 4px)";
    }
  }
  fitLines(root);
}

// A block's height is set by its minutes: its time and participants lines are shown only when they fit
// whole, not cut half-way down a line on a narrow screen (QA a11y17 #17); the block's name, tooltip and
// move panel say them all. Again when the window's width changes.
function fitLines(root) {
  const blocks = [...root.querySelectorAll(".mblock")].map((block) => [block, [...block.querySelectorAll(".when, .who")]]);
  for (const [, lines] of blocks) for (const line of lines) line.hidden = false;
  // measured all at once (one layout), then hidden: a line that does not fit, and those after it
  const cut = blocks.map(([block, lines]) => lines.findIndex((line) => line.offsetTop + line.offsetHeight > block.clientHeight));
  blocks.forEach(([, lines], i) => lines.forEach((line, k) => (line.hidden = cut[i] >= 0 && k >= cut[i])));
}

let fitWidth = window.innerWidth;
window.addEventListener("resize", () => {
  if (window.innerWidth === fitWidth) return;
  fitWidth = window.innerWidth;
  fitLines(document);
});

function who(m) {
  let text = m.required.join("、");
  if (m.optional.length) text += "；" + fmt(S.m_optional, { names: m.optional.join("、") });
  return text;
}

// An ISO time's clock as the page writes every time (9:45, not 09:45: QA qaweb21 F7)
function clockOf(iso) {
  return iso.slice(11, 16).replace(/^0(?=\d:)/, "");
}

function block(p, lanes, isBad) {
  const m = p.m;
  const when = fmt(S.m_when, { when: clockOf(m.start) + S.m_dash + clockOf(m.end), length: m.length }); // (90 min) on the English page
  const tip = [m.title + " · " + fmt(S.m_when, { when: m.shown, length: m.length }) + " · " + m.room + " · " + who(m), m.wish, answerOf(m.title)].filter(Boolean).join("\n");
  const box = [p.top * ROW, p.span * ROW - 2, (100 * p.lane) / lanes, 100 / lanes].join(",");
  const classes = ["mblock"];
  if (isBad) classes.push("bad");
  if (m.moved) classes.push("shifted");
  if (m.wish_met === false) classes.push("unwished"); // placed outside its preferred time: marked, said in its name
  if (proposal) classes.push("preview");
  if (p.span < 2) classes.push("short");
  // its name says the day, the time and the room (8:00 comes once a day in every room): webux14 #6
  const named = fmt(S.m_block_label, { title: m.title, when: m.shown, length: m.length, room: m.room });
  const label = [isBad ? fmt(S.m_block_label_bad, { label: named, count: isBad }) : named, m.wish].filter(Boolean).join(" · "); // (QA a11y17 #4)
  // on the English page a Chinese title makes the block's name Chinese (lang): the label replaces the
  // content, whose <b lang> no longer counts, and an English voice spelt the title out (QA a11y17 #16)
  const inner = "<b" + langAttr(m.title) + ">" + esc(m.title) + (m.pinned ? ' <span class="pin" title="' + esc(S.m_pinned) + '">📌</span>' : "") + "</b>" + (p.span >= 2 ? '<span class="when">' + esc(when) + "</span>" : "") + (p.span >= 3 ? '<span class="who">' + esc(who(m)) + "</span>" : "");
  return '<div class="' + classes.join(" ") + '" draggable="' + !proposal + '"' + keyboard() + langAttr(m.title) + ' aria-label="' + esc(label) + '" data-title="' + esc(m.title) + '" data-minutes="' + m.minutes + '" data-box="' + box + '" title="' + esc(tip) + '">' + inner + "</div>";
}

function chip(m, isBad) {
  const text = m.title + " · " + m.length + (m.start ? " · " + m.shown : "");
  return '<div class="mchip' + (isBad ? " bad" : "") + '" draggable="' + !proposal + '"' + keyboard() + ' data-title="' + esc(m.title) + '" title="' + esc([who(m), m.wish, answerOf(m.title), badSaid(isBad)].filter(Boolean).join("\n")) + '">' + esc(text) + "</div>";
}

// A meeting takes the keyboard's focus (not in a preview): Enter opens the move panel for it. One of
// them is a stop of Tab, the arrow keys reach the others (settleRoving).
function keyboard() {
  return proposal ? "" : ' tabindex="-1" role="button"';
}

let moving = null; // the meeting the move panel is for

function openMove(title) {
  const m = project.meetings.find((x) => x.title === title);
  if (!m || proposal) return;
  moving = title;
  $("#move-title").textContent = m.title + " · " + m.length;
  $("#move-answers").textContent = answerOf(m.title);
  $("#move-answers").hidden = !answerOf(m.title);
  $("#move-wish").textContent = m.wish; // its preferred time, and whether its place meets it
  $("#move-wish").hidden = !m.wish;
  const hour = (minute) => String(Math.floor(minute / 60)).padStart(2, "0") + ":" + String(minute % 60).padStart(2, "0");
  // only starts where it ends within the period, as the greedy and the model place it (QA qawebmeet19 F4:
  // every step was offered, and 17:15 saved a working-hours violation); its own time stays listed
  const fits = [];
  for (const [a, b] of project.periods) for (let x = minutes(a); x + m.minutes <= minutes(b); x += project.grid) fits.push(x);
  const slots = project.days.flatMap((d) => fits.map((x) => ({ key: d.key + "T" + hour(x), label: d.label + " " + clock(x) })));
  if (m.start && !slots.some((s) => s.key === m.start)) slots.unshift({ key: m.start, label: m.shown || m.start });
  $("#move-slot").innerHTML = moveOptions(slots, m.start);
  $("#move-room").innerHTML = roomOptions(project.rooms, m.room);
  $("#move-panel").hidden = false;
  $("#move-panel").scrollIntoView({ block: "nearest" });
  $("#move-slot").focus({ preventScroll: true });
}

function setupMove() {
  $("#grid").parentElement.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    const el = event.target.closest && event.target.closest("[data-title][tabindex]");
    if (!el) return;
    event.preventDefault();
    openMove(el.dataset.title);
  });
  // a click, a tap, a screen reader's "activate" (a click): the same panel, so that every way in can move
  // a meeting (a touch screen starts no drag; webux14 #2); a drag ends without a click
  $("#grid").parentElement.addEventListener("click", (event) => {
    const el = event.target.closest && event.target.closest("[data-title][tabindex]");
    if (el) openMove(el.dataset.title);
    else if (proposal && event.target.closest && event.target.closest("[data-title]")) announce(S.m_hint_preview); // said, not ignored
  });
  $("#move-go").addEventListener("click", async () => {
    if (!moving) return;
    const start = $("#move-slot").value || null;
    lastMoved = moving;
    if (await change("/api/meetings/move", { title: moving, start, room: start ? $("#move-room").value : null }, $("#move-go"))) {
      announce(meetingMoved(moving));
      openMove(moving);
    }
  });
  $("#move-close").addEventListener("click", () => {
    const title = moving;
    moving = null;
    $("#move-panel").hidden = true;
    focusOn(meetingItem(title)); // back to the meeting, as a dialog gives the focus back to its opener
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("#move-panel").hidden) $("#move-close").click();
  });
}

function renderScore(lines) {
  // validate's lines, one each, indents kept (#score: pre-wrap); the indented ones (each preferred time
  // missed, the people behind a per-person term) folded under the line they detail: 20 and more of
  // them filled the toolbar above the grid (QA qawebmeet19 F2)
  const host = $("#score");
  host.textContent = "";
  const groups = [];
  for (const line of lines) {
    if (/^\s/.test(line) && groups.length) groups[groups.length - 1].rest.push(line);
    else groups.push({ head: line, rest: [] });
  }
  for (const group of groups) {
    const open = group.rest.length ? document.createElement("details") : null;
    const head = document.createElement(open ? "summary" : "div");
    head.textContent = group.head;
    if (!open) {
      host.append(head);
      continue;
    }
    const rest = document.createElement("div");
    rest.textContent = group.rest.join("\n");
    open.append(head, rest);
    host.append(open);
  }
}

// Per meeting, how many rules it breaks (its chip's "违反 1 条规则"): a meeting with neither time nor room
// has two lines of one rule (QA qawebmeet19 F8: it said 2).
function rulesBroken() {
  const rules = new Map();
  for (const v of project.violations) for (const name of v.meetings) rules.set(name, (rules.get(name) || new Set()).add(v.rule));
  return new Map([...rules].map(([name, found]) => [name, found.size]));
}

function renderChecks() {
  const list = $("#violations");
  const badge = $("#check-badge");
  const count = project.violations.length;
  renderScore(project.score);
  if (proposal) {
    badge.textContent = S.preview_ok_short;
    badge.className = "check ok";
    list.innerHTML = '<li class="ok">' + esc(fmt(S.m_preview_ok, { count: project.meetings.length })) + "</li>";
    return;
  }
  if (count && project.meetings.every((m) => !m.start)) {
    // a table waiting for its first solve: one line saying so, not two violations per meeting (QA qawebmeet19 F8)
    const waiting = project.meetings.length;
    badge.textContent = fmt(S.m_unplaced_short, { count: waiting });
    badge.className = "check bad";
    list.innerHTML = "<li>" + esc(fmt(S.m_unplaced, { count: waiting })) + "</li>" + noticeItems(project.notices);
    return;
  }
  if (!count) {
    badge.textContent = S.check_ok_short;
    badge.className = "check ok";
  } else {
    badge.textContent = fmt(S.check_bad_short, { count });
    badge.className = "check bad";
  }
  if (!count) {
    const missed = (project.missed || []).map((t) => '<li class="missed">' + esc(t) + "</li>").join("");
    list.innerHTML = '<li class="ok">' + esc(fmt(S.m_check_ok, { count: project.meetings.length })) + "</li>" + missed + noticeItems(project.notices);
    return;
  }
  const lines = project.violations.map((v) => '<li class="' + (lastMoved && v.meetings.includes(lastMoved) ? "mine" : "") + '">' + esc(v.text) + "</li>");
  list.innerHTML = lines.join("") + noticeItems(project.notices);
}

let dragOn = false; // a drag is under way (the grid's blocks then let drops through)

function setupGrid() {
  const host = document.body;
  host.addEventListener("dragstart", (event) => {
    const item = event.target.closest && event.target.closest("[data-title]");
    if (!item || proposal) return;
    event.dataTransfer.setData("text/plain", item.dataset.title);
    event.dataTransfer.effectAllowed = "move";
    // blocks let the drop through to the slot beneath; set after dragstart returns, as a style change
    // inside it took the dragged block out of the drag (Chromium 150 driven by Playwright then hung)
    dragOn = true;
    setTimeout(() => dragOn && document.body.classList.add("dragging"), 0);
  });
  host.addEventListener("dragend", () => {
    dragOn = false; // a drag ended before the timeout above never leaves the class behind
    document.body.classList.remove("dragging");
  });
  host.addEventListener("dragover", (event) => {
    if (event.target.closest && event.target.closest(".mslot, #tray")) event.preventDefault();
  });
  host.addEventListener("drop", (event) => {
    const target = event.target.closest && event.target.closest(".mslot, #tray");
    if (!target) return;
    event.preventDefault();
    dragOn = false;
    document.body.classList.remove("dragging");
    const title = event.dataTransfer.getData("text/plain");
    if (!title) return;
    lastMoved = title;
    const where = target.id === "tray" ? { start: null, room: null } : { start: target.dataset.slot, room: target.dataset.room };
    change("/api/meetings/move", { title, ...where }).then((made) => made && announce(meetingMoved(title)));
  });
  $("#undo").addEventListener("click", async () => {
    const before = new Map(project.meetings.map((m) => [m.title, m.start + " " + m.room]));
    if (!(await change("/api/undo", {}, $("#undo")))) return;
    announce(fmt(S.said_undone, { check: checkSaid() }));
    const back = project.meetings.find((m) => before.get(m.title) !== m.start + " " + m.room);
    moveFocus(back ? meetingItem(back.title) : gridItems().find((el) => el.tabIndex === 0), $("#undo").disabled ? $("#undo") : null);
  });
}

// -- solving -------------------------------------------------------------------------------------

// How this page follows a solve (common.js's watchSolve): 求解 waits, the bar says "solving", the grid's
// preview goes.
const SOLVING = { buttons: ["#solve"], every: 300, phases: true, reset: () => (proposal = null), show: (job) => showSolve(job) };

async function startSolve() {
  if ($("#solve").disabled || solveStarting) return; // a double click starts one solve
  const limit = $("#time-limit").value; // as typed: the server refuses an empty box or a bad value
  clearInvalid($("#solve-panel"));
  solveStarting = true; // (not disabled: the focus stays on the button until 停止 takes it)
  try {
    clearNotice();
    const answer = await api("POST", "/api/meetings/solve", { version: project.version, objective: $("#objective").value, time_limit: limit });
    watchSolve({ id: answer.job, progress: { limit: Number(limit) || 1 } }, SOLVING);
  } catch (e) {
    failed(e);
    if (e.data.job && e.data.job.kind === "msolve") watchSolve(e.data.job, SOLVING); // the solve already running, shown here
    refusedAt(e, $("#notice-text")); // the time limit refused: that box, marked and focused
  } finally {
    solveStarting = false;
  }
}

function showSolve(job) {
  const r = job.result;
  const out = r.stopped ? ['<p class="warn">' + esc(r.timetables.length ? S.stopped_kept : S.stopped_none) + "</p>"] : []; // (qaweb21 F8)
  out.push('<ul class="summary">' + r.summary.map((l) => "<li>" + esc(l) + "</li>").join("") + "</ul>");
  if (r.notes && r.notes.length) out.push('<ul class="violations notes">' + noticeItems(r.notes) + "</ul>");
  const shown = () => moveFocus($("#solve-result").firstElementChild, $("#solve-panel")); // 求解 was disabled meanwhile
  if (!r.timetables.length) {
    out.push('<ul class="conflict">' + (r.conflict || []).map((l) => "<li>" + esc(l) + "</li>").join("") + "</ul>");
    $("#solve-result").innerHTML = out.join("");
    shown();
    return;
  }
  if (r.outdated) {
    out.push('<p class="warn">' + esc(S.result_outdated) + "</p>");
    $("#solve-result").innerHTML = out.join("");
    shown();
    return;
  }
  proposal = { job: job.id, data: r };
  const moves = r.timetables[0].moves;
  if (!moves.length) out.push("<p>" + esc(S.m_no_moves) + "</p>");
  else {
    out.push("<h3>" + esc(fmt(S.m_moved_count, { count: moves.length })) + "</h3>");
    out.push('<table class="list moves"><thead><tr><th>' + esc(S.m_meeting) + "</th><th>" + esc(S.was) + "</th><th>" + esc(S.now) + "</th><th>" + esc(S.m_shift) + "</th></tr></thead><tbody>");
    for (const m of moves) out.push("<tr><td>" + esc(m.title) + "</td><td>" + esc(m.from || S.new_unit) + "</td><td>" + esc(m.to) + "</td><td>" + esc(m.by) + "</td></tr>");
    out.push("</tbody></table>");
  }
  out.push('<div class="row"><button type="button" id="apply" class="primary">' + esc(S.apply) + '</button><button type="button" id="discard">' + esc(S.discard) + "</button></div>");
  $("#solve-result").innerHTML = out.join("");
  $("#apply").addEventListener("click", async () => {
    if (!proposal) return; // a second click of a double click: the first applies
    const job = proposal.job;
    proposal = null;
    if (await change("/api/meetings/apply", { job })) {
      $("#solve-result").innerHTML = '<p class="ok">' + esc(S.applied) + "</p>";
      moveFocus($("#solve-result p"), $("#solve-panel")); // the button pressed is gone
    } else {
      $("#solve-result").innerHTML = "";
      render();
      moveFocus($("#solve"), $("#solve-panel"));
    }
  });
  $("#discard").addEventListener("click", () => {
    dismissSolve(proposal && proposal.job);
    proposal = null;
    $("#solve-result").innerHTML = "";
    render();
    moveFocus($("#solve"), $("#solve-panel"));
  });
  render();
  shown();
}

// -- opening a table, the tabs ----------------------------------------------------------------------

// The form itself is common.js's setupOpen; this page forgets any proposal.
function opened(answer) {
  proposal = null;
  show(answer);
}

function showTab() {
  const name = (location.hash || "#plan").slice(1);
  const known = ["plan", "open", "publish"].includes(name) ? name : "plan";
  for (const tab of document.querySelectorAll("section.tab")) tab.hidden = tab.id !== known;
  for (const a of document.querySelectorAll("nav.tabs a")) a.toggleAttribute("aria-current", a.dataset.tab === known);
  if (known === "publish") loadJournal();
}

document.addEventListener("DOMContentLoaded", () => {
  $("#notice-close").addEventListener("click", clearNotice);
  $("#notice-reload").addEventListener("click", async () => {
    await loadProject();
    clearNotice(); // hidden once the fresh project is drawn, not before
  });
  $("#solve").addEventListener("click", startSolve);
  $("#stop").addEventListener("click", stopSolve);
  setupGrid();
  setupRoving($(".grid-wrap"), gridItems);
  setupSkipLinks();
  setupMove();
  setupOpen(opened);
  setupPublish();
  window.addEventListener("hashchange", showTab);
  showTab();
  const embedded = JSON.parse(document.getElementById("project-data").textContent);
  if (embedded) show(embedded);
  else if (boot.error) notify(boot.error);
  else loadProject();
  reattach((job) => job.kind === "msolve" && watchSolve(job, SOLVING));
  watchAnswers(renderMeetingAnswers);
});
