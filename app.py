"""Kept for ``solara run app.py`` from a checkout: the app is :mod:`cogov.ui.app`.

Prefer ``cogov app`` (or ``make app``): it binds 127.0.0.1 unless ``--host`` says otherwise,
caps each session's residents and frees closed sessions within minutes.
"""

from cogov.ui.app import Layout, Page, routes  # noqa: F401
