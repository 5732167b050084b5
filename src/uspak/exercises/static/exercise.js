// One exercise UI, hosted two ways.
// - In Jupyter it is the front-end of an anywidget widget (uspak/exercises/widget.py): Python
//   holds the state, checks responses and records attempts; this module only reads and writes
//   the model's traits.
// - On the website the same render() runs against a small local model (startStaticHost, below)
//   that reads each exercise's embedded compiled JSON, checks with check.js and keeps each
//   exercise's progress record (progress.js, schemas/progress-v1) in localStorage.
// The traits are declared once, in widget.py (ExerciseWidget, HandInWidget); exerciseState and
// handInState below build the website's model with exactly those names (a test holds them to it).

const STORAGE_PREFIX = "uspak:";
let uid = 0;

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "html") node.innerHTML = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// Feedback is plain text with `code` spans; it is never parsed as HTML.
function textWithCode(text) {
  const span = h("span");
  text.split("`").forEach((part, i) => span.append(i % 2 ? h("code", {}, part) : part));
  return span;
}

function update(model, changes) {
  for (const [name, value] of Object.entries(changes)) model.set(name, value);
  model.save_changes();
}

// A new response always clears the verdict: a verdict is only ever shown for what is entered.
function respond(model, response) {
  update(model, { response, verdict: {} });
}

// ---- the order a student sees (the twin of uspak/exercises/arrangement.py) -----------------
export function orderHash(text) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  value ^= value >>> 16;
  value = Math.imul(value, 0x85ebca6b) >>> 0;
  value ^= value >>> 13;
  value = Math.imul(value, 0xc2b2ae35) >>> 0;
  return (value ^ (value >>> 16)) >>> 0;
}

export function arrange(seed, exerciseId, choices) {
  const key = (id) => orderHash(`${seed}\n${exerciseId}\n${id}`);
  const free = choices.filter((c) => !c.fixed).map((c) => c.id)
    .sort((a, b) => key(a) - key(b) || (a < b ? -1 : a > b ? 1 : 0));
  return choices.map((c) => (c.fixed ? c.id : free.shift()));
}

export function displayOrder(seed, ex) {
  const order = {};
  for (const name of ["options", "items", "right"]) if (ex[name]) order[name] = arrange(seed, ex.id, ex[name]);
  return order;
}

// A list of the exercise in the order the host chose for this student (authoring order if none).
function shown(ex, model, name) {
  const byId = new Map((ex[name] || []).map((c) => [c.id, c]));
  const order = (model.get("order") || {})[name];
  const valid = Array.isArray(order) && order.length === byId.size && order.every((i) => byId.has(i));
  return valid ? order.map((i) => byId.get(i)) : ex[name] || [];
}

// ---- the controls of each type: build(ex, model, id) returns {node, fill(response)} ----------
function choiceControls(ex, model, id, multiple) {
  const fieldset = h("fieldset", { class: "uspak-choices" }, h("legend", {}, multiple ? "Select all that apply" : "Choose one"));
  const inputs = shown(ex, model, "options").map((option) => {
    const input = h("input", { type: multiple ? "checkbox" : "radio", name: `${id}-choice`, value: option.id, id: `${id}-${option.id}` });
    input.addEventListener("change", () => {
      const picked = inputs.filter((i) => i.checked).map((i) => i.value);
      respond(model, multiple ? picked : picked[0] ?? "");
    });
    fieldset.append(h("div", { class: "uspak-choice" }, input, h("label", { for: input.id, html: option.text })));
    return input;
  });
  const fill = (response) => inputs.forEach((i) => { i.checked = multiple ? (response || []).includes(i.value) : i.value === response; });
  return { node: fieldset, fill };
}

