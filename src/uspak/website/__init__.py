"""``uspak build``: the course website. The runner lives here; the Sphinx extensions are in
``uspak.sphinxext``.

``build_book`` is exported lazily: ``python -m uspak.website.prefetch`` and
``python -m uspak.website.sphinx_runner`` import this package first, and runpy warns when the
package has already imported the module it is asked to run.
"""

from __future__ import annotations

from uspak.lazy import lazy_exports

_EXPORTS = {"build_book": "uspak.website.builder"}
__all__ = sorted(_EXPORTS)
__getattr__ = lazy_exports(__name__, _EXPORTS)
