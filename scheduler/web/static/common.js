// What both pages share (the unit table's app.js and the meeting table's meetings.js): the boot data,
// small helpers, the JSON calls, the notice, and publishing (the send form, its preview and progress,
// the journal), which works the same on either kind of project.
"use strict";

const boot = JSON.parse(document.getElementById("boot").textContent);
const S = boot.strings;
let project = null; // the project as the server last sent it (each page shows it its own way)

// -- small helpers --------------------------------------------------------------------------

function fmt(template, params) {
  return String(template).replace(/\{(\w+)\}/g, (m, k) => (params && k in params ? params[k] : m));
}

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The language of a piece of the project's data on an English page: Chinese names (units, rooms, the
// title) are read by a Chinese voice, not spelt out by the English one (WCAG 3.1.2; QA webux14 #10).
function dataLang(text) {
  return boot.lang === "en" && /[\u3400-\u9fff]/.test(String(text)) ? "zh-CN" : "";
}

function setLang(el, text) {
  const lang = dataLang(text);
  if (lang) el.lang = lang;
  else el.removeAttribute("lang"); // (lang="" would say "unknown", not the page's language)
}

function langAttr(text) {
  const lang = dataLang(text);
  return lang ? ' lang="' + lang + '"' : "";
}

// `template` (the page's words) filled with `params`, as HTML: each value escaped and, when it is the
// project's Chinese data on an English page, in a span saying so (a legend's "部门 (19)": QA qaweb24 F6).
function fmtData(template, params) {
  return String(template)
    .split(/(\{\w+\})/)
    .map((part) => {
      const key = /^\{(\w+)\}$/.exec(part);
      if (!key || !params || !(key[1] in params)) return esc(part);
      const value = params[key[1]];
      const lang = langAttr(value);
      return lang ? "<span" + lang + ">" + esc(value) + "</span>" : esc(value);
    })
    .join("");
}

function $(selector, root) {
  return (root || document).querySelector(selector);
}

// The move panel's lists, alike on both pages: no time, then every slot ({key, label}) and every
// room, the meeting's own start and room selected.
function moveOptions(slots, current) {
  const options = ['<option value="">' + esc(S.no_time) + "</option>"];
  for (const s of slots) options.push('<option value="' + esc(s.key) + '"' + (s.key === current ? " selected" : "") + ">" + esc(s.label) + "</option>");
  return options.join("");
}

function roomOptions(rooms, current) {
  return rooms.map((r) => "<option" + (r.name === current ? " selected" : "") + ">" + esc(r.name) + "</option>").join("");
}

// -- the answers read by `replies` (the 答复 column's words), alike on both pages -------------------

// A unit's or a meeting's answers for its tooltip and panel ("答复：拒绝：有会"; a meeting's, one line per
// person after the label), or "" when it has none.
function answerOf(key) {
  const answer = (project.answers || {})[key];
  if (!answer) return "";
  return fmt(S.answer_of, { answer: answer.includes("\n") ? "\n" + answer : answer });
}

// The 答复 panel: one item per [key, answer] in the page's order ("区财政局：拒绝：有会"); hidden when
// there is none (no replies ledger in the project's folder, or nothing to list).
function renderAnswers(lines) {
  $("#answers-panel").hidden = !renderAnswersRead() && !lines.length;
  $("#answers").innerHTML = lines.map(([key, answer]) => '<li data-key="' + esc(key) + '">' + esc(fmt(S.answer_line, { unit: key, answer })) + "</li>").join("");
}

// The 答复 panel's first lines: when the answers were last read and from which mailbox, or that the last
// reading broke off (marked), the mailbox nearly full, and when the panel was last brought up to date
// while open (QA qaimap26 F3: a reading failing for days looked like a quiet campaign). Whether there
// is any such line.
let answersUpdated = "";
function renderAnswersRead() {
  const lines = (project.answers_read || []).concat(project.answers_summary || []); // (the unit page's counts: F6)
  if (answersUpdated) lines.push(fmt(S.answers_updated, { time: answersUpdated }));
  const el = $("#answers-read");
  el.hidden = !lines.length;
  el.classList.toggle("failed", !!project.answers_read_failed);
  el.innerHTML = lines.map((line) => "<li>" + esc(line) + "</li>").join("");
  return (project.answers_read || []).length + (project.answers_summary || []).length > 0;
}

// Answers read while the page is open (a scheduled `replies`): every ANSWERS_EVERY ms the page asks what
// they depend on, and when it changed takes the project's answers again and shows them with the time
// (the panel said 未答复 until a reload: QA qaimap26 F3). A hidden tab does not ask.
const ANSWERS_EVERY = 20000;
function watchAnswers(render) {
  setTimeout(async () => {
    try {
      if (project && !document.hidden && project.answers_key !== undefined) {
        const now = await api("GET", "/api/answers-key");
        if (now && now.key !== project.answers_key) {
          const fresh = await api("GET", "/api/project");
          for (const key of Object.keys(fresh)) if (key.startsWith("answers")) project[key] = fresh[key];
          answersUpdated = new Date().toTimeString().slice(0, 5);
          render();
        }
      }
    } catch (e) {
      // offline or the server stopped: asked again next time
    }
    watchAnswers(render);
  }, window.answersEvery || ANSWERS_EVERY); // (a test asks sooner)
}

