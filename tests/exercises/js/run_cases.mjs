// Reads {"bank": <compiled bank>, "cases": [{id, exercise, response}]} as JSON on stdin, checks
// every case with the same check.js the browser loads, and prints {case id: verdict} as JSON.
// A case may carry `response_repeat: [text, n]` instead of `response`, to build huge responses
// here rather than pipe them through stdin.
import { checkResponse } from "../../../src/uspak/exercises/static/check.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { bank, cases } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const exercises = Object.fromEntries(bank.exercises.map((ex) => [ex.id, ex]));
const verdicts = {};
for (const c of cases) {
  const response = c.response_repeat ? c.response_repeat[0].repeat(c.response_repeat[1]) : c.response;
  verdicts[c.id] = checkResponse(exercises[c.exercise], response);
}
process.stdout.write(JSON.stringify(verdicts));
