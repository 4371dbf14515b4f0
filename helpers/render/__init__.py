"""Rendering one report: execute the template notebook, export the page, check it, print it.

Papermill is imported here, before any module of this package: importing papermill loads
the engines registered by entry point, one of which is
:class:`helpers.render.papermill_engine.ProvidedKernelEngine`; had that module been
imported first, papermill would find it half-initialised.
"""

import papermill  # noqa: F401
