// The exercise checker for the browser (and node, in the parity tests): pure, synchronous functions.
// It mirrors src/uspak/exercises/check.py, normalize.py and types/ rule for rule and message for
// message; tests/exercises/cases/ holds both to the same table. A compiled exercise carries
// salted SHA-256 hashes of the canonical right responses, never the responses themselves.

export const MAX_TEXT_CHARS = 500;
export const MAX_NUMBER_CHARS = 100;
const MAX_DIGITS = 30;
const SCALE_WORDS = { thousand: 3, k: 3, million: 6, m: 6, billion: 9, bn: 9 };
const UNIT_SCALES = { thousand: 3, million: 6, billion: 9 };
const CODE_NUMBER_FORMS = ["plain", "thousands"];
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/gu;
const NUMBER = /^([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.([0-9]+))?$/;
const SCALE_SUFFIX = /^(.*?) ?(thousand|million|billion|bn|k|m)$/;
const CORRECT = "✓ Correct.";
// The assessment edition's exercises carry no key: a readable response is only recorded.
export const RECORDED = "Recorded: your teacher's grader will check it after you hand in.";
const NOT_QUITE = "✗ Not quite.";

class ResponseError extends Error {}

// ---- SHA-256 (FIPS 180-4), so that checking stays synchronous and works on file:// ----------
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256Hex(text) {
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  const padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length << 3) >>> 0);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let block = 0; block < padded.length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + 4 * t);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g; g = f; f = e; e = (d + t1) >>> 0;
      d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return Array.from(h, (x) => x.toString(16).padStart(8, "0")).join("");
}

export function tokenHash(salt, slot, token) {
  return sha256Hex(`${salt}\n${slot}\n${token}`);
}

export function decode(encoded) {
  const binary = atob(encoded);
  return new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
}

// ---- normalisation (normalize.py) ------------------------------------------------------------
const isDigit = (ch) => ch !== undefined && ch >= "0" && ch <= "9";
const tooLong = (text, max) => text.length > 2 * max || Array.from(text).length > max;
const collapse = (text) => text.replace(SPACE, " ").replace(/^ +| +$/g, "");

export function normalizeText(raw) {
  const chars = Array.from(raw.normalize("NFKC").toLowerCase());
  const kept = chars.map((ch, i) => {
    if (ch === "." && i > 0 && i < chars.length - 1 && isDigit(chars[i - 1])) {
      return isDigit(chars[i + 1]) ? ch : "";
    }
    if (/^\p{Pd}$/u.test(ch)) return "-";
    if (/^\p{P}$/u.test(ch) && ch !== "%") return "";
    return ch;
  });
  return collapse(kept.join(""));
}

function unitExponent(unit) {
  const words = (unit || "").toLowerCase().match(/[a-z]+/g) || [];
  const found = words.find((w) => w in UNIT_SCALES);
  return found ? UNIT_SCALES[found] : 0;
}

// An exact number: digits × 10^exponent, digits a BigInt.
function exact(negative, digits, exponent) {
  return { negative, digits, exponent };
}

export function atPrecision(number, precision) {
  const shift = number.exponent + precision;
  let units;
  if (shift >= 0) {
    units = number.digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    units = number.digits / divisor;
    if (2n * (number.digits % divisor) >= divisor) units += 1n;
  }
  return number.negative && units !== 0n ? -units : units;
}

function numberFromKey(value) {
  const [mantissa, exp] = String(value).toLowerCase().split("e");
  const [whole, fraction = ""] = mantissa.replace(/^-/, "").split(".");
  return exact(mantissa.startsWith("-"), BigInt(whole + fraction), Number(exp || 0) - fraction.length);
}