function textControl(ex, model, id, label, inputmode) {
  const input = h("input", { type: "text", id: `${id}-input`, inputmode, autocomplete: "off", spellcheck: "false" });
  // A code exercise's response is {value} on the website, as the submission format expects, and
  // {code, value} when the page ran the code (pyodide-runner.js sets data-code), so the grader re-runs it.
  const codeResponse = () => (input.dataset.code ? { code: input.dataset.code, value: input.value } : { value: input.value });
  input.addEventListener("input", () => respond(model, ex.type === "code" ? codeResponse() : input.value));
  const node = h("div", { class: "uspak-text" }, h("label", { for: input.id }, label), input);
  const fill = (response) => { input.value = (response && typeof response === "object" ? response.value : response) ?? ""; };
  return { node, fill };
}

function orderingControls(ex, model, id) {
  const list = h("ol", { class: "uspak-order", "aria-label": "Items in your order, first to last" });
  const moves = h("p", { class: "uspak-sr-only", "aria-live": "polite" });
  const texts = Object.fromEntries(ex.items.map((item) => [item.id, item.text]));
  let order = shown(ex, model, "items").map((item) => item.id);
  const draw = (focusId, focusDir) => {
    list.replaceChildren();
    order.forEach((itemId, index) => {
      const move = (dir) => () => {
        const j = index + dir;
        [order[index], order[j]] = [order[j], order[index]];
        respond(model, [...order]);
        draw(itemId, dir);
        moves.textContent = `Moved "${h("span", { html: texts[itemId] }).textContent}" to place ${j + 1} of ${order.length}.`;
      };
      const label = h("span", { html: texts[itemId] });
      const name = label.textContent;
      const up = h("button", { type: "button", "aria-label": `Move "${name}" up`, disabled: index === 0 ? "" : null, onclick: move(-1) }, "↑");
      const down = h("button", { type: "button", "aria-label": `Move "${name}" down`, disabled: index === order.length - 1 ? "" : null, onclick: move(1) }, "↓");
      list.append(h("li", { "data-item-id": itemId }, label, up, down));
      if (itemId === focusId) (focusDir < 0 && !up.disabled ? up : !down.disabled ? down : up).focus();
    });
  };
  draw();
  const fill = (response) => {
    if (Array.isArray(response) && response.length === order.length) order = [...response];
    draw();
  };
  // Not answered until checked or moved: Check hands in the order as arranged.
  return { node: h("div", {}, list, moves), fill, current: () => [...order] };
}

// A closed <select> shows its chosen option on one line, cut off where it is narrower than the
// text (a phone, or a long option). Where the chosen text does not fit, it is also written out in
// full under the select, so nobody has to guess what "Evidence of secret ura…" was.
let measure = null;
function fitsSelect(select, text) {
  measure = measure || document.createElement("canvas").getContext("2d");
  const style = getComputedStyle(select);
  measure.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 28;
  return measure.measureText(text).width <= room;
}

function matchingControls(ex, model, id) {
  const selects = ex.left.map((left) => {
    const select = h("select", { id: `${id}-${left.id}`, "data-left-id": left.id }, h("option", { value: "" }, "Choose…"));
    shown(ex, model, "right").forEach((right) => select.append(h("option", { value: right.id, html: right.text })));
    return select;
  });
  // The select already tells a screen reader its value: the full text is for the eye only.
  const chosen = selects.map((s) => h("p", { class: "uspak-chosen", "aria-hidden": "true", hidden: "" }));
  const echo = () => selects.forEach((s, i) => {
    const text = s.value ? s.selectedOptions[0].textContent : "";
    chosen[i].textContent = text;
    chosen[i].hidden = !text || (s.clientWidth > 0 && fitsSelect(s, text));
  });
  const changed = () => {
    const response = {};
    selects.forEach((s) => { if (s.value) response[s.dataset.leftId] = s.value; });
    echo();
    respond(model, response);
  };
  const rows = ex.left.map((left, i) => {
    selects[i].addEventListener("change", changed);
    const control = h("div", { class: "uspak-pair-control" }, selects[i], chosen[i]);
    return h("div", { class: "uspak-pair" }, h("label", { for: selects[i].id, html: left.text }), control);
  });
  const node = h("div", { class: "uspak-matching" }, ...rows);
  if (typeof ResizeObserver === "function") new ResizeObserver(echo).observe(node);
  const fill = (response) => {
    selects.forEach((s) => { s.value = (response || {})[s.dataset.leftId] ?? ""; });
    echo();
  };
  return { node, fill };
}