class ApiError extends Error {
  constructor(status, data) {
    super(data && data.error ? data.error : S.error_generic);
    this.status = status;
    this.data = data || {};
  }
}

// A call to the server, its session and refusals handled here once: the Response when it is ok
// (read by the caller: JSON, a download), else an ApiError (a lost session reloads the page).
async function request(method, path, data, form) {
  const headers = { "X-CSRF-Token": boot.csrf, "X-Page-Lang": boot.lang }; // answers in this page's language
  let payload;
  if (form) {
    payload = form;
  } else if (data !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(data);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, { error: S.offline });
  }
  if (!response.ok) {
    const json = await jsonOf(response);
    // the login ended: the page reloads (to the login form, or the page that says where the address is),
    // once the caller has kept what it was saving (keepLost, the rules form's edits)
    if (response.status === 401) setTimeout(() => location.reload(), 0);
    throw new ApiError(response.status, json);
  }
  return response;
}

async function jsonOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return null; // an empty or non-JSON body
  }
}

async function api(method, path, data, form) {
  return jsonOf(await request(method, path, data, form));
}

function notify(text, stale) {
  $("#notice-text").textContent = text;
  $("#notice").hidden = false;
  $("#notice").classList.toggle("stale", !!stale);
  $("#notice-reload").hidden = !stale;
  $("#notice-redo").hidden = true;
}

function clearNotice() {
  $("#notice").hidden = true;
}

const CARRIED = "docking-notice"; // a notice carried over the reload onto the other kind's page

// The project is now a table of the other kind (opened here or in another tab): its own page, at the
// same tab, with the notice shown here (as "the table is open") shown there.
function switchPage() {
  const notice = $("#notice");
  if (!notice.hidden && !notice.classList.contains("stale")) sessionStorage.setItem(CARRIED, $("#notice-text").textContent);
  location.reload();
}

// Back or Forward to a page kept in memory: the files may have changed since, so it is loaded again.
window.addEventListener("pageshow", (event) => event.persisted && location.reload());

document.addEventListener("DOMContentLoaded", () => {
  const carried = sessionStorage.getItem(CARRIED);
  sessionStorage.removeItem(CARRIED);
  if (carried) notify(carried);
  sayLost();
});

// -- a change lost with the login ------------------------------------------------------------------

const LOST = "docking-lost-change"; // a change refused because the login had ended, kept in this browser
const KEPT_FOR = 24 * 3600 * 1000; // ms a lost change (or rules form) is offered again: not days later

// A change the server refused because the session had ended (401: the page goes to the login form, or
// after a restart of serve to the page that asks for its new address): kept in this browser for this
// server (never a password: only the grid's changes come here), so that once let in again the page says
// it was not saved, names it, and offers to make it again on the version it was made on (refused as
// "changed elsewhere" if the timetable changed meanwhile). In localStorage, not the tab's
// sessionStorage: the new address serve prints after a restart is usually opened in a new tab, from the
// terminal (QA qaweb24 F1).
function keepLost(path, data, version) {
  const unit = data.unit || data.title || ((project && project.meetings) || []).find((m) => m.index === data.index)?.unit;
  const when = "start" in data ? (data.start ? data.start.replace("T", " ") : S.no_time) : "";
  const what = path === "/api/undo" ? S.undo : [unit, when].filter(Boolean).join(" → ");
  keep(LOST, { path, data: { ...data, version }, what });
}

function keep(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify({ ...value, at: Date.now() }));
  } catch (e) {
    // storage full or refused (a private window's policy): the change is lost as before, said by the notice
  }
}

// What keep() kept under `key` (and no more: it is offered once), unless it is older than KEPT_FOR.
function takeKept(key) {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(key) || "null");
    localStorage.removeItem(key);
  } catch (e) {
    return null;
  }
  return kept && Date.now() - (kept.at || 0) < KEPT_FOR ? kept : null;
}

function sayLost() {
  const lost = takeKept(LOST);
  if (!lost) return;
  notify(fmt(S.lost_change, { what: lost.what || "" }));
  const redo = $("#notice-redo");
  redo.hidden = false;
  redo.onclick = () => change(lost.path, lost.data, redo);
}

function failed(error) {
  notify(error.message, error.status === 409);
}

// A change sent to the server; true when it was made (a refusal is shown in the notice). The control
// that asked (a button) is disabled until the answer is in, and the same change asked again before it
// is dropped: the second click of a double click would carry the version from before the first and be
// refused as "changed elsewhere", though the first was saved.
const changing = new Set();

