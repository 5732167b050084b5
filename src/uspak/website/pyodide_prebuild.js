// Run by uspak.website.pyodide_prebuild at build time, in Node, on the site's own Pyodide:
//   node pyodide_prebuild.js <dist folder> <out folder> <request.json>
// request.json: {"packages": [...], "wheel_urls": [...], "pure": {"<module dir>": [files]},
//                "warm_up": "<python code>"}. Writes into <out folder> what pyodide_prebuild.py
// describes (bytecode/<package>.zip, python_stdlib_pyc.zip, matplotlib-fontlist.json).
"use strict";
const fs = require("fs");
const path = require("path");

(async () => {
  const [dist, out, requestPath] = process.argv.slice(2);
  const request = JSON.parse(fs.readFileSync(requestPath, "utf8"));
  const { loadPyodide } = require(path.join(dist, "pyodide.js"));
  const pyodide = await loadPyodide({ indexURL: dist + path.sep });
  await pyodide.loadPackage(request.packages, { messageCallback: () => {} });
  for (const wheel of request.wheel_urls) {
    await pyodide.loadPackage(path.join(dist, wheel), { messageCallback: () => {} });
  }
  pyodide.globals.set("request_json", JSON.stringify(request));
  pyodide.runPython(fs.readFileSync(path.join(__dirname, "pyodide_prebuild_inside.py"), "utf8"));
  fs.mkdirSync(path.join(out, "bytecode"), { recursive: true });
  const walk = (dir) => {
    for (const name of pyodide.FS.readdir(dir)) {
      if (name === "." || name === "..") continue;
      const full = `${dir}/${name}`;
      if (pyodide.FS.isDir(pyodide.FS.stat(full).mode)) { walk(full); continue; }
      const target = path.join(out, path.relative("/prebuilt", full));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, pyodide.FS.readFile(full));
    }
  };
  walk("/prebuilt");
})().catch((err) => { console.error(String(err && err.stack || err)); process.exit(1); });
