"""Role-play: trainees play the stakeholders against the simulated community.

The firm, the owners' committee, the RC, a paired unit and a resident representative, each
in their own browser. ``roles`` (decision forms and bounds), ``levers`` (how a decision acts
on the model's state), ``engine`` (playing rounds; replay), ``store`` (a room's SQLite log),
``room`` (seats, tokens, rounds), ``manager`` (a server's rooms, workers, timers),
``debrief`` (the played game against the all-model game), ``pages`` (the Solara screens).
See docs/ROLEPLAY.md.
"""
