// docking-scheduler's page: the grid, the rules forms, solving, publishing and feeds.
// Plain script, no library: every change goes to the server, which checks it, writes the
// project folder and answers with the project as it now is.
"use strict";

// (boot, S, project and the helpers: common.js)
let selected = null; // the unit whose panel is open
let proposal = null; // {job, pick, data}: a solve result shown in the grid instead of the project
let lastMoved = null;
let awayMode = false; // clicks on the grid mark the selected unit away
let shifted = new Set(); // units the previewed result moves

// -- the project and the grid -----------------------------------------------------------------

async function loadProject() {
  try {
    show(await api("GET", "/api/project"));
  } catch (e) {
    failed(e);
  }
}

function show(data) {
  if (data && data.kind === "meetings") {
    switchPage(); // a meeting table was opened (here or elsewhere): its own page
    return;
  }
  const first = !project;
  project = data;
  const title = $("#title");
  title.textContent = data.title;
  setLang(title, data.title);
  document.title = data.title + " · " + S.app_title;
  $("#invites-form").elements.version.value = data.version;
  $("#undo").disabled = !data.can_undo;
  renderGrid();
  if (selected) renderUnit();
  if (first) loadTab(); // a page opened (or reloaded) on the rules or feeds tab: its form, now it can ask
  if (!performance.getEntriesByName("grid-ready").length) performance.mark("grid-ready"); // benchmarks/web.py
}

function categoryClass(category) {
  const i = project.categories.indexOf(category);
  return i >= 0 ? "cat-" + (i % 6) : "cat-none";
}

function meetingsShown() {
  if (!proposal) return project.meetings;
  const table = proposal.data.timetables[proposal.pick];
  const byUnit = {};
  for (const m of project.meetings) byUnit[m.unit] = m;
  return table.meetings.map((m, i) => {
    const base = byUnit[m.unit] || { unit: m.unit, category: "", group: "", note: "", pinned: null };
    return { ...base, index: i, start: m.start, room: m.room || base.room, in_grid: !!m.start };
  });
}

const PRINT_DAYS = 10; // days past which a print of the page is too narrow to read (see renderGrid)

function renderGrid() {
  // past PRINT_DAYS days every day on one A4 sheet is a column of single characters (2,000 units over 32
  // days printed 31 pages so: QA webux14 #13): the print says which file is made for printing instead
  const days = project.calendar.days.length;
  $("#print-hint").hidden = days <= PRINT_DAYS;
  $("#print-hint").textContent = fmt(S.print_big, { days });
  const meetings = meetingsShown();
  const bad = proposal ? new Map() : badCounts((v) => v.units);
  shifted = new Set(proposal ? proposal.data.timetables[proposal.pick].moves.map((m) => m.unit) : []);
  const rooms = project.rooms;
  const many = rooms.length > 1;
  const cells = {};
  const tray = [];
  for (const m of meetings) {
    if (!m.start || !m.in_grid) {
      tray.push(m);
      continue;
    }
    const room = many ? m.room || "" : "";
    ((cells[m.start] ||= {})[room] ||= []).push(m);
  }
  const cal = project.calendar;
  const away = selected && !proposal ? awaySlots(selected) : new Set();
  const out = [];
  out.push('<table class="grid' + (proposal ? " preview" : "") + '" aria-labelledby="grid-title"><thead><tr><th class="hour">' + esc(S.time) + "</th>");
  for (const d of cal.days) out.push('<th scope="col">' + esc(d.label) + "<small>" + esc(d.weekday) + "</small></th>");
  out.push("</tr></thead><tbody>");
  for (const h of cal.hours) {
    out.push(h.after_break ? '<tr class="after-break">' : "<tr>");
    out.push('<th class="hour" scope="row">' + esc(h.label) + "<small>" + esc(fmt(S.until, { time: h.ends })) + "</small></th>");
    for (const d of cal.days) {
      const slot = d.key + "T" + h.key;
      const here = cells[slot] || {};
      const cls = ["cell"];
      if (away.has(slot)) cls.push("away");
      const key = awayMode && selected && !proposal ? ' tabindex="-1" role="button" aria-pressed="' + away.has(slot) + '" aria-label="' + esc(d.label + " " + h.label) + '"' : ""; // marking absences: Enter toggles the hour
      out.push('<td class="' + cls.join(" ") + '" data-slot="' + slot + '"' + (away.has(slot) ? ' title="' + esc(S.away_here) + '"' : "") + key + ">");
      if (many) {
        for (const r of rooms) {
          out.push('<div class="room" data-room="' + esc(r.name) + '"><div class="room-name">' + esc(r.name) + "</div>");
          for (const m of here[r.name] || []) out.push(chip(m, bad));
          out.push("</div>");
        }
        if (here[""]) {
          // a hand-made table may give no room: the checker seats such units, the grid shows them apart
          out.push('<div class="room no-room"><div class="room-name">' + esc(S.no_room) + "</div>");
          for (const m of here[""]) out.push(chip(m, bad));
          out.push("</div>");
        }
      } else {
        for (const m of here[""] || []) out.push(chip(m, bad));
      }
      out.push("</td>");
    }
    out.push("</tr>");
  }
  out.push("</tbody></table>");
  $("#grid").innerHTML = out.join("");
  // a long campaign scrolls sideways rather than squeezing its days unreadable
  $("#grid table").style.minWidth = 60 + cal.days.length * (many ? 150 : 120) + "px";
  const trayParts = tray.map((m) => chip(m, bad));
  $("#tray").innerHTML = tray.length ? "<h3>" + esc(S.unscheduled) + "</h3>" + '<div class="tray-zone" data-slot="">' + trayParts.join("") + "</div>" : '<div class="tray-zone empty" data-slot=""><span>' + esc(S.tray_hint) + "</span></div>";
  $("#hint").textContent = proposal ? S.hint_preview : S.hint_plan;
  renderLegend(meetings);
  renderChecks();
  renderUnitAnswers();
  settleRoving();
}

