"""The trainers' app as a module of the package: ``solara run cogov.ui.app`` (or ``cogov app``).

Three pages: *Live* (a community stepping week by week, with map, charts, events and a
verdict), *Compare* (a scenario against a reference over paired replications) and *Explain*
(the mechanisms in plain words), in Chinese or English. Nothing is computed when this module
is imported: the model is built when a browser opens the page. It ships in the wheel, so
``cogov app`` works from an installed package.
"""

import solara

from cogov.ui.components import App


@solara.component
def Page():
    """Solara's entry point."""
    App()
