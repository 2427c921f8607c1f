"""The cogov app for trainers: ``solara run app.py`` (or ``cogov app``) serves it on 127.0.0.1.

Three pages: *Live* (a community stepping week by week, with map and charts), *Compare*
(baseline vs a scenario over paired replications) and *Explain* (the mechanisms in plain
words), in Chinese or English. Nothing is computed when this file is imported: the model is
built when a browser opens the page.
"""

import solara

from cogov.ui.components import App


@solara.component
def Page():
    """Solara's entry point."""
    App()