// The 答复 panel (common.js): each unit's answer, in the table's order; then the withdrawn units that
// still answered (not in the table: they may think they are coming).
function renderUnitAnswers() {
  const answers = project.answers || {};
  const units = new Set(project.meetings.map((m) => m.unit));
  const listed = project.meetings.filter((m) => answers[m.unit]).map((m) => [m.unit, answers[m.unit]]);
  const withdrawn = Object.keys(answers).filter((unit) => !units.has(unit)).map((unit) => [unit, answers[unit]]);
  // the lines that ask for something first (declined, proposed, tentative, a note), in the table's order
  const attention = new Set(project.answers_attention || []);
  const first = listed.filter(([unit]) => attention.has(unit));
  renderAnswers(first.concat(listed.filter(([unit]) => !attention.has(unit)), withdrawn));
}

// The grid's items for the keyboard (common.js's roving): the units, or the hours while absences are
// marked; ↓ ↑ go down a day (the slots' keys sort by day, then hour), the tray last.
function gridItems() {
  const marking = awayMode && selected && !proposal;
  return [...document.querySelectorAll(marking ? "#grid td.cell[tabindex]" : "#grid .chip[tabindex], #tray .chip[tabindex]")];
}

function slotOf(el) {
  return el.closest("td.cell") ? el.closest("td.cell").dataset.slot : "~"; // (the tray last)
}

function downTheDay(items) {
  const slots = new Map(items.map((el) => [el, slotOf(el)])); // read once, not at each comparison
  return items.slice().sort((a, b) => (slots.get(a) < slots.get(b) ? -1 : slots.get(a) > slots.get(b) ? 1 : 0));
}

function renderLegend(meetings) {
  const counts = {};
  for (const m of meetings) counts[m.category] = (counts[m.category] || 0) + 1;
  const names = [...project.categories, ""].filter((c) => counts[c]);
  $("#legend").innerHTML = names
    .map((c) => '<li><span class="swatch ' + categoryClass(c) + '"></span>' + fmtData(S.legend_item, { category: c || S.no_category, count: counts[c] }) + "</li>")
    .join("");
}

function slotKey(i) {
  const cal = project.calendar;
  const n = cal.hours.length;
  return cal.days[Math.floor(i / n)].key + "T" + cal.hours[i % n].key;
}

function awaySlots(unit) {
  return new Set((project.away[unit] || []).map(slotKey));
}

function chip(m, bad) {
  const cls = ["chip", categoryClass(m.category)];
  if (bad.has(m.unit)) cls.push("bad");
  if (m.unit === selected) cls.push("selected");
  if (m.unit === lastMoved && !proposal) cls.push("moved");
  if (shifted.has(m.unit)) cls.push("shift");
  if ((project.answers_declined || []).includes(m.unit)) cls.push("declined"); // marked, not only in the tip (QA qaimap26 F6)
  const tip = [m.unit, m.category, m.group && fmt(S.group_of, { group: m.group }), m.pinned && S.pinned, m.note, answerOf(m.unit), badSaid(bad.get(m.unit))].filter(Boolean).join(" · ");
  const pin = m.pinned ? '<span class="pin" aria-hidden="true">📌</span>' : ""; // (not read as "pushpin": 已固定 is in the tip)
  // Enter opens its panel; one takes Tab. While absences are marked the hour is the button (a click on a
  // unit marks its hour): the unit is no button inside that one (nested buttons: QA a11y17 #12)
  const marking = awayMode && selected && !proposal;
  const drag = proposal ? "" : ' draggable="true" tabindex="-1"' + (marking ? "" : ' role="button"');
  return '<div class="' + cls.join(" ") + '"' + drag + ' data-index="' + m.index + '" data-unit="' + esc(m.unit) + '" title="' + esc(tip) + '"' + langAttr(m.unit) + ">" + pin + esc(m.unit) + "</div>";
}