function codeControls(ex, model, id) {
  const cell = h("code", {}, `# Exercise ${ex.id}`);
  if (model.get("mode") !== "website") {
    const note = h("p", {}, "Write your code in the cell marked ", cell, `, run it so that it defines `, h("code", {}, ex.result_name), ", then press Check.");
    return { node: h("div", {}, note), fill: () => {} };
  }
  const note = h("p", {}, "The lesson's code cell marked ", cell, " starts this exercise. Run it in the lesson's notebook (for example with the “Open in Binder” button at the top of the page), then type the value ", h("code", {}, ex.result_name), " holds.");
  const value = textControl(ex, model, id, "The value your code produced");
  return { node: h("div", {}, note, value.node), fill: value.fill };
}

// One entry per exercise type (the twin of src/uspak/exercises/types/): its controls.
export const CONTROLS = {
  single_choice: (ex, model, id) => choiceControls(ex, model, id, false),
  multiple_select: (ex, model, id) => choiceControls(ex, model, id, true),
  numeric: (ex, model, id) => textControl(ex, model, id, ex.unit ? `Your answer (${ex.unit})` : "Your answer", "decimal"),
  short_text: (ex, model, id) => textControl(ex, model, id, "Your answer"),
  ordering: orderingControls,
  matching: matchingControls,
  code: codeControls,
};

function controlsFor(ex, model, id) {
  if (Object.hasOwn(CONTROLS, ex.type)) return CONTROLS[ex.type](ex, model, id);
  return { node: h("p", {}, `Unknown exercise type ${ex.type}.`), fill: () => {} };
}

// ---- one exercise --------------------------------------------------------------------------
// "Exercise 3: Aid at its peak": its place in the lesson, and its title where the bank gives one.
function title(ex) {
  const numbered = ex.number ? `Exercise ${ex.number}` : "Exercise";
  return ex.title ? `${numbered}: ${ex.title}` : numbered;
}

