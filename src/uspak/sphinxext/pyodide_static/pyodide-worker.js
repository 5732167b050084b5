/* The page's Python: one Pyodide in a classic Web Worker (importScripts, no ES module), so it
   also starts where module workers are refused. Messages follow
   src/uspak/schemas/pyodide-messages-v1.schema.json; nothing is fetched before "init".
   It loads only what the cells import: manifest.json (schemas/pyodide-manifest-v1) lists each
   package's wheel, its bytecode made at build time and what it depends on. Downloads are kept in
   the browser's Cache Storage (one cache per build), so a second visit reads them from disk, and
   each (but the wasm) is checked against the manifest's sha256 before Python sees it. */
"use strict";

const CACHE_PREFIX = "uspak-pyodide-";
let pyodide = null;
let runCell = null;
let importsOf = null;
let manifest = null;
let indexURL = "";
let cache = null;
let loadedBytes = 0;
let totalBytes = 0;
let started = 0;
const loaded = new Set();
const prefetched = new Map();  // url -> Promise<Response>, started while the core compiles

function post(message) { self.postMessage(message); }

function progress(stage) {
  post({ type: "progress", stage, loaded_bytes: loadedBytes, total_bytes: totalBytes,
         seconds: (performance.now() - started) / 1000 });
}

function stopwatch() {
  const stages = [];
  let last = performance.now();
  return {
    stages,
    lap(stage) {
      const now = performance.now();
      stages.push({ stage, seconds: (now - last) / 1000 });
      last = now;
    },
  };
}

// Count the bytes of a download as they arrive, for the page's loading bar.
function counted(response) {
  if (!response.body) return response;
  const reader = response.body.getReader();
  const body = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) { controller.close(); return; }
      loadedBytes += value.length;
      progress("download");
      controller.enqueue(value);
    },
  });
  return new Response(body, { headers: response.headers, status: response.status,
                              statusText: response.statusText });
}

const plainFetch = self.fetch.bind(self);

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// A site file, checked against the manifest's sha256 (as the build checked it against the
// official lock) before Python sees it, whether it came from the network or the cache.
async function verified(name, response) {
  const expected = (manifest && manifest.files[name] || {}).sha256;
  if (!expected || !self.crypto || !crypto.subtle || !response.ok) return counted(response);
  const buffer = await response.arrayBuffer();
  loadedBytes += buffer.byteLength;
  progress("download");
  const actual = hex(await crypto.subtle.digest("SHA-256", buffer));
  if (actual !== expected) throw new Error(`${name}: sha256 ${actual} is not the manifest's ${expected}`);
  return new Response(buffer, { headers: response.headers, status: response.status,
                                statusText: response.statusText });
}

// The wasm, from Cache Storage or the site, handed over as the browser's own response so that
// it is compiled while it streams in (not hash-checked here: it is the core, like the scripts).
async function wasmFetch(url, options) {
  const hit = cache && await cache.match(url);
  const response = hit || await plainFetch(url, options);
  loadedBytes += Number(response.headers.get("content-length") || 0);
  progress("download");
  if (cache && !hit && response.ok) cache.put(url, response.clone()).catch(() => {});
  return response;
}

// A site file: from this build's Cache Storage if there, else from the site (then kept).
async function siteFetch(url, options) {
  const name = url.startsWith(indexURL) ? url.slice(indexURL.length) : "";
  if (name.endsWith(".wasm")) return wasmFetch(url, options);
  if (!name || !manifest || !manifest.files[name]) return counted(await plainFetch(url, options));
  const hit = cache && await cache.match(url);
  if (hit) return verified(name, hit);
  const checked = await verified(name, await plainFetch(url));
  if (cache) await cache.put(url, checked.clone()).catch(() => {});
  return checked;
}

self.fetch = (url, options) => {
  const key = String(url instanceof Request ? url.url : url);
  if (prefetched.has(key)) {
    const promise = prefetched.get(key);
    prefetched.delete(key);
    return promise;
  }
  return siteFetch(key, options);
};

function prefetch(url) {
  if (!prefetched.has(url)) prefetched.set(url, siteFetch(url));
}

async function openCache() {
  if (!self.caches) return null;  // not a secure context (plain http on another host)
  try {
    const name = CACHE_PREFIX + manifest.build;
    for (const old of await caches.keys()) {
      if (old.startsWith(CACHE_PREFIX) && old !== name) await caches.delete(old);
    }
    return await caches.open(name);
  } catch (err) {
    return null;  // storage refused (private mode, quota): download as usual
  }
}