function renderChecks() {
  const list = $("#violations");
  const badge = $("#check-badge");
  if (proposal) {
    // every timetable the solver returns has passed the checker
    list.innerHTML = '<li class="ok">' + esc(S.preview_ok) + "</li>";
    badge.textContent = "✓ " + S.preview_ok_short;
    badge.className = "check ok";
    return;
  }
  if (!project.violations.length) {
    list.innerHTML = '<li class="ok">' + esc(fmt(S.check_ok, { units: project.units })) + "</li>" + noticeItems(project.notices);
    badge.textContent = "✓ " + S.check_ok_short;
    badge.className = "check ok";
    return;
  }
  badge.textContent = fmt(S.check_bad_short, { count: project.violations.length });
  badge.className = "check bad";
  const lines = project.violations.map((v) => {
    const mine = lastMoved && v.units.includes(lastMoved);
    // a button (Enter, space, a click) leading to its unit, named by its text; the hint is its description
    const text = v.units[0] ? '<button type="button" class="find" data-unit="' + esc(v.units[0]) + '" title="' + esc(S.show_unit) + '">' + esc(v.text) + "</button>" : esc(v.text);
    return '<li class="' + (mine ? "mine" : "") + '" data-rule="' + esc(v.rule) + '">' + text + "</li>";
  });
  list.innerHTML = lines.join("") + noticeItems(project.notices);
}

function setupGrid() {
  const grid = $("#plan");
  // a unit of a preview is not draggable: a drag of it (pressed on it, let go elsewhere: no click) is said too
  let pressed = null;
  grid.addEventListener("pointerdown", (event) => (pressed = proposal && event.target.closest && event.target.closest(".chip")));
  grid.addEventListener("pointerup", (event) => {
    if (pressed && proposal && !(event.target.closest && event.target.closest(".chip") === pressed)) announce(S.preview_locked);
    pressed = null;
  });
  grid.addEventListener("dragstart", (event) => {
    const el = event.target.closest && event.target.closest(".chip");
    if (!el || proposal) return;
    event.dataTransfer.setData("text/plain", el.dataset.index);
    event.dataTransfer.effectAllowed = "move";
    el.classList.add("dragging");
  });
  grid.addEventListener("dragend", (event) => {
    const el = event.target.closest && event.target.closest(".chip");
    if (el) el.classList.remove("dragging");
  });
  const zoneOf = (event) => event.target.closest && (event.target.closest(".room") || event.target.closest("td.cell") || event.target.closest(".tray-zone"));
  grid.addEventListener("dragover", (event) => {
    const zone = zoneOf(event);
    if (!zone || proposal) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    for (const el of document.querySelectorAll(".drop-target")) if (el !== zone) el.classList.remove("drop-target");
    zone.classList.add("drop-target");
  });
  grid.addEventListener("dragleave", (event) => {
    const zone = zoneOf(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-target");
  });
  grid.addEventListener("drop", async (event) => {
    const zone = zoneOf(event);
    if (!zone || proposal) return;
    event.preventDefault();
    zone.classList.remove("drop-target");
    const index = Number(event.dataTransfer.getData("text/plain"));
    const meeting = project.meetings[index];
    if (!meeting) return;
    const cell = zone.closest("td.cell") || zone;
    const slot = cell.dataset.slot || null;
    const room = zone.dataset.room || (project.rooms.length > 1 ? meeting.room : null) || null;
    if (slot === meeting.start && (room || null) === (project.rooms.length > 1 ? meeting.room : null)) return;
    lastMoved = meeting.unit;
    performance.mark("move-start");
    if (await change("/api/move", { index, start: slot, room })) announce(unitMoved(meeting.unit));
    performance.measure("move", "move-start"); // drop to the check shown: read by benchmarks/web.py
  });
  grid.addEventListener("click", async (event) => {
    const el = event.target.closest(".chip");
    if (proposal && (el || event.target.closest("td.cell"))) {
      announce(S.preview_locked); // said, not ignored: the grid is a preview (QA qaweb21 F9, as the meeting page)
      return;
    }
    if (el && !proposal && !awayMode) {
      openUnit(el.dataset.unit); // a click, a tap, a screen reader's "activate": as Enter
      return;
    }
    const cell = event.target.closest("td.cell");
    if (cell && selected && !proposal) await toggleAway(cell.dataset.slot);
  });
  // the keyboard's way to the same actions: Enter (or space) on a unit opens its panel (pin, absences,
  // move), on an hour while marking absences toggles it
  grid.addEventListener("keydown", async (event) => {
    if (event.key !== "Enter" && event.key !== " ") return;
    if (proposal && event.target.closest && event.target.closest(".chip, td.cell")) {
      event.preventDefault();
      announce(S.preview_locked);
      return;
    }
    const el = event.target.closest && event.target.closest(".chip[tabindex], td.cell[tabindex]");
    if (!el || proposal) return;
    event.preventDefault();
    if (el.matches(".chip")) {
      openUnit(el.dataset.unit);
      return;
    }
    const slot = el.dataset.slot;
    await toggleAway(slot);
    const again = document.querySelector('td.cell[data-slot="' + CSS.escape(slot) + '"]');
    if (again) again.focus();
  });
  $("#move-go").addEventListener("click", async () => {
    const m = project.meetings.find((x) => x.unit === selected);
    if (!m) return;
    const room = project.rooms.length > 1 ? $("#move-room").value || null : null;
    lastMoved = m.unit;
    if (await change("/api/move", { index: m.index, start: $("#move-slot").value || null, room }, $("#move-go"))) announce(unitMoved(m.unit));
  });
  $("#undo").addEventListener("click", async () => {
    const before = new Map(project.meetings.map((m) => [m.unit, m.start + " " + m.room]));
    if (!(await change("/api/undo", {}, $("#undo")))) return;
    announce(fmt(S.said_undone, { check: checkSaid() }));
    // the undo button may be disabled now (nothing left to undo): the focus goes to the unit it moved
    const back = project.meetings.find((m) => before.get(m.unit) !== m.start + " " + m.room);
    moveFocus(back ? unitChip(back.unit) : rover.items().find((el) => el.tabIndex === 0), $("#undo").disabled ? $("#undo") : null);
  });
  $("#violations").addEventListener("click", (event) => {
    // a violation leads to its unit in the grid: its panel open, the focus on it (QA a11y17 #5)
    const find = event.target.closest("button.find");
    if (!find || !unitChip(find.dataset.unit)) return;
    selected = find.dataset.unit;
    awayMode = false;
    renderGrid();
    renderUnit();
    const el = unitChip(selected);
    el.scrollIntoView({ block: "center", inline: "center" });
    if (el.matches("[tabindex]")) el.focus({ preventScroll: true });
  });
  $("#away-mode").addEventListener("click", () => {
    awayMode = !awayMode;
    renderGrid(); // (the hours take the keyboard's focus while absences are marked)
    renderUnit();
  });
  $("#unit-close").addEventListener("click", () => {
    const unit = selected;
    selected = null;
    awayMode = false;
    renderGrid();
    renderUnit();
    focusOn(unitChip(unit)); // back to the unit, as a dialog gives the focus back to its opener
  });
  // Escape closes the unit's panel (from the panel or the grid)
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && selected && !$("#unit-panel").hidden) $("#unit-close").click();
  });
  $("#pin-toggle").addEventListener("click", () => {
    const m = project.meetings.find((x) => x.unit === selected);
    if (!m) return;
    const unit = m.unit;
    // said in the status region, as a move is (QA a11y17 #11)
    change("/api/pin", { unit, pinned: !m.pinned }, $("#pin-toggle")).then((made) => {
      const now = made && project.meetings.find((x) => x.unit === unit);
      if (now) announce(fmt(now.pinned ? S.said_pinned : S.said_unpinned, { name: unit, time: now.shown || S.no_time }));
    });
  });
}

