/* The page's Python: one Pyodide in a classic Web Worker (importScripts, no ES module), so it
   also starts where module workers are refused. Messages follow
   src/uspak/schemas/pyodide-messages-v1.schema.json; nothing is fetched before "init". */
"use strict";

let pyodide = null;
let runCell = null;
let loadedBytes = 0;
let totalBytes = 0;
let started = 0;

function post(message) { self.postMessage(message); }

function progress(stage) {
  post({ type: "progress", stage, loaded_bytes: loadedBytes, total_bytes: totalBytes,
         seconds: (performance.now() - started) / 1000 });
}

// Count the bytes of every download as they arrive, for the page's loading bar.
const plainFetch = self.fetch.bind(self);
self.fetch = async (url, options) => {
  const response = await plainFetch(url, options);
  if (!response.body) return response;
  const reader = response.body.getReader();
  const counted = new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) { controller.close(); return; }
      loadedBytes += value.length;
      progress("download");
      controller.enqueue(value);
    },
  });
  return new Response(counted, { headers: response.headers, status: response.status,
                                 statusText: response.statusText });
};

const RUNNER = `
import base64, io, sys, traceback
from pyodide.code import eval_code

namespace = {"__name__": "__main__"}

def run_cell(code, names):
    import matplotlib.pyplot as plt
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

async function init(message) {
  started = performance.now();
  totalBytes = message.total_bytes;
  progress("start");
  self.importScripts(message.index_url + "pyodide.js");
  pyodide = await self.loadPyodide({ indexURL: message.index_url });
  progress("packages");
  await pyodide.loadPackage(message.packages, { messageCallback: () => {} });
  // DataFrame.style needs Jinja2 (PyPI's wheel) and MarkupSafe (its pure-Python modules).
  await pyodide.loadPackage(message.index_url + "Jinja2-3.1.3-py3-none-any.whl", { messageCallback: () => {} });
  pyodide.FS.mkdirTree("/home/pyodide/markupsafe");
  for (const name of ["__init__.py", "_native.py"]) {
    const text = await (await plainFetch(message.index_url + "pure/markupsafe/" + name)).text();
    pyodide.FS.writeFile("/home/pyodide/markupsafe/" + name, text);
  }
  const source = await (await plainFetch(message.index_url + "uspak_inpage.py")).text();
  pyodide.FS.mkdirTree("/home/pyodide/uspak");
  pyodide.FS.writeFile("/home/pyodide/uspak/__init__.py", source);
  pyodide.runPython(`
import sys, matplotlib
matplotlib.use("Agg")
sys.path.insert(0, "/home/pyodide")
import uspak
from js import XMLHttpRequest
def _read_text(name, base=${JSON.stringify(message.data_url)}):
    request = XMLHttpRequest.new()
    request.open("GET", base + name, False)
    request.send(None)
    if request.status != 200:
        raise OSError(f"cannot read {name} from the site (HTTP {request.status})")
    return request.responseText
uspak.read_text = _read_text
`);
  pyodide.runPython(RUNNER);
  runCell = pyodide.globals.get("run_cell");
  post({ type: "ready", id: message.id, seconds: (performance.now() - started) / 1000 });
}

function run(message) {
  const begun = performance.now();
  const result = runCell(message.code, pyodide.toPy(message.names || []));
  const plain = result.toJs({ dict_converter: Object.fromEntries });
  result.destroy();
  if (plain.stdout) post({ type: "output", id: message.id, stream: "stdout", text: plain.stdout });
  if (plain.stderr) post({ type: "output", id: message.id, stream: "stderr", text: plain.stderr });
  for (const [mime, data] of plain.displays) post({ type: "display", id: message.id, mime, data });
  post({ type: "done", id: message.id, ok: !plain.error, error: plain.error || null,
         values: plain.values, seconds: (performance.now() - begun) / 1000 });
}

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.type === "init") await init(message);
    else if (message.type === "run") run(message);
    else if (message.type === "reset") {
      pyodide.globals.get("reset")();
      post({ type: "done", id: message.id, ok: true, error: null, values: {}, seconds: 0 });
    }
  } catch (err) {
    post({ type: "failed", id: message.id, message: String(err && err.message || err) });
  }
};