// The packages ``names`` need, dependencies first, that are not loaded yet.
function closure(names) {
  const order = [];
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !manifest.packages[name]) return;
    seen.add(name);
    for (const dependency of manifest.packages[name].depends) visit(dependency);
    if (!loaded.has(name)) order.push(name);
  };
  names.forEach(visit);
  return order;
}

function filesOf(name) {
  const info = manifest.packages[name];
  return [info.wheel, info.bytecode, ...Object.values(info.site_files)].filter(Boolean);
}

function bytesOf(files) {
  return files.reduce((sum, file) => sum + ((manifest.files[file] || {}).bytes || 0), 0);
}

async function ensurePackages(names, watch) {
  const todo = closure(names);
  if (!todo.length) return;
  const files = todo.flatMap(filesOf);
  totalBytes += bytesOf(files.filter((f) => !prefetched.has(indexURL + f)));
  files.forEach((file) => prefetch(indexURL + file));
  progress("packages");
  const byName = todo.filter((n) => manifest.packages[n].load === "name");
  const byURL = todo.filter((n) => manifest.packages[n].load === "url")
    .map((n) => indexURL + manifest.packages[n].wheel);
  await pyodide.loadPackage([...byName, ...byURL], { messageCallback: () => {} });
  watch.lap("load wheels: " + todo.join(", "));
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const name of todo) {
    const info = manifest.packages[name];
    for (const [target, file] of Object.entries(info.site_files)) {
      const data = new Uint8Array(await (await self.fetch(indexURL + file)).arrayBuffer());
      const path = `${sitePackages}/${target}`;
      pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      pyodide.FS.writeFile(path, data);
    }
    if (info.bytecode) {
      const data = await (await self.fetch(indexURL + info.bytecode)).arrayBuffer();
      pyodide.unpackArchive(data, "zip", { extractDir: sitePackages });
    }
    loaded.add(name);
  }
  watch.lap("bytecode and site files");
}

// The packages a cell's code needs: the modules it imports, mapped through the manifest.
function packagesFor(code) {
  const names = new Set();
  const proxy = importsOf(code);
  const modules = proxy.toJs();
  proxy.destroy();
  for (const module of modules) {
    const top = module.split(".")[0];
    for (const needed of manifest.page_modules[top] || []) names.add(needed);
    for (const [name, info] of Object.entries(manifest.packages)) {
      if (info.imports.includes(top)) names.add(name);
    }
  }
  return { packages: [...names], modules };
}

const RUNNER = `
import ast, base64, importlib, io, os, sys, time, traceback
from pyodide.code import eval_code

os.environ.setdefault("MPLBACKEND", "Agg")  # PNG under the cell; no browser backend
namespace = {"__name__": "__main__"}

def imports_of(code):
    """The modules a cell imports, by full dotted name (none if it does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return list(dict.fromkeys(found))

def pre_import(modules):
    """Import what the cell imports, timed one by one (the cell's own import then is instant);
    a module that fails is left for the cell to report."""
    stages = []
    for name in modules:
        if name in sys.modules:
            continue
        begun = time.perf_counter()
        try:
            importlib.import_module(name)
        except BaseException:
            continue
        stages.append({"stage": "import " + name, "seconds": time.perf_counter() - begun})
    return stages

def run_cell(code, names):
    out, err = io.StringIO(), io.StringIO()
    displays = []
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    error = None
    try:
        value = eval_code(code, namespace)
        if value is not None:
            html = getattr(value, "_repr_html_", None)
            text = html() if callable(html) else None
            displays.append(("text/html", text) if text else ("text/plain", repr(value)))
    except BaseException as exc:
        tb = traceback.format_exception(type(exc), exc, exc.__traceback__)
        # Drop the runner's own frames: the student's cell is what matters.
        lines = [l for l in tb if "/lib/python" not in l and "pyodide/" not in l]
        error = {"name": type(exc).__name__, "message": str(exc), "traceback": "".join(lines)}
    finally:
        sys.stdout, sys.stderr = old
    plt = sys.modules.get("matplotlib.pyplot")  # only a cell that drew has figures
    if plt is not None:
        for number in plt.get_fignums():
            buffer = io.BytesIO()
            plt.figure(number).savefig(buffer, format="png", bbox_inches="tight")
            displays.append(("image/png", base64.b64encode(buffer.getvalue()).decode()))
        plt.close("all")
    values = {n: str(namespace[n]) for n in names if n in namespace}
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "displays": displays,
            "error": error, "values": values}

def reset():
    namespace.clear()
    namespace["__name__"] = "__main__"
`;