// What a screen reader is told after a unit moved: where it is now (its room too when there are several).
function unitMoved(unit) {
  const m = project.meetings.find((x) => x.unit === unit);
  const time = m && m.shown ? m.shown + (project.rooms.length > 1 && m.room ? " " + m.room : "") : "";
  return movedSaid(unit, time);
}

// A unit chosen in the grid (again: unchosen): its panel opens.
function pick(unit) {
  selected = unit === selected ? null : unit;
  awayMode = false;
  renderGrid();
  renderUnit();
}

// A unit's chip in the grid (or the tray), if shown.
function unitChip(unit) {
  return unit ? document.querySelector('.chip[data-unit="' + CSS.escape(unit) + '"]') : null;
}

// A unit's panel opened (by a click, a tap, Enter): brought into view and focused on its first button,
// so that on a phone (where it opens under the whole grid) the tap visibly does something (webux14 #7).
function openUnit(unit) {
  pick(unit);
  if (!selected) return;
  $("#unit-panel").scrollIntoView({ block: "nearest" });
  $("#pin-toggle").focus({ preventScroll: true });
}

async function toggleAway(slot) {
  await change("/api/away", { unit: selected, slot, away: !awaySlots(selected).has(slot) });
}

// The panel's move: every hour of the grid (and no time), and the rooms when there are several.
function renderMove(m) {
  const cal = project.calendar;
  const slots = cal.days.flatMap((d) => cal.hours.map((h) => ({ key: d.key + "T" + h.key, label: d.label + " " + h.label })));
  $("#move-slot").innerHTML = moveOptions(slots, m.start);
  const many = project.rooms.length > 1;
  $("#move-room-label").hidden = !many;
  $("#move-room").innerHTML = roomOptions(project.rooms, m.room);
  $("#move-go").disabled = !!proposal;
}

function renderUnit() {
  const panel = $("#unit-panel");
  const m = selected && project.meetings.find((x) => x.unit === selected);
  if (!m) {
    panel.hidden = true;
    selected = null;
    awayMode = false;
    $("#grid").classList.remove("away-mode");
    return;
  }
  $("#away-mode").setAttribute("aria-pressed", String(awayMode));
  $("#away-hint").hidden = !awayMode;
  $("#grid").classList.toggle("away-mode", awayMode);
  panel.hidden = false;
  $("#unit-name").textContent = m.unit;
  const away = (project.away[m.unit] || []).length;
  const parts = [m.category && fmt(S.category_of, { category: m.category }), m.group && fmt(S.group_of, { group: m.group }), m.shown || S.no_time, m.pinned ? S.pinned : "", fmt(S.away_count, { count: away }), answerOf(m.unit)];
  $("#unit-info").textContent = parts.filter(Boolean).join(" · ");
  $("#pin-toggle").textContent = m.pinned ? S.unpin : S.pin;
  renderMove(m);
}

