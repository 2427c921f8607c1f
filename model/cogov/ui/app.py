"""The trainers' app as a module of the package: ``solara run cogov.ui.app`` (or ``cogov app``).

At ``/`` three pages: *Live* (a community stepping week by week, with map, charts, events and a
verdict), *Compare* (a scenario against a reference over paired replications) and *Explain*
(the mechanisms in plain words), in Chinese or English; at ``/roleplay`` the role-play rooms
(:mod:`cogov.roleplay.pages`). Nothing is computed when this module
is imported: the model is built when a browser opens the page. It ships in the wheel, so
``cogov app`` works from an installed package.
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