function renderExercise(model, el) {
  const ex = model.get("exercise");
  const id = `uspak-${ex.id}-${++uid}`;
  const controls = controlsFor(ex, model, id);
  const status = h("div", { class: "uspak-status", role: "status", "aria-live": "polite" });
  const attempts = h("span", { class: "uspak-attempts" });
  const hints = h("ol", { class: "uspak-hints", "aria-label": "Hints" });
  const hintButton = h("button", { type: "button", class: "uspak-hint-button" });
  const explanation = h("div", { class: "uspak-explanation", hidden: "" });
  const solution = h("div", { class: "uspak-solution", hidden: "" });
  const check = h("button", { type: "button", class: "uspak-check" }, "Check");
  check.addEventListener("click", () => {
    const arranged = model.get("response") == null ? controls.current?.() : undefined;
    update(model, { ...(arranged ? { response: arranged } : {}), check_requested: (model.get("check_requested") || 0) + 1 });
  });
  hintButton.addEventListener("click", () => update(model, { hints_shown: Math.min((model.get("hints_shown") || 0) + 1, ex.hints.length) }));

  const drawVerdict = () => {
    const verdict = model.get("verdict") || {};
    status.replaceChildren();
    status.dataset.status = verdict.status || "";
    if (verdict.message) status.append(h("p", { class: "uspak-message" }, verdict.message));
    for (const text of verdict.feedback || []) status.append(h("p", { class: "uspak-feedback" }, textWithCode(text)));
    const n = model.get("attempts") || 0;
    attempts.textContent = n === 1 ? "1 attempt" : `${n} attempts`;
  };
  const drawHints = () => {
    const shown = model.get("hints_shown") || 0;
    hints.replaceChildren(...ex.hints.slice(0, shown).map((hint) => h("li", { html: hint })));
    hintButton.hidden = shown >= ex.hints.length;
    hintButton.textContent = `Show hint ${shown + 1} of ${ex.hints.length}`;
  };
  const drawReveal = () => {
    const html = model.get("explanation") || "";
    explanation.hidden = !html;
    explanation.replaceChildren(h("h4", {}, "Explanation"), h("div", { html }));
    const code = model.get("solution") || "";
    solution.hidden = !code;
    solution.replaceChildren(h("h4", {}, "A reference solution"), h("pre", { tabindex: "0" }, h("code", {}, code)));
  };

  controls.fill(model.get("response"));
  drawVerdict();
  drawHints();
  drawReveal();
  model.on("change:verdict", drawVerdict);
  model.on("change:attempts", drawVerdict);
  model.on("change:hints_shown", drawHints);
  model.on("change:explanation", drawReveal);
  model.on("change:solution", drawReveal);
  model.on("change:response", () => { if (document.activeElement?.closest?.(".uspak-exercise") !== root) controls.fill(model.get("response")); });

  const root = h("section", { class: "uspak-exercise", "data-type": ex.type, "aria-labelledby": `${id}-title` },
    h("h3", { class: "uspak-title", id: `${id}-title` }, title(ex), h("span", { class: "uspak-points" }, ` (${ex.points} ${ex.points === 1 ? "point" : "points"})`)),
    h("div", { class: "uspak-prompt", html: ex.prompt }),
    controls.node,
    h("div", { class: "uspak-actions" }, check, hintButton, attempts),
    status, hints, explanation, solution);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches?.("input[type=text]")) {
      event.preventDefault();
      check.click();
    }
  });
  el.setAttribute("data-exercise-id", ex.id);
  el.replaceChildren(root);
}

// ---- the hand-in panel ---------------------------------------------------------------------
function renderHandIn(model, el) {
  const id = `uspak-hand-in-${++uid}`;
  // On the website the student id is the one asked for above the first exercise.
  const website = model.get("mode") === "website";
  const student = h("input", { type: "text", id: `${id}-student`, autocomplete: "off", value: model.get("student") || "" });
  student.addEventListener("input", () => update(model, { student: student.value }));
  const who = website
    ? h("p", {}, model.get("student") ? `Hand in as ${model.get("student")}.` : "Type your student id at the top of the page first.")
    : h("div", { class: "uspak-text" }, h("label", { for: student.id }, "Student id"), student);
  const score = h("p", { class: "uspak-score" });
  const status = h("div", { class: "uspak-status", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "uspak-export" }, model.get("action_label"));
  button.addEventListener("click", () => update(model, { export_requested: (model.get("export_requested") || 0) + 1 }));
  const draw = () => {
    score.textContent = model.get("score_text") || "";
    status.textContent = model.get("message") || "";
  };
  draw();
  model.on("change:score_text", draw);
  model.on("change:message", draw);
  el.setAttribute("data-hand-in-lesson", model.get("lesson"));
  el.replaceChildren(h("section", { class: "uspak-hand-in", "aria-label": "Hand in your answers" },
    h("h3", {}, "Hand in"), score, who,
    h("div", { class: "uspak-actions" }, button), status));
}

function render({ model, el }) {
  (model.get("kind") === "hand_in" ? renderHandIn : renderExercise)(model, el);
}

export default { render };

// ---- the static host (website) -------------------------------------------------------------
class LocalModel {
  constructor(state, onSave) {
    this.state = { ...state };
    this.dirty = new Set();
    this.listeners = {};
    this.onSave = onSave;
  }
  get(name) { return this.state[name]; }
  set(name, value) { this.state[name] = value; this.dirty.add(name); }
  on(event, callback) { (this.listeners[event] ||= []).push(callback); }
  save_changes() {
    const changed = [...this.dirty];
    this.dirty.clear();
    this.onSave(this, changed);
    this.emit(changed);
  }
  emit(names) {
    for (const name of names) for (const cb of this.listeners[`change:${name}`] || []) cb();
  }
  assign(changes) {
    Object.assign(this.state, changes);
    this.emit(Object.keys(changes));
  }
}

