// The progress record of one exercise, as both hosts keep it (schemas/progress-v1.schema.json,
// $defs/record): the twin of uspak/exercises/progress.py. The website's static host (exercise.js)
// moves a record through these steps and keeps it in localStorage; the notebook's widget does
// the same in Python. recordProblems() is this side's validator of the schema, held to it by
// tests/exercises/test_exercises_progress.py; the host cases in check-cases.yml drive both hosts.

// The fields a hand-in's entry copies from a record (all but the verdict).
export const HANDED_IN = ["response", "attempts", "updated", "checked", "first_checked", "last_checked", "hints_shown", "revealed"];
const RECORD_FIELDS = [...HANDED_IN, "verdict"];
const VERDICT_STATUSES = ["correct", "partial", "incorrect", "recorded"];
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

/** The current time as both hosts write it: RFC 3339 in UTC, to the second. */
export function nowStamp(date = new Date()) {
  return date.toISOString().replace(/\.[0-9]+Z$/, "Z");
}

export function emptyRecord() {
  return { response: null, checked: false, attempts: 0, hints_shown: 0, revealed: false };
}

/** The record after the student changed the response: unchecked, no verdict. */
export function edited(record, response, now) {
  const { verdict, ...kept } = record;
  return { ...kept, response, checked: false, updated: now };
}

/** The record after a Check with this verdict; an unreadable response is no check. */
export function checked(record, verdict, now) {
  if (verdict.status === "invalid") return { ...record };
  return {
    ...record, checked: true, verdict: { ...verdict }, attempts: (record.attempts || 0) + 1,
    first_checked: record.first_checked || now, last_checked: now,
  };
}

export function hintsOpened(record, count) {
  return { ...record, hints_shown: Math.max(record.hints_shown || 0, count) };
}

/** The record once the explanation or reference solution is on the student's screen. */
export function revealed(record) {
  return { ...record, revealed: true };
}

/** A record as earlier pages stored it ({response, attempts, updated, verdict, hints_shown},
 *  'verdict' {} when unchecked) in this version's terms. */
export function upgradeRecord(old) {
  const record = emptyRecord();
  for (const name of RECORD_FIELDS) if (Object.hasOwn(old, name)) record[name] = old[name];
  const verdict = old.verdict || {};
  if (!Object.hasOwn(old, "checked")) record.checked = Boolean(verdict.status) && verdict.status !== "invalid";
  if (record.checked && verdict.status) record.verdict = { feedback: [], ...verdict };
  else {
    delete record.verdict;
    record.checked = false;
  }
  if (record.attempts === 0) {
    delete record.first_checked;
    delete record.last_checked;
  }
  return record;
}

/** The submission entry for a record: every field but the verdict. */
export function handInEntry(record) {
  const entry = {};
  for (const name of HANDED_IN) if (Object.hasOwn(record, name)) entry[name] = record[name];
  return entry;
}

const isCount = (value) => Number.isInteger(value) && value >= 0;
const isStamp = (value) => typeof value === "string" && TIMESTAMP.test(value);

/** Every way a record breaks progress-v1's $defs/record, as "field: problem"; [] when valid. */
export function recordProblems(record) {
  if (record === null || typeof record !== "object" || Array.isArray(record)) return ["(record): not an object"];
  const problems = [];
  for (const name of Object.keys(record)) if (!RECORD_FIELDS.includes(name)) problems.push(`${name}: not a field of the record`);
  for (const name of ["response", "checked", "attempts", "hints_shown", "revealed"]) {
    if (!Object.hasOwn(record, name)) problems.push(`${name}: missing`);
  }
  for (const name of ["checked", "revealed"]) if (Object.hasOwn(record, name) && typeof record[name] !== "boolean") problems.push(`${name}: not true or false`);
  for (const name of ["attempts", "hints_shown"]) if (Object.hasOwn(record, name) && !isCount(record[name])) problems.push(`${name}: not a whole number from 0`);
  for (const name of ["updated", "first_checked", "last_checked"]) if (Object.hasOwn(record, name) && !isStamp(record[name])) problems.push(`${name}: not an RFC 3339 time`);
  if (Object.hasOwn(record, "verdict")) problems.push(...verdictProblems(record.verdict));
  if (record.checked === true && !Object.hasOwn(record, "verdict")) problems.push("verdict: missing on a checked response");
  if (record.checked !== true && Object.hasOwn(record, "verdict")) problems.push("verdict: kept for a response not checked");
  const stamped = Object.hasOwn(record, "first_checked") || Object.hasOwn(record, "last_checked");
  if (record.attempts === 0 && stamped) problems.push("first_checked: a check stamped with no attempt");
  if (record.checked === true && record.attempts === 0) problems.push("attempts: 0 on a checked response");
  return problems;
}

function verdictProblems(verdict) {
  if (verdict === null || typeof verdict !== "object" || Array.isArray(verdict)) return ["verdict: not an object"];
  const problems = [];
  for (const name of Object.keys(verdict)) if (!["status", "score", "message", "feedback"].includes(name)) problems.push(`verdict.${name}: not a field of the verdict`);
  if (!VERDICT_STATUSES.includes(verdict.status)) problems.push("verdict.status: not a kept status");
  if (typeof verdict.score !== "number" || verdict.score < 0 || verdict.score > 1) problems.push("verdict.score: not a number from 0 to 1");
  if (typeof verdict.message !== "string") problems.push("verdict.message: not text");
  if (!Array.isArray(verdict.feedback) || !verdict.feedback.every((f) => typeof f === "string")) problems.push("verdict.feedback: not a list of texts");
  return problems;
}