export function parseNumber(raw, forms, unit) {
  if (tooLong(raw, MAX_NUMBER_CHARS)) {
    throw new ResponseError(`That answer is too long: type at most ${MAX_NUMBER_CHARS} characters.`);
  }
  let text = collapse(raw.normalize("NFKC").toLowerCase());
  if (!text) throw new ResponseError("Type a number.");
  if (Array.from(text).some((ch) => /^\p{Nd}$/u.test(ch) && !isDigit(ch))) {
    throw new ResponseError("Type the number with the digits 0-9.");
  }
  const negative = text[0] === "-" || text[0] === "\u2212";
  if ("+-\u2212".includes(text[0])) text = text.slice(1).replace(/^ +/, "");
  if (text.endsWith("%")) {
    if (!forms.includes("percent")) throw new ResponseError("Type the number without a % sign.");
    text = text.slice(0, -1).replace(/ +$/, "");
  }
  let exponent = 0;
  const scaled = SCALE_SUFFIX.exec(text);
  if (scaled) {
    if (!forms.includes("scale_words")) {
      throw new ResponseError("Type the number in full, without words such as million.");
    }
    text = scaled[1];
    exponent = SCALE_WORDS[scaled[2]] - unitExponent(unit);
  }
  if (text.includes(",") && !forms.includes("thousands")) {
    throw new ResponseError("Type the number without commas.");
  }
  const match = NUMBER.exec(text);
  if (!match || !(match[1] || match[2])) {
    if (text.includes(",") && /^[0-9,]+(\.[0-9]+)?$/.test(text)) {
      throw new ResponseError("Commas must separate groups of three digits, as in 1,234,567.");
    }
    throw new ResponseError("That is not a number: type digits, with at most one decimal point.");
  }
  const whole = (match[1] || "").replaceAll(",", "");
  const fraction = match[2] || "";
  if ((whole + fraction).replace(/^0+/, "").length > MAX_DIGITS) {
    throw new ResponseError(`That number has more than ${MAX_DIGITS} digits.`);
  }
  return exact(negative, BigInt(whole + fraction || "0"), exponent - fraction.length);
}

// ---- reading typed numbers, texts and code results (normalize.py, types/code.py) -------------
const one = (token) => [[["answer", token]], token];
const isText = (x) => typeof x === "string";

function readNumber(ex, response, forms, precision) {
  if (typeof response === "number") {
    if (!Number.isFinite(response)) throw new ResponseError("Type a number.");
    return atPrecision(numberFromKey(response), precision);
  }
  if (!isText(response)) throw new ResponseError("Type a number.");
  return atPrecision(parseNumber(response, forms, ex.unit), precision);
}

function readText(response) {
  if (!isText(response)) throw new ResponseError("Type an answer.");
  if (tooLong(response, MAX_TEXT_CHARS)) {
    throw new ResponseError(`That answer is too long: type at most ${MAX_TEXT_CHARS} characters.`);
  }
  const text = normalizeText(response);
  if (!text) throw new ResponseError("Type an answer.");
  return text;
}

function readCodeValue(ex, response) {
  const isMapping = response !== null && typeof response === "object" && !Array.isArray(response);
  const value = isMapping ? response.value : response;
  if (value === undefined || value === null || value === "") {
    throw new ResponseError("Run your code, then type the value it produced.");
  }
  const check = ex.check || {};
  if (check.kind === "number") return String(readNumber(ex, value, CODE_NUMBER_FORMS, check.precision ?? 0));
  if (check.kind === "text") return readText(value);
  if (!isText(value)) throw new ResponseError("Run your code, then type the value it produced.");
  return value.replaceAll("\r\n", "\n").replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
}

const ids = (list) => (list || []).map((c) => c.id);
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const verdict = (status, points, message) => ({ status, score: points, message });
const allOrNothing = (ex, hits) => (hits.every(Boolean) ? verdict("correct", 1, CORRECT) : verdict("incorrect", 0, NOT_QUITE));
const noFeedback = () => [];

function optionFeedback(ex, tokens) {
  const options = new Map((ex.options || []).map((o) => [o.id, o]));
  return tokens.filter(([, id]) => options.get(id).feedback).map(([, id]) => decode(options.get(id).feedback));
}

function search(pattern, text) {
  try {
    return new RegExp(pattern, "u").test(text);
  } catch {
    return false;
  }
}