// Answers are kept per student: on a shared computer the next student, with another id, starts
// with nothing, and "Not you? Start over" deletes this lesson's answers and the id.
const STUDENT_KEY = `${STORAGE_PREFIX}student`;
const storageKey = (student, lesson, exerciseId) => `${STORAGE_PREFIX}${student}:${lesson}:${exerciseId}`;
const currentStudent = () => readStorage(STUDENT_KEY) || "";
// The grader's words for a file with no response (uspak verify-submission says the same), and
// what both hosts' panels say when asked to hand in nothing (EMPTY_HAND_IN in submission.py).
export const NOTHING_TO_GRADE = "nothing to grade: no responses";
export const EMPTY_HAND_IN = `Not handed in: ${NOTHING_TO_GRADE}. Answer at least one exercise first.`;

// localStorage can be missing or full (private browsing, quotas): answers then last as long as the page.
function readStorage(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // see readStorage
  }
}

// The stored progress record (a record an earlier page kept is read in this version's terms; one
// that does not fit the schema, say edited by hand, counts as nothing).
export function loadRecord(lesson, exerciseId, progress) {
  let stored;
  try {
    stored = JSON.parse(readStorage(storageKey(currentStudent(), lesson, exerciseId)));
  } catch {
    stored = null;
  }
  if (!stored || typeof stored !== "object") return progress.emptyRecord();
  const record = progress.upgradeRecord(stored);
  return progress.recordProblems(record).length ? progress.emptyRecord() : record;
}

// Only a record the schema accepts is kept: the grader and the notebook read the same fields.
export function keepRecord(lesson, exerciseId, record, progress) {
  const problems = progress.recordProblems(record);
  if (problems.length) throw new Error(`uspak: not keeping a progress record for ${exerciseId}: ${problems.join("; ")}`);
  writeStorage(storageKey(currentStudent(), lesson, exerciseId), JSON.stringify(record));
  if (typeof document !== "undefined") document.dispatchEvent(new CustomEvent("uspak:answer", { detail: { lesson, exerciseId } }));
}

/** The website's initial model of an exercise: the traits of widget.py's ExerciseWidget. */
export function exerciseState(ex, saved, checker, seed = "") {
  return {
    kind: "exercise", mode: "website", exercise: ex, order: startingOrder(ex, seed, checker), response: saved.response ?? null,
    check_requested: 0, verdict: saved.verdict || {}, attempts: saved.attempts || 0, hints_shown: saved.hints_shown || 0,
    explanation: "", solution: "", ...revealState(ex, checker, revealDue(ex, saved)),
  };
}

// An ordering exercise never starts in the right order where the page holds the key (practice).
function startingOrder(ex, seed, checker) {
  const order = displayOrder(seed, ex);
  if (ex.type === "ordering" && ex.key && order.items.length > 1 && checker.checkResponse(ex, order.items).status === "correct") {
    order.items = [...order.items.slice(1), order.items[0]];
  }
  return order;
}

// The explanation is due after a right answer or reveal_after checks, and stays shown after that
// on every later visit (record.revealed), as in widget.py.
function revealDue(ex, record) {
  return Boolean(record.revealed) || record.verdict?.status === "correct" || (record.attempts || 0) >= ex.reveal_after;
}

function revealState(ex, checker, due) {
  if (!due) return {};
  return {
    explanation: ex.explanation ? checker.decode(ex.explanation) : "",
    solution: ex.solution ? checker.decode(ex.solution) : "",
  };
}

/** The website's initial model of a hand-in panel: the traits of widget.py's HandInWidget. */
export function handInState(spec, student, scoreText) {
  return {
    kind: "hand_in", mode: "website", lesson: spec.lesson, student, score_text: scoreText, message: "",
    action_label: "Download my answers", export_requested: 0,
  };
}