function pageModuleSetUp(dataURL) {
  return `
import sys
from js import XMLHttpRequest
sys.path.insert(0, "/home/pyodide")
def _read_text(name, base=${JSON.stringify(dataURL)}):
    request = XMLHttpRequest.new()
    request.open("GET", base + name, False)
    request.send(None)
    if request.status != 200:
        raise OSError(f"cannot read {name} from the site (HTTP {request.status})")
    return request.responseText
import uspak
uspak.read_text = _read_text
`;
}

let dataURL = "";
let pageModulesReady = false;

async function init(message) {
  started = performance.now();
  const watch = stopwatch();
  indexURL = message.index_url;
  dataURL = message.data_url;
  progress("start");
  manifest = await (await plainFetch(indexURL + "manifest.json")).json();
  cache = await openCache();
  // Start every download the first cells need now, so they arrive while the core compiles.
  prefetch(indexURL + manifest.stdlib);
  const wanted = closure(message.packages);
  const files = ["pyodide.asm.js", "pyodide.asm.wasm", manifest.stdlib, ...wanted.flatMap(filesOf)];
  totalBytes = bytesOf(files);
  wanted.flatMap(filesOf).forEach((file) => prefetch(indexURL + file));
  watch.lap("manifest and cache");
  self.importScripts(indexURL + "pyodide.js");
  pyodide = await self.loadPyodide({
    indexURL, stdLibURL: indexURL + manifest.stdlib, env: { MPLBACKEND: "Agg", HOME: "/home/pyodide" },
  });
  watch.lap("core: pyodide.asm.js, wasm compile, standard library");
  pyodide.runPython(RUNNER);
  runCell = pyodide.globals.get("run_cell");
  importsOf = pyodide.globals.get("imports_of");
  const source = await (await siteFetch(indexURL + "uspak_inpage.py")).text();
  pyodide.FS.mkdirTree("/home/pyodide/uspak");
  pyodide.FS.writeFile("/home/pyodide/uspak/__init__.py", source);
  await ensurePackages(message.packages, watch);
  post({ type: "ready", id: message.id, seconds: (performance.now() - started) / 1000,
         stages: watch.stages, cached: Boolean(cache) });
}

async function run(message) {
  const begun = performance.now();
  const watch = stopwatch();
  const { packages, modules } = packagesFor(message.code);
  await ensurePackages(packages, watch);
  if (!pageModulesReady && modules.some((m) => manifest.page_modules[m.split(".")[0]])) {
    pyodide.runPython(pageModuleSetUp(dataURL));
    pageModulesReady = true;
    watch.lap("import uspak");
  }
  const imported = pyodide.globals.get("pre_import")(pyodide.toPy(modules));
  const stages = [...watch.stages, ...imported.toJs({ dict_converter: Object.fromEntries })];
  imported.destroy();
  const ranAt = performance.now();
  const result = runCell(message.code, pyodide.toPy(message.names || []));
  const plain = result.toJs({ dict_converter: Object.fromEntries });
  result.destroy();
  stages.push({ stage: "run", seconds: (performance.now() - ranAt) / 1000 });
  if (plain.stdout) post({ type: "output", id: message.id, stream: "stdout", text: plain.stdout });
  if (plain.stderr) post({ type: "output", id: message.id, stream: "stderr", text: plain.stderr });
  for (const [mime, data] of plain.displays) post({ type: "display", id: message.id, mime, data });
  post({ type: "done", id: message.id, ok: !plain.error, error: plain.error || null,
         values: plain.values, seconds: (performance.now() - begun) / 1000, stages });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "init") await init(message);
    else if (message.type === "run") await run(message);
    else if (message.type === "reset") {
      pyodide.globals.get("reset")();
      post({ type: "done", id: message.id, ok: true, error: null, values: {}, seconds: 0 });
    }
  } catch (err) {
    post({ type: "failed", id: message.id, message: String(err && err.message || err) });
  }
};
