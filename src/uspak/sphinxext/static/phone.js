// Phones (uspak.sphinxext.phone_layout): a visible cue on table boxes that scroll sideways, and
// an "Open full size" button that opens a chart at its full size. A classic script, so that a copy of
// the site opened from disk runs it too.
(function () {
  "use strict";
  const BOXES = ".bd-article .pst-scrollable-table-container, .bd-article .cell_output .output.text_html";
  const CHARTS = ".bd-article .cell_output img, .bd-article figure img";

  // Every box is measured first and changed after: a measure between two changes would make the
  // browser lay the whole page out again for each box (half a second on a slow phone).
  function markAll() {
    const boxes = [...document.querySelectorAll(BOXES)].filter((box) => box.querySelector("table"));
    const scrolls = boxes.map((box) => box.scrollWidth > box.clientWidth + 1);
    const ends = boxes.map((box) => box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    boxes.forEach((box, i) => markScrolling(box, scrolls[i], ends[i]));
  }

  function markScrolling(box, scrolls, atTheEnd) {
    let frame = box.parentElement.classList.contains("uspak-scroll-box") ? box.parentElement : null;
    if (!frame && !scrolls) return;
    if (!frame) {
      frame = document.createElement("div");
      frame.className = "uspak-scroll-box";
      const hint = document.createElement("p");
      hint.className = "uspak-scroll-hint";
      hint.textContent = "Wide table: scroll sideways for more columns →";
      box.replaceWith(frame);
      frame.append(hint, box);
      box.addEventListener("scroll", () => atEnd(box, frame), { passive: true });
    }
    frame.classList.toggle("uspak-fits", !scrolls);
    box.classList.toggle("uspak-scrolls", scrolls);
    // A box that scrolls must be reachable by keyboard (arrow keys scroll it), and named.
    if (scrolls && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    if (scrolls && !box.hasAttribute("role")) box.setAttribute("role", "region");
    if (scrolls && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", "Table, scrolls sideways");
    frame.classList.toggle("uspak-at-end", atTheEnd);
  }

  function atEnd(box, frame) {
    frame.classList.toggle("uspak-at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  }

  function dialog() {
    let found = document.querySelector("dialog.uspak-zoom-dialog");
    if (found) return found;
    found = document.createElement("dialog");
    found.className = "uspak-zoom-dialog";
    found.setAttribute("aria-label", "Chart at full size");
    found.innerHTML = '<div class="uspak-zoom-bar"><p>Full size: scroll or pinch to move around.</p>' +
      '<button type="button">Close</button></div>' +
      '<div class="uspak-zoom-image" tabindex="0" role="region" aria-label="Chart, full size"></div>';
    found.querySelector("button").addEventListener("click", () => found.close());
    found.addEventListener("click", (event) => { if (event.target === found) found.close(); });
    document.body.append(found);
    return found;
  }

  function enlarge(img) {
    const box = dialog();
    const copy = document.createElement("img");
    copy.src = img.currentSrc || img.src;
    copy.alt = img.alt;
    box.querySelector(".uspak-zoom-image").replaceChildren(copy);
    box.showModal();
  }

  function addEnlarge(img) {
    if (img.dataset.uspakZoom) return;
    img.dataset.uspakZoom = "1";
    img.classList.add("uspak-zoomable");
    img.addEventListener("click", () => enlarge(img));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "uspak-enlarge";
    button.textContent = "Open full size";
    button.addEventListener("click", () => enlarge(img));
    const figure = img.closest("figure");
    if (figure && figure.querySelector("figcaption")) figure.querySelector("figcaption").before(button);
    else img.after(button);
  }

  function run() {
    markAll();
    document.querySelectorAll(CHARTS).forEach(addEnlarge);
  }

  const remeasure = markAll;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
  // Web fonts and images change widths after the first layout: measure the boxes again then.
  window.addEventListener("load", remeasure);
  if (document.fonts) document.fonts.ready.then(remeasure);
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(remeasure);
  });
})();