/** The website's host of one exercise without its DOM: the model render() draws, moving the
 *  exercise's progress record as widget.py moves it, and handing every new record to keep().
 *  engine is {checker: check.js, progress: progress.js}. */
export function siteExercise(ex, { checker, progress }, { saved = {}, seed = "", now = () => progress.nowStamp(), keep = () => {} } = {}) {
  let record = progress.upgradeRecord(saved);
  const onScreen = (m) => Boolean(m.get("explanation") || m.get("solution"));
  const model = new LocalModel(exerciseState(ex, record, checker, seed), (m, changed) => {
    if (changed.includes("response")) record = progress.edited(record, m.get("response"), now());
    if (changed.includes("hints_shown")) record = progress.hintsOpened(record, m.get("hints_shown"));
    if (changed.includes("check_requested")) {
      const verdict = checker.checkResponse(ex, m.get("response"));
      record = progress.checked(record, verdict, now());
      m.assign({ verdict, attempts: record.attempts, ...revealState(ex, checker, revealDue(ex, { ...record, verdict })) });
    }
    if (onScreen(m) && !record.revealed) record = progress.revealed(record);
    keep(record);
  });
  if (onScreen(model) && !record.revealed) {
    record = progress.revealed(record);
    keep(record);
  }
  model.record = () => record;
  return model;
}

function hostExercise(el, ex, engine) {
  const keep = (record) => keepRecord(ex.lesson, ex.id, record, engine.progress);
  const model = siteExercise(ex, engine, { saved: loadRecord(ex.lesson, ex.id, engine.progress), seed: currentStudent(), keep });
  render({ model, el });
}

function hostHandIn(el, spec, progress) {
  const earned = () => {
    let got = 0;
    let total = 0;
    if (spec.edition === "assessment") {
      const answered = spec.exercises.filter(({ id }) => !["", null, undefined].includes(loadRecord(spec.lesson, id, progress).response)).length;
      return `Answered so far: ${answered} of ${spec.exercises.length} exercises.`;
    }
    for (const { id, points } of spec.exercises) {
      total += points;
      got += points * (loadRecord(spec.lesson, id, progress).verdict?.score || 0);
    }
    return `Score so far: ${+got.toFixed(2)} of ${total} points.`;
  };
  const model = new LocalModel(handInState(spec, currentStudent(), earned()), (m, changed) => {
    if (changed.includes("export_requested")) m.assign({ message: download(spec, m.get("student"), progress) });
  });
  document.addEventListener("uspak:answer", () => model.assign({ score_text: earned() }));
  render({ model, el });
}

// Who is answering: asked once per browser, above the lesson's first exercise, before any answer
// is kept; changing it shows that student's own answers (and order).
function identityBar(lessons) {
  const id = `uspak-identity-${++uid}`;
  const student = currentStudent();
  const bar = h("section", { class: "uspak-hand-in uspak-identity-bar", "aria-label": "Who is answering" });
  if (!student) {
    const input = h("input", { type: "text", id, autocomplete: "off" });
    const start = () => {
      const chosen = input.value.trim();
      if (!chosen) return;
      adoptStudent(chosen, lessons);
      location.reload();
    };
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") start(); });
    bar.append(h("div", { class: "uspak-identity" },
      h("label", { for: id }, "Your student id (your answers are kept under it)"), input,
      h("button", { type: "button", class: "uspak-export", onclick: start }, "Start")));
    return bar;
  }
  const startOver = () => {
    if (!confirm(`Delete the answers of "${student}" to this lesson on this computer, and the id?`)) return;
    forgetStudent(lessons);
    location.reload();
  };
  bar.append(h("div", { class: "uspak-identity" }, h("span", {}, "Answering as ", h("strong", {}, student), "."),
    h("button", { type: "button", onclick: startOver }, "Not you? Start over")));
  return bar;
}