// -- solving ---------------------------------------------------------------------------------

// How this page follows a solve (common.js's watchSolve): both buttons wait, the bar says the solver's
// steps, the grid's preview goes.
const SOLVING = { buttons: ["#solve", "#alternatives"], every: 250, phases: true, reset: () => (proposal = null), show: (job) => showSolve(job) };

async function startSolve(alternatives) {
  if ($("#solve").disabled || solveStarting) return; // a double click starts one solve
  const limit = $("#time-limit").value; // as typed: the server refuses an empty box or a bad value
  const data = { version: project.version, objective: $("#objective").value, time_limit: limit };
  if (alternatives) data.alternatives = 3;
  clearInvalid($("#solve-panel"));
  solveStarting = true; // (not disabled: the focus stays on the button until 停止 takes it)
  try {
    clearNotice();
    const answer = await api("POST", "/api/solve", data);
    watchSolve({ id: answer.job, progress: { limit: Number(limit) || 1 } }, SOLVING);
  } catch (e) {
    failed(e);
    if (e.data.job && e.data.job.kind === "solve") watchSolve(e.data.job, SOLVING); // the solve already running, shown here
    refusedAt(e, $("#notice-text")); // the time limit refused: that box, marked and focused
  } finally {
    solveStarting = false;
  }
}

function showSolve(job) {
  const r = job.result;
  const out = [];
  // stopped: the best timetable found, or (none) the list of rules being shortened (QA qaweb21 F8)
  if (r.stopped) out.push('<p class="warn">' + esc(r.timetables.length ? S.stopped_kept : S.stopped_none) + "</p>");
  out.push('<ul class="summary">' + r.summary.map((l) => "<li>" + esc(l) + "</li>").join("") + "</ul>");
  if (r.notes && r.notes.length) out.push('<ul class="violations notes">' + noticeItems(r.notes) + "</ul>");
  if (r.conflict) {
    // explain's own first line as the heading, the rest under it: said once (QA qaweb21 F6)
    out.push('<div class="conflict"><h3>' + esc(r.conflict[0] || "") + "</h3><pre>" + esc(r.conflict.slice(1).join("\n")) + "</pre></div>");
  }
  if (r.timetables.length) {
    proposal = { job: job.id, pick: 0, data: r };
    out.push('<div id="proposal"></div>');
  }
  $("#solve-result").innerHTML = out.join("");
  if (proposal) renderProposal();
  renderGrid();
  moveFocus($("#solve-result").firstElementChild, $("#solve-panel")); // the 求解 pressed was disabled meanwhile
}

function renderProposal() {
  const r = proposal.data;
  const t = r.timetables[proposal.pick];
  const out = [];
  if (r.timetables.length > 1) {
    out.push('<div class="row alt-nav"><button type="button" data-alt="-1" ' + (proposal.pick === 0 ? "disabled" : "") + ">‹</button>");
    out.push("<span>" + esc(fmt(S.alt_of, { number: proposal.pick + 1, count: r.timetables.length })) + "</span>");
    out.push('<button type="button" data-alt="1" ' + (proposal.pick === r.timetables.length - 1 ? "disabled" : "") + ">›</button></div>");
  }
  if (t.moves.length) {
    out.push("<h3>" + esc(fmt(S.moved_count, { count: t.moves.length })) + "</h3>");
    out.push('<table class="list moves"><thead><tr><th>' + esc(S.j_unit) + "</th><th>" + esc(S.was) + "</th><th>" + esc(S.now) + "</th></tr></thead><tbody>");
    for (const m of t.moves) out.push("<tr><td>" + esc(m.unit) + "</td><td>" + esc(m.from || S.new_unit) + "</td><td>" + esc(m.to) + "</td></tr>");
    out.push("</tbody></table>");
  } else {
    out.push("<p>" + esc(S.no_moves) + "</p>");
  }
  if (r.outdated) out.push('<p class="warn">' + esc(S.result_outdated) + "</p>");
  out.push('<div class="row"><button type="button" id="apply" class="primary"' + (r.outdated ? " disabled" : "") + ">" + esc(S.apply) + '</button><button type="button" id="discard">' + esc(S.discard) + "</button></div>");
  $("#proposal").innerHTML = out.join("");
}

function setupSolve() {
  $("#solve").addEventListener("click", () => startSolve(false));
  $("#alternatives").addEventListener("click", () => startSolve(true));
  $("#stop").addEventListener("click", stopSolve);
  $("#solve-result").addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button || !proposal) return;
    if (button.dataset.alt) {
      proposal.pick += Number(button.dataset.alt);
      renderProposal();
      renderGrid();
      moveFocus($('#proposal [data-alt="' + button.dataset.alt + '"]:not(:disabled)') || $("#proposal .alt-nav span"));
    } else if (button.id === "apply") {
      const data = { job: proposal.job, pick: proposal.pick };
      proposal = null;
      lastMoved = null;
      if (await change("/api/apply", data)) {
        $("#solve-result").innerHTML = '<p class="ok">' + esc(S.applied) + "</p>";
        moveFocus($("#solve-result p"), $("#solve-panel")); // the button pressed is gone
      }
    } else if (button.id === "discard") {
      dismissSolve(proposal.job);
      proposal = null;
      $("#solve-result").innerHTML = "";
      renderGrid();
      moveFocus($("#solve"), $("#solve-panel"));
    }
  });
}

