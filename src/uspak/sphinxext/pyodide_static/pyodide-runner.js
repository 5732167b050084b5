/* "Run" on the lesson's code cells: a classic script (no ES module), so it needs nothing but
   a browser with Web Workers and WebAssembly. Nothing is downloaded before the first click; then
   one worker (pyodide-worker.js) runs every cell of the page, in page order, in one namespace.
   Messages follow src/uspak/schemas/pyodide-messages-v1.schema.json. */
(function () {
  "use strict";
  const script = document.currentScript;
  const staticURL = new URL(".", script ? script.src : location.href);
  const indexURL = new URL("pyodide/", staticURL).href;
  const log = (window.__uspakPyodideMessages = []);  // read by the tests (both directions)
  let worker = null;
  let ready = null;
  let nextId = 1;
  const pending = new Map();
  const cells = [];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children);
    return node;
  }

  function unsupportedReason() {
    if (location.protocol === "file:") return "this page was opened from a file (file://), where browsers do not let a page start Python";
    if (typeof WebAssembly !== "object") return "this browser has no WebAssembly";
    if (typeof Worker !== "function") return "this browser has no Web Workers";
    return "";
  }

  function binderHref() {
    const link = document.querySelector('a[href*="mybinder.org"]');
    return link ? link.href : "";
  }

  function send(message, sink) {
    message.id = nextId++;
    log.push({ direction: "to-worker", message });
    worker.postMessage(message);
    return new Promise((resolve, reject) => pending.set(message.id, { resolve, reject, sink }));
  }

  function start(bar, upTo) {
    if (ready) return ready;
    worker = new Worker(new URL("pyodide-worker.js", staticURL));
    worker.onmessage = (event) => {
      const m = event.data;
      log.push({ direction: "to-page", message: m });
      if (m.type === "progress") {
        bar.hidden = false;
        const mb = (n) => (n / 1e6).toFixed(1);
        bar.querySelector("progress").max = m.total_bytes || 1;
        bar.querySelector("progress").value = Math.min(m.loaded_bytes, m.total_bytes || m.loaded_bytes);
        bar.querySelector("span").textContent =
          `Loading Python: ${mb(m.loaded_bytes)} of ${mb(m.total_bytes)} MB, ${m.seconds.toFixed(1)} s`;
        return;
      }
      if (m.type === "done") bar.hidden = true;
      const waiting = pending.get(m.id);
      if (!waiting) return;
      if (m.type === "output" || m.type === "display") { if (waiting.sink) waiting.sink(m); return; }
      pending.delete(m.id);
      if (m.type === "failed") waiting.reject(new Error(m.message)); else waiting.resolve(m);
    };
    ready = fetch(indexURL + "manifest.json").then((r) => r.json()).then((manifest) => {
      const packages = packagesFor(manifest, cells.slice(0, upTo + 1).map((c) => c.editor.value));
      const files = [...manifest.core, ...packages.flatMap((name) => filesOf(manifest, name))];
      const total = files.reduce((sum, f) => sum + ((manifest.files[f] || {}).bytes || 0), 0);
      return send({ type: "init", index_url: indexURL, data_url: indexURL + "data/", packages,
                    total_bytes: total });
    }).then((m) => { bar.hidden = true; return m; });
    return ready;
  }

  // A first guess, from the text, at the packages the cells about to run import (and what they
  // depend on), so the worker starts downloading them with the core; it checks each cell itself.
  function packagesFor(manifest, codes) {
    const tops = new Set();
    const pattern = /^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import|import[ \t]+([\w., \t]+))/gm;
    for (const code of codes) {
      for (const match of code.matchAll(pattern)) {
        const names = match[1] ? [match[1]] : match[2].split(",").map((n) => n.trim().split(/\s+/)[0]);
        names.forEach((n) => tops.add(n.split(".")[0]));
      }
    }
    const wanted = new Set();
    const add = (name) => {
      if (wanted.has(name) || !manifest.packages[name]) return;
      wanted.add(name);
      manifest.packages[name].depends.forEach(add);
    };
    for (const top of tops) {
      (manifest.page_modules[top] || []).forEach(add);
      for (const [name, info] of Object.entries(manifest.packages)) if (info.imports.includes(top)) add(name);
    }
    return [...wanted].sort();
  }

  function filesOf(manifest, name) {
    const info = manifest.packages[name];
    return [info.wheel, info.bytecode, ...Object.values(info.site_files)].filter(Boolean);
  }

  function show(cell, m) {
    if (m.type === "output") {
      cell.out.append(el("pre", { class: `uspak-run-${m.stream}` }, m.text));
    } else if (m.mime === "image/png") {
      cell.out.append(el("img", { src: `data:image/png;base64,${m.data}`, alt: "Figure drawn by this cell" }));
    } else if (m.mime === "text/html") {
      const box = el("div", { class: "uspak-run-html" });
      box.innerHTML = m.data;  // a DataFrame's table, made by pandas in the page from course data
      cell.out.append(box);
    } else {
      cell.out.append(el("pre", {}, m.data));
    }
  }

  function exerciseFor(code) {
    const match = /^# Exercise (l\d\d-[a-z0-9-]+)/m.exec(code);
    if (!match) return null;
    const root = document.querySelector(`[data-exercise-id="${match[1]}"]`);
    if (!root) return null;
    // The exercise's note names the cell ("# Exercise <id>") and then the result's variable.
    const names = [...root.querySelectorAll("p code")].map((c) => c.textContent);
    const at = names.indexOf(`# Exercise ${match[1]}`);
    const name = at >= 0 ? names[at + 1] : undefined;
    return { id: match[1], root, name };
  }

  async function runOne(cell) {
    const code = cell.editor.value;
    cell.out.replaceChildren();
    cell.out.hidden = false;
    cell.node.dataset.runState = "running";
    running = cell;
    const exercise = exerciseFor(code);
    const message = { type: "run", code, names: exercise && exercise.name ? [exercise.name] : [] };
    const done = await send(message, (m) => show(cell, m));
    if (done.error) {
      cell.out.append(el("pre", { class: "uspak-run-error", role: "alert" }, `${done.error.name}: ${done.error.message}\n\n${done.error.traceback}`));
    }
    if (exercise && exercise.name && done.values[exercise.name] !== undefined) {
      const input = exercise.root.querySelector("input[type=text]");
      if (input) {
        input.value = done.values[exercise.name];
        input.dataset.code = code;  // handed in with the value: exercise.js sends {code, value}
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    cell.ran = !done.error;
    cell.node.dataset.runState = done.error ? "error" : "done";
    return done;
  }

  let queue = Promise.resolve();
  let running = null;  // the cell whose code the worker is running
  let stopButton = null;

  // Stop: end the worker (the only way to interrupt Python there), say so under the cell that
  // was running; the next Run starts a new Python, from the first cell.
  function stop() {
    if (!worker) return;
    worker.terminate();
    worker = null;
    ready = null;
    const stopped = new Error("stopped");
    stopped.stopped = true;
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
    cells.forEach((c) => { c.ran = false; });
    queue = Promise.resolve();
    stopButton.hidden = true;
  }

  function runUpTo(index, bar) {
    const reason = unsupportedReason();
    if (reason) {
      const href = binderHref();
      const note = el("p", { class: "uspak-run-unsupported", role: "status" },
        `The code cannot run here: ${reason}. Serve the site over http (make serve) or `,
        href ? el("a", { href }, "open this lesson in Binder") : "open this lesson in Binder", ".");
      cells[index].out.replaceChildren(note);
      cells[index].out.hidden = false;
      return queue;
    }
    if (stopButton) stopButton.hidden = false;
    const mine = queue.then(() => start(bar, index)).then(async () => {
      for (let i = 0; i <= index; i++) {
        if (i === index || !cells[i].ran) await runOne(cells[i]);
      }
    }).catch((err) => {
      if (err.stopped) {
        const cell = running || cells[index];
        cell.node.dataset.runState = "stopped";
        cell.out.append(el("p", { class: "uspak-run-stopped", role: "status" },
          "Stopped: Python was ended, and what the cells had defined with it. Run starts it again."));
        cell.out.hidden = false;
        bar.hidden = true;
        return;
      }
      cells[index].out.append(el("pre", { class: "uspak-run-error", role: "alert" }, `Python could not start: ${err.message}`));
      cells[index].out.hidden = false;
    }).finally(() => {
      running = null;
      if (stopButton && queue === mine) stopButton.hidden = true;
    });
    queue = mine;
    return queue;
  }

  function setUp() {
    const inputs = [...document.querySelectorAll("div.cell div.cell_input")];
    if (!inputs.length) return;
    const bar = el("div", { class: "uspak-run-progress", hidden: "" }, el("progress", { max: "1", value: "0" }), el("span", { "aria-live": "polite" }, ""));
    inputs.forEach((input, index) => {
      const pre = input.querySelector("pre");
      if (!pre) return;
      const original = pre.textContent.replace(/\n$/, "");
      const editor = el("textarea", { class: "uspak-run-editor", "aria-label": `Code of cell ${index + 1}`, spellcheck: "false", hidden: "" });
      editor.value = original;
      const out = el("div", { class: "uspak-run-output", "aria-live": "polite", hidden: "" });
      const run = el("button", { type: "button", class: "uspak-run-button" }, "Run");
      const edit = el("button", { type: "button", class: "uspak-run-edit" }, "Edit");
      const reset = el("button", { type: "button", class: "uspak-run-reset" }, "Reset");
      const bar2 = el("div", { class: "uspak-run-bar" }, run, edit, reset);
      const cell = { node: input.closest("div.cell"), editor, out, ran: false, original };
      cells.push(cell);
      const position = cells.length - 1;
      run.addEventListener("click", () => runUpTo(position, bar));
      edit.addEventListener("click", () => {
        editor.rows = Math.max(3, editor.value.split("\n").length);
        editor.hidden = !editor.hidden;
        input.querySelector("div.highlight").hidden = !editor.hidden;
        if (!editor.hidden) editor.focus();
      });
      reset.addEventListener("click", () => {
        editor.value = original;
        editor.hidden = true;
        input.querySelector("div.highlight").hidden = false;
        out.replaceChildren();
        out.hidden = true;
        if (worker) {
          cells.forEach((c) => { c.ran = false; });
          queue = queue.then(() => send({ type: "reset" }));
        }
      });
      input.append(editor);
      // After the input, or after the fold of a hidden input, so Run stays visible.
      const holder = input.closest("details") || input;
      holder.after(bar2, out);
    });
    const all = el("button", { type: "button", class: "uspak-run-all" }, "Run all cells");
    all.addEventListener("click", () => runUpTo(cells.length - 1, bar));
    stopButton = el("button", { type: "button", class: "uspak-run-stop", hidden: "" }, "Stop");
    stopButton.addEventListener("click", stop);
    const first = inputs[0].closest("div.cell");
    first.before(el("div", { class: "uspak-run-top" }, all, stopButton, bar));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