// A change whose answer never came (the connection dropped: the server may have saved it), by its key:
// its id and the version it was made on. Asked again on that version, it goes with the same id, so the
// server knows it for this tab's own change (made already: nothing made twice, the project as it is).
const unsure = new Map();

function changeId() {
  return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

// After a change whose answer was lost: ask the server (every 2 s, for a minute) until it answers, then
// show the project as it is on disk and say whether that change was saved (webux14 #3).
async function recheck(id) {
  for (let i = 0; i < 30; i++) {
    try {
      const data = await api("GET", "/api/project?change=" + encodeURIComponent(id));
      show(data);
      const said = data.change_made ? S.change_was_saved : S.change_not_saved;
      notify(said);
      announce(said);
      return;
    } catch (e) {
      if (e.status !== 0) return;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

async function change(path, data, control) {
  const key = path + " " + JSON.stringify(data);
  if (changing.has(key)) return false;
  changing.add(key);
  const focused = control && document.activeElement === control;
  if (control) control.disabled = true;
  const release = () => {
    if (!control) return;
    control.disabled = false;
    if (focused) control.focus(); // disabling it dropped the keyboard's focus to the page
  };
  try {
    clearNotice();
    const version = project.version;
    const before = unsure.get(key);
    const id = before && before.version === version ? before.id : changeId();
    const answer = await api("POST", path, { version, change: id, ...data }).catch((e) => {
      if (e.status === 401) keepLost(path, data, version); // the page is going to the login form
      if (e.status === 0) unsure.set(key, { id, version });
      throw e;
    });
    unsure.delete(key);
    release(); // before show(), which may disable it again (undo with nothing left to undo)
    show(answer);
    return true;
  } catch (e) {
    release();
    if (e.status === 0) {
      notify(S.change_unsure); // not "not saved": the server may have made it before the line dropped
      recheck(unsure.get(key).id);
    } else {
      failed(e);
    }
    return false;
  } finally {
    changing.delete(key);
  }
}

// -- for the keyboard and screen readers --------------------------------------------------------

// A field with an error, for a screen reader as for the eye: aria-invalid and described by the line that
// says what is wrong (`said`, which has an id), until the form is sent again (QA a11y17 #2).
function markInvalid(input, said) {
  if (!input) return;
  input.setAttribute("aria-invalid", "true");
  if (!input.hasAttribute("data-described")) input.setAttribute("data-described", input.getAttribute("aria-describedby") || "");
  input.setAttribute("aria-describedby", ((input.getAttribute("data-described") || "") + " " + said.id).trim());
}

function clearInvalid(root) {
  for (const input of root.querySelectorAll("[aria-invalid]")) {
    const before = input.getAttribute("data-described");
    input.removeAttribute("aria-invalid");
    input.removeAttribute("data-described");
    if (before) input.setAttribute("aria-describedby", before);
    else input.removeAttribute("aria-describedby");
  }
}

// The page's field a refusal names (the server's `field`: its label's key), if this page has it.
const FIELDS = {
  smtp_host: "#send-form [name=host]",
  smtp_port: "#send-form [name=port]",
  smtp_user: "#send-form [name=user]",
  smtp_password: "#send-form [name=password]",
  security: "#send-form [name=security]",
  send_from: "#send-form [name=from]",
  ca_file: "#send-form [name=ca]",
  time_limit: "#time-limit",
  objective: "#objective",
  open_sheet: "#open-form [name=sheet]",
};

function fieldOf(error) {
  const selector = error && error.data && FIELDS[error.data.field];
  return selector ? $(selector) : null;
}

// A refusal shown in `said` (a role=alert line with an id): the field it names marked and focused.
function refusedAt(error, said) {
  const input = fieldOf(error);
  markInvalid(input, said);
  if (input) input.focus();
  return input;
}

// A short line for screen readers (the page's polite status region), not the whole grid redrawn.
function announce(text) {
  const status = $("#status");
  status.textContent = "";
  setTimeout(() => (status.textContent = text), 50); // said again when it repeats the last one
}

// What the command line says beside its check (another copy of the timetable holding a different one, what
// the notes seem to ask), as items after the check's own: the project's, or a solve's result's.
function noticeItems(lines) {
  return (lines || []).map((t) => '<li class="notice">' + esc(t) + "</li>").join("");
}

// The check of the whole timetable in a few words (the badge's).
function checkSaid() {
  const count = project.violations.length;
  return count ? fmt(S.check_bad_short, { count }) : S.check_ok_short;
}

// How many of the check's lines name each item (`names(v)`: a violation's units or meetings), for what a
// rule-breaking item carries besides its red ring (QA a11y17 #4).
function badCounts(names) {
  const counts = new Map();
  for (const v of project.violations) for (const name of new Set(names(v))) counts.set(name, (counts.get(name) || 0) + 1);
  return counts;
}

// Its words, added to the item's tooltip, which is its description for a screen reader ("区财政局 · 部门 ·
// 违反 1 条规则"); the ⚠ to see is app.css's.
function badSaid(count) {
  return count ? fmt(S.breaks_rules, { count }) : "";
}

// What a move says: the item, where it is now, and the check.
function movedSaid(name, time) {
  return fmt(S.said_moved, { name, time: time || S.no_time, check: checkSaid() });
}

// The focus on `target` (a heading or status line made focusable for it: tabindex=-1).
function focusOn(target) {
  if (!target) return;
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.tabIndex = -1;
  target.focus();
}

// The focus where the keyboard left it, unless it was lost (the button pressed was disabled, hidden or
// removed) or sits inside `within`: then on `target`.
function moveFocus(target, within) {
  const at = document.activeElement;
  if (!at || at === document.body || (within && within.contains(at))) focusOn(target);
}

// The grid's items (units or meetings; the hours while absences are marked) are one stop of Tab, not
// one each (2,000 units were 2,000 presses before the side panel): the item last focused takes Tab, else
// the first. The arrow keys move among them (← → in reading order, ↑ ↓ in `down`'s order when a page
// gives one), Home and End to the first and the last.
const rover = { items: () => [], down: (list) => list, key: null, cache: null, cell: null };

// The items and their orders, read once per render (a render calls settleRoving() with no item, which
// forgets them): 5,000 units read and sorted again at each key press cost ~140 ms a press (webux14 #12).
function roving() {
  const cache = rover.cache;
  if (cache && (!cache.list.length || cache.list[0].isConnected)) return cache;
  const list = rover.items();
  const down = rover.down(list);
  const at = (order) => new Map(order.map((el, i) => [el, i]));
  rover.cache = { list, down, across: at(list), along: at(down), stop: null };
  return rover.cache;
}

function keyOf(item) {
  return item.dataset.unit ?? item.dataset.title ?? item.dataset.slot;
}

function setupRoving(host, items, down) {
  rover.items = items;
  if (down) rover.down = down;
  host.addEventListener("focusin", (event) => {
    if (!roving().across.has(event.target)) return;
    settleRoving(event.target);
    // clear of the sticky heads, hour column and page header (the focus's own scroll ignores them, but an
    // explicit one keeps the scroll-padding app.css gives: QA a11y17 #6)
    event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  host.addEventListener("keydown", (event) => {
    if (rover.cell && jumpRoving(event)) return;
    const steps = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (!(event.key in steps)) return;
    const cache = roving();
    if (!cache.across.has(event.target)) return;
    const vertical = event.key === "ArrowDown" || event.key === "ArrowUp";
    const order = vertical ? cache.down : cache.list;
    const from = (vertical ? cache.along : cache.across).get(event.target);
    const at = Math.max(0, Math.min(order.length - 1, from + steps[event.key]));
    event.preventDefault(); // (no scrolling)
    order[at].focus(); // focusin makes it the tab stop
  });
}

// PageDown / PageUp: to the first item of the next / previous hour; Ctrl+→ / Ctrl+←: of the next /
// previous day (`rover.cell(item)`: its slot, "YYYY-MM-DDTHH:MM"; a page that gives none has no jumps).
// An hour of 5,000 units holds ~40 of them: ↓ alone was 300 presses from 8:00 to 18:00 (webux14 #12).
function jumpRoving(event) {
  const day = event.ctrlKey && (event.key === "ArrowRight" || event.key === "ArrowLeft");
  if (!day && event.key !== "PageDown" && event.key !== "PageUp") return false;
  const cache = roving();
  const from = cache.along.get(event.target);
  if (from === undefined) return false;
  const order = cache.down;
  const group = (el) => (day ? rover.cell(el).slice(0, 10) : rover.cell(el));
  const step = event.key === "PageDown" || event.key === "ArrowRight" ? 1 : -1;
  let at = from;
  while (at + step >= 0 && at + step < order.length && group(order[at + step]) === group(order[from])) at += step;
  if (at + step >= 0 && at + step < order.length) at += step; // into the next group (or the previous one's end)
  if (step < 0) while (at > 0 && group(order[at - 1]) === group(order[at])) at -= 1; // to that group's first
  event.preventDefault();
  order[at].focus();
  return true;
}

// After a render (no item: the items are read again), or a focus: `chosen`, else the item last chosen,
// else the first, takes Tab; only the stop before it gives it up (not every item touched at each key).
function settleRoving(chosen) {
  if (!chosen) rover.cache = null;
  const cache = roving();
  if (chosen) rover.key = keyOf(chosen);
  const current = chosen || cache.list.find((el) => keyOf(el) === rover.key) || cache.list[0];
  if (cache.stop === null) {
    for (const el of cache.list) el.tabIndex = el === current ? 0 : -1;
  } else if (cache.stop !== current) {
    cache.stop.tabIndex = -1;
    if (current) current.tabIndex = 0;
  }
  cache.stop = current || null;
}

// The skip links (the first stops of Tab): to the timetable's tab stop, or to the side panel.
function setupSkipLinks() {
  for (const link of document.querySelectorAll("a.skip")) {
    link.addEventListener("click", (event) => {
      event.preventDefault(); // the address's hash names the tab shown
      if ((location.hash || "#plan") !== "#plan") {
        location.hash = "#plan";
        showTab();
      }
      focusOn(link.dataset.skip === "grid" ? rover.items().find((el) => el.tabIndex === 0) || $(".grid-wrap") : $("aside.side"));
    });
  }
}

async function sendForm() {
  const form = $("#send-form");
  const data = { version: project.version };
  for (const k of ["host", "port", "security", "user", "password", "from"]) data[k] = form.elements[k].value;
  data.only_changed = form.elements.only_changed.checked;
  data.allow_cancel = form.elements.allow_cancel.checked;
  data.allow_zone_change = form.elements.allow_zone_change.checked;
  const file = form.elements.ca.files[0];
  if (file) {
    // its bytes, as they are (a DER file or a PEM with Chinese words around it): the server reads them as --cafile
    const url = await new Promise((done, fail) => {
      const reader = new FileReader();
      reader.onload = () => done(reader.result);
      reader.onerror = () => fail(new ApiError(0, { error: S.error_generic }));
      reader.readAsDataURL(file);
    });
    data.ca_file = url.slice(url.indexOf(",") + 1);
    data.ca_name = file.name;
  }
  return data;
}

// -- opening a table (both pages) ----------------------------------------------------------------

// The open tab's form: upload a table (and rules) or take the example; the page shows what the
// server answers through opened(answer).
function setupOpen(opened) {
  const form = $("#open-form");
  const send = async (data) => {
    $("#open-error").textContent = "";
    clearInvalid(form);
    clearNotice(); // an earlier "the table is open" is not this upload's answer
    data.append("version", project ? project.version : "");
    try {
      const answer = await api("POST", "/api/open", undefined, data);
      location.hash = "#plan"; // before opened(): a table of the other kind reloads onto its page here
      notify(S.opened);
      opened(answer);
      showTab(); // now, not at the hash's event: the focus cannot go into a tab still hidden
      moveFocus(rover.items().find((el) => el.tabIndex === 0) || $("#notice-text"), $("#open")); // to the table opened
    } catch (e) {
      $("#open-error").textContent = e.message;
      // the file the line names (it starts with its name), else the table's
      const files = ["rules", "contacts"].map((k) => form.elements[k]).filter((el) => el.files[0] && e.message.startsWith(el.files[0].name));
      const named = fieldOf(e); // a field of the form the refusal is about (the sheet named for a text table)
      if (named) markInvalid(named, $("#open-error"));
      else if (data.get("table") instanceof File && data.get("table").name) markInvalid(files[0] || form.elements.table, $("#open-error"));
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // over the server's limit: the file named, and the way round, before anything is sent (QA qabig25 F9)
    const chosen = [...form.querySelectorAll("input[type=file]")].filter((el) => el.files[0]);
    const total = chosen.reduce((sum, el) => sum + el.files[0].size, 0);
    if (boot.upload_limit && total > boot.upload_limit) {
      const big = chosen.reduce((a, b) => (b.files[0].size > a.files[0].size ? b : a));
      const mb = (bytes) => (bytes / 1048576).toFixed(1);
      $("#open-error").textContent = fmt(S.too_big, { name: big.files[0].name, size: mb(big.files[0].size), limit: mb(boot.upload_limit) });
      markInvalid(big, $("#open-error"));
      return;
    }
    send(new FormData(form));
  });
  $("#open-example").addEventListener("click", () => {
    const data = new FormData();
    data.append("example", "1");
    send(data);
  });
}

// The mail server's fields, remembered in this browser for this server's address as a mail client
// remembers its account: never the password, nor a consent (取消, 时区) that is one sending's; the CA
// file cannot be (a browser never fills a file field) (QA qaweb24 F5: typed again at every reload).
const SERVER_FIELDS = ["host", "port", "security", "user", "from"];
const SEND_FORM = "docking-send-form";

function rememberServer(form) {
  try {
    localStorage.setItem(SEND_FORM, JSON.stringify(Object.fromEntries(SERVER_FIELDS.map((k) => [k, form.elements[k].value]))));
  } catch (e) {
    // (storage refused: typed again next time, as before)
  }
}

function restoreServer(form) {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(SEND_FORM) || "null");
  } catch (e) {
    return;
  }
  for (const k of SERVER_FIELDS) {
    const field = form.elements[k]; // (a select always has a value: its first option, not one typed)
    if (kept && typeof kept[k] === "string" && kept[k] && (field.tagName === "SELECT" || !field.value)) field.value = kept[k];
  }
}

function setupPublish() {
  const form = $("#send-form");
  restoreServer(form);
  $("#preview").addEventListener("click", async () => {
    $("#send-error").textContent = "";
    clearInvalid(form);
    try {
      const data = await sendForm();
      delete data.password;
      rememberServer(form);
      const answer = await api("POST", "/api/send/preview", data);
      renderPreview(answer);
      // a campaign all past: the sending is refused; one running (this tab's or another's): 发送 waits for it (qaweb21 F4)
      $("#send").disabled = !answer.mails.length || !!answer.past || !!sendJob;
      announce([answer.past, answer.unexplained, fmt(S.preview_count, { count: answer.mails.length })].filter(Boolean).join(" ")); // the preview's first lines, said
    } catch (e) {
      $("#send-error").textContent = e.message;
      refusedAt(e, $("#send-error"));
    }
  });
  // Enter in a field while 发送 waits for a preview: the preview, not nothing (a disabled default button
  // makes the browser's Enter do nothing; QA a11y17 #14); never while a sending starts or runs
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.matches("input:not([type=file])") || !$("#send").disabled || sendStarting || sendJob) return;
    event.preventDefault();
    $("#preview").click();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const send = $("#send");
    if (send.disabled) return; // a double click (or Enter again) starts one sending
    send.disabled = true; // until the sending ends: a second one would be refused while it runs
    sendStarting = true;
    $("#send-error").textContent = "";
    clearInvalid(form);
    try {
      const data = await sendForm();
      rememberServer(form);
      form.elements.password.value = ""; // asked again for the next sending
      const answer = await api("POST", "/api/send", data);
      watchSend(answer.job, true);
    } catch (e) {
      send.disabled = false;
      $("#send-error").textContent = e.message;
      refusedAt(e, $("#send-error"));
      if (e.data.job && e.data.job.kind === "send") watchSend(e.data.job.id, false); // the sending under way, shown here
    } finally {
      sendStarting = false;
    }
  });
  $("#invites-form").addEventListener("submit", (event) => {
    event.preventDefault(); // a refusal is shown here, in the page's words, not as a page of its own
    downloadInvites();
  });
  $("#send-stop").addEventListener("click", stopSend);
}

// 停止发送: the sending stops as at serve's Ctrl+C, the message being handed over finished and recorded,
// none after it (a message the server has cannot be called back); said at once, the button then waiting.
async function stopSend() {
  const stop = $("#send-stop");
  if (!sendJob || stop.disabled) return;
  const focused = document.activeElement === stop;
  stop.disabled = true;
  $("p", $("#send-progress")).textContent = S.send_stopping;
  announce(S.send_stopping);
  if (focused) focusOn($("#send-progress .bar")); // (disabled under the focus) the bar, until the summary takes it
  try {
    await api("POST", "/api/jobs/" + sendJob + "/stop", {});
  } catch (e) {
    stop.disabled = false;
    failed(e);
  }
}

// The invites zip: fetched, then handed to the browser as a download; a refusal goes under the button.
async function downloadInvites() {
  const form = $("#invites-form");
  const button = $("button", form);
  if (button.disabled) return;
  form.elements.version.value = project.version;
  $("#invites-error").textContent = "";
  button.disabled = true;
  try {
    const response = await request("POST", form.action, undefined, new FormData(form));
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = "invites.zip";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  } catch (e) {
    const error = e instanceof ApiError ? e : new ApiError(0, { error: S.offline });
    $("#invites-error").textContent = error.message;
    if (error.status === 409) failed(error);
  } finally {
    button.disabled = false;
  }
}

// The preview of a sending: what `send` prints before it mails (a campaign all past, whose sending will be
// refused, and a meeting table's meetings mailed at a time a required participant declined, one line each, first), then each message, the cancellations, who is skipped.
function renderPreview(answer) {
  const out = [];
  if (answer.past) out.push('<p class="warn" id="preview-past">' + esc(answer.past) + "</p>");
  if (answer.unexplained) out.push('<p class="warn" id="preview-unexplained">' + esc(answer.unexplained) + "</p>");
  if ((answer.declined || []).length) {
    out.push('<ul class="warn" id="preview-declined">' + answer.declined.map((line) => "<li>" + esc(line) + "</li>").join("") + "</ul>");
  }
  out.push("<h3>" + esc(fmt(S.preview_count, { count: answer.mails.length })) + "</h3>");
  for (const m of answer.mails) {
    out.push('<details class="mail"><summary><b>' + esc(m.unit) + "</b> · " + esc(m.to) + " · " + esc(m.subject) + "</summary><pre>" + esc(m.text) + "</pre></details>");
  }
  if (answer.cancellations.length) {
    out.push('<p class="warn">' + esc(fmt(S.cancels, { count: answer.cancellations.length, units: answer.cancellations.join("、") })) + "</p>");
  }
  if (answer.skipped.length) {
    out.push('<p class="hint">' + esc(S.skipped) + " " + answer.skipped.map((s) => esc(s.unit) + (s.meeting ? "（" + esc(s.meeting) + "）" : "") + " (" + esc(S["skip_" + s.action.replace(/-/g, "_")] || s.action) + ")").join("、") + "</p>");
  }
  $("#mail-preview").innerHTML = out.join("");
}

let sendJob = null; // the sending whose progress is shown
let sendStarting = false; // 发送 pressed, its answer not in yet

// A sending running on the server (started here, in another tab, or before a reload): its progress and
// 停止发送, the journal as it fills, then its closing lines. `mine`: started by this page's 发送, whose
// focus (the button, disabled under it) goes to 停止发送, as 求解's goes to 停止 (QA qaweb24 F8).
function watchSend(id, mine) {
  if (sendJob === id) return;
  sendJob = id;
  $("#send").disabled = true;
  $("#send-stop").disabled = false;
  $("#send-progress").hidden = false;
  if (mine && (document.activeElement === document.body || document.activeElement === $("#send"))) $("#send-stop").focus();
  pollSend(id);
}

// -- a solve running on the server ---------------------------------------------------------------

let solveStarting = false; // 求解 asked, not yet answered: a double click starts one solve
let solveJob = null; // the running solve's id, which the stop button ends (the best timetable so far is kept)
let solvePhase = null; // the step the progress bar said last (said again only when it changes)

// A solve running on the server (started here, in another tab, or before a reload): its progress bar and
// the stop button, then its result. `page` says what differs between the pages: `buttons` (selectors)
// wait meanwhile, `reset()` forgets what the page previews, `every` is the milliseconds between two
// looks, `phases` whether the bar says the solver's step and best value so far (else "solving"),
// `show(job)` shows the result.
function watchSolve(job, page) {
  if (solveJob === job.id) return;
  solveJob = job.id;
  page.reset();
  $("#solve-result").innerHTML = "";
  solving(page, true);
  pollSolve(job.id, job.progress.limit || 1, page);
}

// The buttons, the stop button and the progress bar while a solve runs (`on`), or after it.
// The buttons wait disabled: one that has the keyboard's focus gives it to 停止 first, else it would fall to
// the page for the whole solve (QA a11y17 #3).
function solving(page, on) {
  $("#stop").hidden = !on;
  $("#stop").disabled = false;
  $("#solve-progress").hidden = !on;
  if (on && page.buttons.some((button) => $(button) === document.activeElement)) $("#stop").focus();
  for (const button of page.buttons) $(button).disabled = on;
  if (!on) solveJob = null;
}

async function pollSolve(id, limit, page) {
  const box = $("#solve-progress");
  let job;
  try {
    job = await api("GET", "/api/jobs/" + id);
  } catch (e) {
    failed(e);
    solving(page, false);
    return;
  }
  const share = Math.min(100, (100 * job.elapsed) / limit);
  $("span", box).style.width = share + "%";
  // once stopped, said at once (a large table's solve hears the stop at its next check, its result follows)
  if (job.stopping) $("#stop").disabled = true;
  const phase = job.stopping ? S.stopping : (page.phases && job.progress.phase) || S.working;
  const best = page.phases && job.progress.best ? " · " + job.progress.best : "";
  const line = phase + " · " + fmt(S.seconds, { seconds: job.elapsed }) + best;
  $("p", box).textContent = line;
  // for a screen reader: a progress bar saying the line, and each new step said once (not every second)
  const bar = $(".bar", box);
  bar.setAttribute("aria-valuenow", String(Math.round(share)));
  bar.setAttribute("aria-valuetext", line);
  if (job.state === "running" && phase !== solvePhase) announce(phase);
  solvePhase = phase;
  if (job.state === "running") {
    setTimeout(() => pollSolve(id, limit, page), page.every);
    return;
  }
  solving(page, false);
  if (job.error) {
    notify(job.error);
    moveFocus($("#solve"), $("#solve-panel"));
    return;
  }
  page.show(job);
}

// The stop button, alike on both pages: the solve keeps the best timetable so far. Said on the bar at
// once, the button then waiting, so that a solve that takes a moment to hear it is not stopped twice.
async function stopSolve() {
  if (!solveJob) return;
  const focused = document.activeElement === $("#stop");
  $("#stop").disabled = true;
  $("p", $("#solve-progress")).textContent = S.stopping;
  if (focused) focusOn($("#solve-progress .bar")); // (disabled under the focus) the bar, until the result takes it
  try {
    await api("POST", "/api/jobs/" + solveJob + "/stop", {});
  } catch (e) {
    $("#stop").disabled = false;
    failed(e);
  }
}

// Jobs running on the server when the page was loaded: each shown as if this page had started it
// (``solve``: the page's own way to show its kind of solve).
function reattach(solve) {
  for (const job of boot.jobs || []) {
    if (job.kind === "send") watchSend(job.id, false);
    else solve(job);
  }
  offerLast(solve);
}

const DISMISSED = "docking-dismissed"; // the solve whose result this tab discarded (not offered again)

// The last solve's result, when it ended before this page was loaded (a reload, a discarded tab): offered
// as at its end, unless this tab discarded it, it is no longer for the project as it is (applied, or the
// project changed since: `outdated`), or a solve runs (QA a11y17 #10).
async function offerLast(solve) {
  const id = boot.last_solve;
  if (!id || solveJob || sessionStorage.getItem(DISMISSED) === id) return;
  try {
    const job = await api("GET", "/api/jobs/" + id);
    if (!solveJob && job.result && !job.result.outdated && (job.result.timetables || []).length) solve(job);
  } catch (e) {
    // (no longer kept by the server: nothing to offer)
  }
}

// A result discarded here: not offered again after a reload of this tab.
function dismissSolve(id) {
  if (id) sessionStorage.setItem(DISMISSED, id);
}

async function pollSend(id) {
  const box = $("#send-progress");
  box.hidden = false;
  let job;
  try {
    job = await api("GET", "/api/jobs/" + id);
  } catch (e) {
    sendJob = null;
    failed(e);
    return;
  }
  const total = job.progress.total || 0;
  const done = job.progress.done || 0;
  $("span", box).style.width = (total ? (100 * done) / total : 0) + "%";
  // before a retry, the line send prints (发送邀请 1/29：32 秒后重试…): a wait is never a silent 0 / 29
  if (job.stopping) $("#send-stop").disabled = true; // (another tab's stop too)
  $("p", box).textContent = job.stopping ? S.send_stopping : job.progress.retrying || fmt(S.send_progress, { done, total });
  if (job.progress.retrying && job.progress.retrying !== box.dataset.said) announce(job.progress.retrying); // once each
  box.dataset.said = job.progress.retrying || "";
  await loadJournal();
  if (job.state === "running") {
    setTimeout(() => pollSend(id), 300);
    return;
  }
  box.hidden = true;
  sendJob = null;
  $("#send-error").textContent = job.error || ""; // a line left from before the sending is not its answer
  if (job.error) {
    moveFocus($("#send-error"), $("#send-form").parentElement); // (a role=alert: said) 发送 was disabled under the focus, 停止发送 hidden
    return;
  }
  const r = job.result;
  const lines = r.notices; // the send command's own closing lines
  $("#send-result").innerHTML = '<ul class="summary" id="send-summary">' + lines.map((l) => "<li>" + esc(l) + "</li>").join("") + "</ul>";
  announce(lines.join(" "));
  // a stop about a field (the login refused, a certificate, a server not reached): marked, described by the
  // summary, and focused, the summary kept (QA qaweb24 F9); else the summary takes the focus
  const input = fieldOf({ data: { field: r.field } });
  if (input) {
    markInvalid(input, $("#send-summary"));
    moveFocus(input, $("#send-form").parentElement); // (not taken from elsewhere on the page)
    return;
  }
  moveFocus($("#send-result ul.summary"), $("#send-form").parentElement); // 发送 was disabled under the focus, 停止发送 hidden: to the result
}

// What a journal row's message was, in the clerk's words: 邀请, 更新（第 2 版）, 取消 (the invite's METHOD
// and SEQUENCE, `REQUEST #1`, are the calendar's words: QA qaweb24 F6).
function journalWhat(r) {
  if (r.method === "CANCEL") return S.j_cancel;
  return r.sequence > 0 ? fmt(S.j_update, { version: r.sequence + 1 }) : S.j_invite;
}

async function loadJournal() {
  try {
    const data = await api("GET", "/api/journal");
    const stopped = $("#journal-stopped"); // (a page without the journal's panel has none)
    if (stopped) {
      stopped.textContent = data.stopped || "";
      stopped.hidden = !data.stopped;
    }
    if (!data.rows.length) {
      $("#journal tbody").innerHTML = '<tr><td colspan="6" class="hint">' + esc(S.journal_empty) + "</td></tr>";
      return;
    }
    $("#journal tbody").innerHTML = data.rows
      .slice()
      .reverse()
      .map((r) => "<tr class='" + esc(r.state) + "'><td>" + esc(r.shown) + "</td><td" + langAttr(r.unit) + ">" + esc(r.unit) + "</td><td>" + esc(r.to) + "</td><td>" + (r.meeting ? "<span" + langAttr(r.meeting) + ">" + esc(r.meeting) + "</span> · " : "") + esc(journalWhat(r)) + "</td><td>" + esc(S["state_" + r.state] || r.state) + "</td><td" + langAttr(r.reply) + ">" + esc(r.reply) + "</td></tr>")
      .join("");
  } catch (e) {
    failed(e);
  }
}