/** "Not you? Start over": delete the current student's answers to these lessons, and the id. */
export function forgetStudent(lessons) {
  const student = currentStudent();
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (lessons.some((lesson) => key?.startsWith(`${STORAGE_PREFIX}${student}:${lesson}:`))) writeStorage(key, null);
  }
  writeStorage(STUDENT_KEY, null);
}

/** Type the student id (what the identity bar's Start does, before the page reloads). */
export function adoptStudent(student, lessons) {
  adoptAnonymousAnswers(student, lessons);
  writeStorage(STUDENT_KEY, student);
}

// Answers given before the id was typed (or kept by an older version of the page, whose keys had
// no student part) become the student's own.
function adoptAnonymousAnswers(student, lessons) {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i) || "";
    for (const lesson of lessons) {
      for (const prefix of [`${STORAGE_PREFIX}:${lesson}:`, `${STORAGE_PREFIX}${lesson}:`]) {
        if (!key.startsWith(prefix)) continue;
        const target = storageKey(student, lesson, key.slice(prefix.length));
        if (readStorage(target) === null) writeStorage(target, readStorage(key));
        writeStorage(key, null);
      }
    }
  }
}

/** The submission file of CONTRIBUTING.md, as the notebook's export writes it: each stored
 *  progress record with a response, less its verdict (progress.handInEntry). */
export function submission(spec, student, progress, now = new Date()) {
  const responses = {};
  for (const { id } of spec.exercises) {
    const record = loadRecord(spec.lesson, id, progress);
    if (record.response === null || record.response === undefined || record.response === "") continue;
    responses[id] = progress.handInEntry(record);
  }
  const edition = spec.edition || "practice";
  return { format: "uspak-submission", format_version: 1, lesson: spec.lesson, student: student.trim(), created: progress.nowStamp(now), origin: "website", edition, responses };
}

/** What "Download my answers" does, without the DOM: the panel's message and, unless the hand-in
 *  is refused, the file to save ({name, text}). */
export function handIn(spec, student, progress, now = new Date()) {
  if (!student.trim()) return { message: "Type your student id at the top of the page first." };
  const hand_in = submission(spec, student, progress, now);
  if (!Object.keys(hand_in.responses).length) return { message: EMPTY_HAND_IN };
  const name = `${spec.lesson}-${student.trim()}.json`;
  return { message: `Downloaded ${name}: hand this file in.`, file: { name, text: JSON.stringify(hand_in, null, 1) } };
}

function download(spec, student, progress) {
  const { message, file } = handIn(spec, student, progress);
  if (file) {
    const link = h("a", { href: URL.createObjectURL(new Blob([file.text], { type: "application/json" })), download: file.name });
    document.body.append(link);
    link.click();
    link.remove();
  }
  return message;
}

export async function startStaticHost(doc = document) {
  const exercises = [...doc.querySelectorAll("[data-exercise-id]:not([data-uspak-hosted])")];
  const panels = [...doc.querySelectorAll("[data-hand-in-lesson]:not([data-uspak-hosted])")];
  if (!exercises.length && !panels.length) return;
  const checker = await import(new URL("./check.js", import.meta.url));
  const progress = await import(new URL("./progress.js", import.meta.url));
  const readJson = (el) => JSON.parse(el.querySelector('script[type="application/json"]').textContent);
  const first = exercises[0] || panels[0];
  const lessons = [...new Set([...exercises.map((el) => readJson(el).lesson), ...panels.map((el) => readJson(el).lesson)])];
  first.before(identityBar(lessons));
  for (const el of exercises) {
    if (!el.querySelector('script[type="application/json"]')) continue;
    el.setAttribute("data-uspak-hosted", "");
    hostExercise(el, readJson(el), { checker, progress });
  }
  for (const el of panels) {
    if (!el.querySelector('script[type="application/json"]')) continue;
    el.setAttribute("data-uspak-hosted", "");
    hostHandIn(el, readJson(el), progress);
  }
}

if (typeof document !== "undefined" && !/^(blob|data):/.test(import.meta.url)) {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => startStaticHost());
  else startStaticHost();
}
