// The website's host driven through the host cases of check-cases.yml, without a browser: reads
// {bank: <compiled bank>, assessment_bank: <its assessment edition>, hand_in: <hand-in panel
// spec>, student, next_student, cases} as JSON on stdin, runs each case's steps against exercise.js's siteExercise (what the controls and buttons
// do to its model) over a stand-in localStorage, and prints {case id: outcome} as JSON. The same
// storage functions the page uses keep and read the records (keepRecord, loadRecord).
class MemoryStorage {
  constructor() { this.items = new Map(); }
  get length() { return this.items.size; }
  key(i) { return [...this.items.keys()][i] ?? null; }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
  removeItem(key) { this.items.delete(key); }
}

const static_ = "../../../src/uspak/exercises/static/";
const exercise = await import(`${static_}exercise.js`);
const checker = await import(`${static_}check.js`);
const progress = await import(`${static_}progress.js`);
const engine = { checker, progress };

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { bank, assessment_bank: assessmentBank, hand_in: spec, student, next_student: nextStudent, cases } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const byId = (b) => Object.fromEntries(b.exercises.map((ex) => [ex.id, ex]));
const editions = { practice: byId(bank), assessment: byId(assessmentBank) };

function host(ex, seed) {
  const keep = (record) => exercise.keepRecord(ex.lesson, ex.id, record, progress);
  return exercise.siteExercise(ex, engine, { saved: exercise.loadRecord(ex.lesson, ex.id, progress), seed, keep });
}

function update(model, changes) {
  for (const [name, value] of Object.entries(changes)) model.set(name, value);
  model.save_changes();
}

const outcomes = {};
for (const c of cases) {
  globalThis.localStorage = new MemoryStorage();
  const ex = editions[c.edition || "practice"][c.exercise];
  let who = student;
  exercise.adoptStudent(who, [ex.lesson]);
  let model = host(ex, who);
  for (const step of c.steps) {
    if (step === "check") update(model, { check_requested: model.get("check_requested") + 1 });
    else if (step === "check_arranged") update(model, { response: [...model.get("order").items], check_requested: model.get("check_requested") + 1 });
    else if (step === "hint") update(model, { hints_shown: Math.min(model.get("hints_shown") + 1, ex.hints.length) });
    else if (step === "reload") model = host(ex, who);
    else if (step === "start_over") {
      exercise.forgetStudent([ex.lesson]);
      who = nextStudent;
      exercise.adoptStudent(who, [ex.lesson]);
      model = host(ex, who);
    } else if (Object.hasOwn(step, "answer")) update(model, { response: step.answer, verdict: {} });
    else throw new Error(`unknown step ${JSON.stringify(step)}`);
  }
  const record = exercise.loadRecord(ex.lesson, ex.id, progress);
  const handed = exercise.handIn({ ...spec, edition: c.edition || "practice" }, who, progress);
  outcomes[c.id] = {
    shown: model.get("verdict").status || "",
    record,
    problems: progress.recordProblems(record),
    explanation: Boolean(model.get("explanation")),
    order: model.get("order"),
    message: handed.message,
    submission: handed.file ? JSON.parse(handed.file.text) : null,
  };
}
process.stdout.write(JSON.stringify(outcomes));
