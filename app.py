"""The cogov app for trainers: ``solara run app.py`` (or ``cogov app``) serves it on 127.0.0.1.

Three pages: *Live* (a community stepping week by week, with map and charts), *Compare*
(baseline vs a scenario over paired replications) and *Explain* (the mechanisms in plain
words), in Chinese or English. Nothing is computed when this file is imported: the model is
built when a browser opens the page.
"""

import solara

from cogov.roleplay.pages import RolePlay
from cogov.ui.components import App


@solara.component
def Page():
    """Solara's entry point."""
    App()


@solara.component
def Layout(children=()):  # noqa: B006 - Solara passes the page as children
    """Solara's app layout without a navigation bar: each route is a screen of its own."""
    return solara.AppLayout(children=list(children), navigation=False)


#: The trainers' app at /, the role-play rooms at /roleplay (issue 15).
routes = [
    solara.Route(path="/", component=Page, layout=Layout),
    solara.Route(path="roleplay", component=RolePlay),
]