// -- the rules forms -------------------------------------------------------------------------

let rulesVersion = null;
let rulesEdited = false; // the rules form holds edits not saved: leaving the page asks first (QA qaweb24 F11)
const LOST_RULES = "docking-lost-rules"; // the form's edits a save refused because the login had ended

window.addEventListener("beforeunload", (event) => {
  if (!rulesEdited) return;
  event.preventDefault();
  event.returnValue = ""; // the browser's own "leave the page? changes may not be saved"
});

const SECTIONS = {
  rooms: [["name", "text"], ["capacity", "number"]],
  units: [["name", "text"], ["category", "text"], ["group", "text"], ["note", "text"]],
  links: [["first", "text"], ["then", "text"]],
  pins: [["unit", "text"], ["time", "text"]],
  unavailable: [["unit", "text"], ["times", "area"]],
  only: [["unit", "text"], ["times", "area"]],
};

function field(name, label, value, kind, help) {
  const id = "f-" + name.replace(/\./g, "-");
  const lang = langAttr(value); // the project's Chinese data on an English page (QA qaweb24 F6)
  const input = kind === "area" ? '<textarea id="' + id + '" name="' + name + '" rows="4"' + lang + ">" + esc(value) + "</textarea>" : '<input id="' + id + '" name="' + name + '" type="text" value="' + esc(value) + '"' + lang + ">";
  return '<div class="field" data-field="' + name + '"><label for="' + id + '">' + esc(label) + "</label>" + input + (help ? '<small class="help">' + esc(help) + "</small>" : "") + '<p class="field-error" id="' + id + '-error"></p></div>';
}

const CHUNK = 100; // rows per table of a rules section (see sectionRows)

// A section's rows as tables of CHUNK rows, each in a box the browser neither lays out nor paints while
// off the screen (content-visibility, which a table row cannot take): 5,000 units are 25,000 fields, and
// as one table each key typed cost 0.35-1.7 s of layout and paint (QA webux14 #9). The columns have fixed
// widths, so the tables line up as one; the first has the column heads (every field has its label).
function sectionRows(section, rows) {
  const cols = SECTIONS[section];
  const head = cols.map(([k]) => "<th>" + esc(S["f_" + section + "_" + k]) + "</th>").join("");
  const chunks = [];
  for (let start = 0; start === 0 || start < rows.length; start += CHUNK) {
    const body = rows.slice(start, start + CHUNK).map((row, i) => sectionRow(section, row, start + i)).join("");
    const thead = start === 0 ? "<thead><tr>" + head + "<th></th></tr></thead>" : "";
    const lazy = rows.length - start >= CHUNK ? " lazy" : ""; // a short table is drawn as it is
    chunks.push('<div class="rows-chunk' + lazy + '"><table class="list form-rows">' + thead + "<tbody>" + body + "</tbody></table></div>");
  }
  return '<fieldset data-section="' + section + '"><legend>' + esc(S["f_" + section]) + '</legend><p class="help">' + esc(S["f_" + section + "_help"]) + '</p><p class="field-error section-error" data-field="' + section + '" id="f-' + section + '-error"></p>' + chunks.join("") + '<button type="button" data-add="' + section + '">＋ ' + esc(S.add_row) + "</button></fieldset>";
}

// A row's fields are named by the row's first field (its unit, room...) and their column ("区住建局 类别"),
// its × by what it deletes ("删除这一行 区住建局"): the first field's value, read as typed (QA a11y17 #7).
function sectionRow(section, row, i) {
  const first = "f-" + section + "-" + i + "-" + SECTIONS[section][0][0];
  const cells = SECTIONS[section].map(([k, kind], column) => {
    const name = section + "." + i + "." + k;
    const id = "f-" + name.replace(/\./g, "-");
    const value = row[k] ?? "";
    const named = ' id="' + id + '" aria-label="' + esc(S["f_" + section + "_" + k]) + '"' + (column ? ' aria-labelledby="' + first + " " + id + '"' : "");
    const input = kind === "area" ? '<textarea name="' + name + '" rows="2"' + named + ">" + esc(value) + "</textarea>" : '<input name="' + name + '" type="text" value="' + esc(value) + '"' + named + ">";
    return '<td data-field="' + name + '">' + input + '<p class="field-error" id="' + id + '-error"></p></td>';
  });
  const keep = row.row !== undefined ? ' data-row="' + row.row + '"' : "";
  const remove = "f-" + section + "-" + i + "-remove";
  return '<tr data-index="' + i + '"' + keep + ">" + cells.join("") + '<td><button type="button" class="remove" id="' + remove + '" aria-label="' + esc(S.remove_row) + '" aria-labelledby="' + remove + " " + first + '">×</button></td></tr>';
}

