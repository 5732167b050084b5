"""What report.html and the HTML feedback share: the style sheet and the escaping of text.

The style sheet is inline (no file to lose, no request), readable at 390 px and in print.
"""

from __future__ import annotations

import functools
import html

from uspak.ids import printable

CSS = """
:root{--ink:#1a1a1a;--muted:#555;--bar:#1f5f99;--flag:#8a1c1c;--line:#ccc;--bg:#fff}
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;color:var(--ink);background:var(--bg);margin:0 auto;
max-width:60rem;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-top:1px solid var(--line);
padding-top:1rem}h3{font-size:1.1rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.2rem .4rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-weight:600}
.bars{display:grid;grid-template-columns:minmax(4rem,10rem) 1fr;gap:.2rem .5rem;
align-items:center;margin:.5rem 0}
.bars .label{overflow-wrap:anywhere;font-size:.85rem}
.track{background:#eee;height:1.1rem;width:100%}
.fill{background:var(--bar);height:100%}
.flag{color:var(--flag);font-weight:600}
code,.answer{overflow-wrap:anywhere;white-space:pre-wrap;font-family:ui-monospace,monospace}
@media print{body{max-width:none;font-size:11pt}h2{break-before:auto}figure,table{
break-inside:avoid}.track{border:1px solid #000}.fill{print-color-adjust:exact;
-webkit-print-color-adjust:exact}}
"""


def e(text: object) -> str:
    """Escaped and printable: the only way student-supplied text enters the page."""
    return _escaped(str(text))


@functools.lru_cache(maxsize=8192)
def _escaped(text: str) -> str:
    # Line breaks stay (HTML shows them as spaces, <pre> as breaks); each line is made printable
    # on its own, as ``printable`` checks a whole line at C speed and only then goes by character.
    # Cached: a bank's prompts and explanations recur in every student's feedback.
    return html.escape("\n".join(printable(line) for line in text.split("\n")), quote=True)


def pct(share: float | None) -> str:
    return "not recorded" if share is None else f"{share * 100:.0f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"