// One entry per exercise type, the twin of its module in src/uspak/exercises/types/:
// read(ex, response) -> [tokens, whole] or a ResponseError; score(ex, hits, whole); feedback(ex, tokens).
export const TYPES = {
  single_choice: {
    read(ex, response) {
      if (!isText(response) || !response) throw new ResponseError("Choose one of the options.");
      if (!ids(ex.options).includes(response)) throw new ResponseError("Choose one of the options listed.");
      return [[["answer", response]], response];
    },
    score: allOrNothing,
    feedback: optionFeedback,
  },
  multiple_select: {
    read(ex, response) {
      if (!Array.isArray(response) || !response.length) throw new ResponseError("Select at least one option.");
      if (!response.every((r) => isText(r) && ids(ex.options).includes(r))) {
        throw new ResponseError("Select only options listed.");
      }
      if (new Set(response).size !== response.length) throw new ResponseError("Select each option at most once.");
      const picks = [...response].sort(byCodePoint);
      return [picks.map((r) => ["answer", r]), picks.join(",")];
    },
    score(ex, hits) {
      const right = hits.filter(Boolean).length;
      const wrong = hits.length - right;
      const nRight = ex.n_right || 0;
      if (right === nRight && wrong === 0) return verdict("correct", 1, CORRECT);
      const partial = nRight ? Math.max(0, right - wrong) / nRight : 0;
      if (ex.scoring === "partial" && partial > 0) {
        return verdict("partial", partial, `◐ Partly right: ${right} of your choices are right and ${wrong} wrong.`);
      }
      return verdict("incorrect", 0, NOT_QUITE);
    },
    feedback: optionFeedback,
  },
  numeric: {
    read: (ex, response) => one(String(readNumber(ex, response, ex.forms || [], ex.precision ?? 0))),
    score: allOrNothing,
    feedback: noFeedback,
  },
  ordering: {
    read(ex, response) {
      if (!Array.isArray(response) || !response.length) throw new ResponseError("Put the items in order.");
      const expected = ids(ex.items).sort(byCodePoint);
      const given = response.every(isText) ? [...response].sort(byCodePoint) : null;
      if (!given || given.join("\u0000") !== expected.join("\u0000")) {
        throw new ResponseError("Place every item exactly once.");
      }
      return [response.map((r, i) => [String(i), r]), response.join(",")];
    },
    score(ex, hits) {
      const right = hits.filter(Boolean).length;
      if (right === hits.length) return verdict("correct", 1, CORRECT);
      return verdict("incorrect", 0, `✗ Not yet: ${right} of ${hits.length} items are in the right place.`);
    },
    feedback: noFeedback,
  },
  matching: {
    read(ex, response) {
      const isMapping = response !== null && typeof response === "object" && !Array.isArray(response);
      if (!isMapping || !Object.keys(response).length) throw new ResponseError("Match at least one item.");
      for (const [left, right] of Object.entries(response)) {
        if (!ids(ex.left).includes(left) || !isText(right) || !ids(ex.right).includes(right)) {
          throw new ResponseError("Choose matches from the lists given.");
        }
      }
      const pairs = Object.entries(response).sort((a, b) => byCodePoint(a[0], b[0]));
      return [pairs, pairs.map(([l, r]) => `${l}=${r}`).join(",")];
    },
    score(ex, hits) {
      const right = hits.filter(Boolean).length;
      const total = (ex.left || []).length;
      if (right === total) return verdict("correct", 1, CORRECT);
      if (right) return verdict("partial", right / total, `◐ Partly right: ${right} of ${total} pairs are right.`);
      return verdict("incorrect", 0, `✗ Not yet: 0 of ${total} pairs are right.`);
    },
    feedback: noFeedback,
  },
  short_text: {
    read: (ex, response) => one(readText(response)),
    score(ex, hits, whole) {
      const matched = hits.every(Boolean) || (ex.patterns || []).some((p) => search(decode(p), whole));
      return matched ? verdict("correct", 1, CORRECT) : verdict("incorrect", 0, NOT_QUITE);
    },
    feedback: noFeedback,
  },
  code: {
    read: (ex, response) => one(readCodeValue(ex, response)),
    score: allOrNothing,
    feedback: noFeedback,
  },
};

/** Check a response against a compiled exercise: {status, score, message, feedback: [..]}. */
export function checkResponse(ex, response) {
  const kind = Object.hasOwn(TYPES, ex.type) ? TYPES[ex.type] : null;
  if (!kind) return { status: "invalid", score: 0, message: "This exercise cannot be checked here.", feedback: [] };
  let tokens, whole;
  try {
    [tokens, whole] = kind.read(ex, response);
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    return { status: "invalid", score: 0, message: error.message, feedback: [] };
  }
  if (!ex.key) return { status: "recorded", score: 0, message: RECORDED, feedback: [] };
  const key = new Set(ex.key);
  const hits = tokens.map(([slot, token]) => key.has(tokenHash(ex.salt, slot, token)));
  const feedback = kind.feedback(ex, tokens);
  const wrong = (ex.wrong || {})[tokenHash(ex.salt, "wrong", whole)];
  if (wrong) feedback.push(decode(wrong));
  return { ...kind.score(ex, hits, whole), feedback };
}