async function loadRules() {
  try {
    const data = await api("GET", "/api/rules?version=" + encodeURIComponent(project.version)); // a stale page is told so
    const lost = takeKept(LOST_RULES);
    rulesVersion = lost ? lost.version : data.version; // saved on the version they were made on, or refused as stale
    renderRules(lost ? lost.form : data.form);
    rulesEdited = !!lost;
    if (lost) notify(S.rules_kept);
  } catch (e) {
    failed(e);
  }
}

function renderRules(form) {
  // 保存 stays on screen (a row stuck at the bottom) and is one Tab away (跳到保存): it was 164 stops down,
  // 1,519 with 300 units, 2,000-11,000 px below (QA a11y17 #20)
  const out = ['<div class="panel wide"><h2>' + esc(S.rules_title) + '</h2><button type="button" class="to-save">' + esc(S.to_save) + '</button><p class="error form-error" role="alert"></p>'];
  out.push('<div class="fields basics">');
  out.push(field("title", S.f_title, form.title));
  out.push(field("days", S.f_days, form.days, "area", S.f_days_help));
  out.push(field("hours", S.f_hours, form.hours, "area", S.f_hours_help));
  out.push(field("meeting_minutes", S.f_minutes, form.meeting_minutes));
  out.push(field("categories", S.f_categories, form.categories, "area", S.f_categories_help));
  out.push(field("timezone", S.f_timezone, form.timezone));
  out.push(field("year", S.f_year, form.year));
  out.push("</div>");
  for (const section of Object.keys(SECTIONS)) out.push(sectionRows(section, form[section]));
  out.push('<div class="row save-row"><button type="submit" class="primary" id="rules-save">' + esc(S.save) + '</button><button type="button" id="rules-reset">' + esc(S.reset) + "</button></div></div>");
  $("#rules-form").innerHTML = out.join("");
}

function readRules() {
  const form = $("#rules-form");
  const value = (name) => (form.elements[name] ? form.elements[name].value : "");
  const data = {};
  for (const k of ["title", "days", "hours", "meeting_minutes", "categories", "timezone", "year"]) data[k] = value(k);
  for (const section of Object.keys(SECTIONS)) {
    data[section] = [];
    for (const tr of form.querySelectorAll('fieldset[data-section="' + section + '"] tbody tr')) {
      const i = tr.dataset.index;
      const row = {};
      for (const [k] of SECTIONS[section]) row[k] = value(section + "." + i + "." + k);
      if (tr.dataset.row !== undefined) row.row = Number(tr.dataset.row);
      data[section].push(row);
    }
  }
  return data;
}

function setupRules() {
  const form = $("#rules-form");
  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    if (add) {
      const section = add.dataset.add;
      const bodies = [...form.querySelectorAll('fieldset[data-section="' + section + '"] tbody')];
      const body = bodies[bodies.length - 1]; // the last table's (a section is tables of CHUNK rows)
      const rows = bodies.flatMap((b) => [...b.children]);
      const next = rows.length ? Math.max(...rows.map((tr) => Number(tr.dataset.index))) + 1 : 0;
      body.insertAdjacentHTML("beforeend", sectionRow(section, {}, next));
      rulesEdited = true;
      $("input, textarea", body.lastElementChild).focus();
      return;
    }
    const remove = event.target.closest("button.remove");
    if (remove) {
      removeRow(remove.closest("tr"));
      rulesEdited = true;
    }
    if (event.target.id === "rules-reset") loadRules().then(() => (rulesEdited = false));
    if (event.target.matches(".to-save")) $("#rules-save").focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const el of form.querySelectorAll(".field-error, .form-error")) el.textContent = "";
    for (const el of form.querySelectorAll(".invalid")) el.classList.remove("invalid");
    clearInvalid(form);
    try {
      show(await api("POST", "/api/rules", { version: rulesVersion, form: readRules() }));
      rulesEdited = false;
      await loadRules();
      $(".form-error", form).textContent = "";
      notify(S.rules_saved);
    } catch (e) {
      if (e.status === 422) placeError(e.data);
      else if (e.status === 401) keepRules(); // the page reloads to be let in again: the edits come back then
      else failed(e);
    }
  });
  form.addEventListener("input", () => (rulesEdited = true));
}

// The rules form's edits a save could not make because the login had ended (a restart of serve): kept in
// this browser and shown again in the form, not saved, once the page is let in again (QA qaweb24 F11).
function keepRules() {
  keep(LOST_RULES, { form: readRules(), version: rulesVersion });
  rulesEdited = false; // kept: the reload that follows need not ask
}

// A row deleted: said, and the focus (it was on its ×) to the next row's first field, else the previous
// row's, else ＋ 添加一行 (it fell to the page: QA a11y17 #7).
function removeRow(tr) {
  const fieldset = tr.closest("fieldset");
  const rows = [...fieldset.querySelectorAll("tbody tr")];
  const at = rows.indexOf(tr);
  const next = rows[at + 1] || rows[at - 1];
  const name = $("input, textarea", tr).value.trim();
  tr.remove();
  announce(fmt(S.row_removed, { name }));
  (next ? $("input, textarea", next) : $("[data-add]", fieldset)).focus();
}

