"""User-interface helpers for the browser app (labels, charts, map)."""