// A refusal of the rules form: its line in the form's one alert, and at the field it names (marked
// invalid, described by it, focused); the line under the field is not a second alert.
function placeError(data) {
  const form = $("#rules-form");
  $(".form-error", form).textContent = data.line;
  let name = data.field || "";
  const parts = name.split(".");
  if (parts.length >= 2 && SECTIONS[parts[0]]) {
    const tr = form.querySelectorAll('fieldset[data-section="' + parts[0] + '"] tbody tr')[Number(parts[1])];
    if (tr) name = parts[0] + "." + tr.dataset.index + (parts[2] ? "." + parts[2] : "." + SECTIONS[parts[0]][0][0]);
  }
  const box = name && form.querySelector('[data-field="' + CSS.escape(name) + '"]');
  if (box) {
    $(".field-error", box) ? ($(".field-error", box).textContent = data.message) : (box.textContent = data.message);
    box.classList.add("invalid");
    const input = $("input, textarea", box);
    if (input && $(".field-error", box)) markInvalid(input, $(".field-error", box)); // said with the field (QA a11y17 #2)
    if (input) input.focus();
    box.scrollIntoView({ block: "center" });
  }
}

// -- opening a table ---------------------------------------------------------------------------

// The form itself is common.js's setupOpen; this page forgets its selection and any proposal.
function opened(answer) {
  show(answer);
  selected = null;
  proposal = null;
}

// -- publishing ------------------------------------------------------------------------------






// -- feeds -----------------------------------------------------------------------------------

let feedsCall = 0; // the latest call: an earlier one answering later (the tab's load) is dropped

async function loadFeeds(how) {
  $("#feeds-error").textContent = "";
  const mine = ++feedsCall;
  try {
    let data;
    if (how === "renew") data = await api("POST", "/api/feeds/renew", {});
    else if (how === "publish") data = await api("POST", "/api/feeds/publish", { version: project.version, allow_cancel: $("#feeds-allow-cancel").checked });
    else data = await api("GET", "/api/feeds?version=" + encodeURIComponent(project.version));
    if (mine !== feedsCall) return;
    $("#feeds-state").textContent = data.published ? (how === "publish" ? S.feeds_published : "") : S.feeds_unpublished;
    $("#feed-list tbody").innerHTML = data.feeds.map((f) => "<tr><td>" + esc(f.unit) + (f.cancelled ? " (" + esc(S.cancelled) + ")" : "") + '</td><td><input class="url" readonly value="' + esc(f.url) + '" aria-label="' + esc(S.feed_url) + '"></td></tr>').join("");
  } catch (e) {
    if (mine === feedsCall) $("#feeds-error").textContent = e.message;
  }
}

// -- tabs and start ----------------------------------------------------------------------------

function currentTab() {
  const name = (location.hash || "#plan").slice(1);
  return ["plan", "rules", "open", "publish", "feeds"].includes(name) ? name : "plan";
}

function showTab() {
  const known = currentTab();
  for (const tab of document.querySelectorAll("section.tab")) tab.hidden = tab.id !== known;
  for (const a of document.querySelectorAll("nav.tabs a")) a.toggleAttribute("aria-current", a.dataset.tab === known);
  if (known === "publish") loadJournal();
  if (project) loadTab(); // else when the project is in (show)
}

// The rules form and the feeds ask with the project's version: loaded once the project is here.
function loadTab() {
  const known = currentTab();
  if (known === "rules" && !rulesEdited) loadRules(); // back on the tab: the edits not saved stay as typed
  if (known === "feeds") loadFeeds();
}

document.addEventListener("DOMContentLoaded", () => {
  $("#notice-close").addEventListener("click", clearNotice);
  $("#notice-reload").addEventListener("click", async () => {
    await loadProject();
    clearNotice(); // hidden once the fresh project is drawn, not before
    if (location.hash === "#rules") loadRules();
  });
  $("#feeds-renew").addEventListener("click", () => confirm(S.feeds_renew_confirm) && loadFeeds("renew"));
  $("#feeds-publish").addEventListener("click", () => loadFeeds("publish"));
  setupGrid();
  setupRoving($(".grid-wrap"), gridItems, downTheDay);
  rover.cell = slotOf; // PageDown/PageUp by the hour, Ctrl+→/← by the day
  setupSkipLinks();
  setupSolve();
  setupRules();
  setupOpen(opened);
  setupPublish();
  window.addEventListener("hashchange", showTab);
  if (localStorage.getItem(LOST_RULES)) history.replaceState(null, "", "#rules"); // its edits wait there
  showTab();
  const embedded = JSON.parse(document.getElementById("project-data").textContent);
  if (embedded) show(embedded);
  else if (boot.error) notify(boot.error);
  else loadProject();
  reattach((job) => job.kind === "solve" && watchSolve(job, SOLVING));
  watchAnswers(renderUnitAnswers);
});
