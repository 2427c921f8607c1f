"""Matplotlib fonts: use a CJK font (Debian's ``fonts-noto-cjk``) so Chinese labels render."""

from __future__ import annotations

import glob
import threading

import matplotlib as mpl
from matplotlib import font_manager

#: The preferred CJK family, then others that also cover simplified Chinese.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei")
#: Where Debian's fonts-noto-cjk puts its files (matplotlib's cache may predate the install).
_FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-*.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK*.otf",
)
_lock = threading.Lock()
_configured: str | None = None
_done = False


def _known_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def _find_family() -> str | None:
    """Find (once per process) the CJK family to use, adding Debian's files if needed."""
    global _configured, _done
    with _lock:
        if _done:
            return _configured
        known = _known_families()
        if not any(f in known for f in CJK_FAMILIES):
            for pattern in _FONT_GLOBS:
                for path in sorted(glob.glob(pattern)):
                    try:
                        font_manager.fontManager.addfont(path)
                    except (OSError, RuntimeError, ValueError):
                        continue
            known = _known_families()
        _configured = next((f for f in CJK_FAMILIES if f in known), None)
        _done = True
        return _configured


def configure_matplotlib_fonts() -> str | None:
    """Put a CJK family first in matplotlib's sans-serif list; return its name or None.

    Call it before building a figure. The font is looked up once per process, but the
    setting is applied on every call: Solara gives each browser session its own copy of
    matplotlib's rcParams, so a setting made in one session is not seen in another.
    """
    family = _find_family()
    if family is not None and mpl.rcParams["font.sans-serif"][:1] != [family]:
        current = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
        # The CJK family covers Latin text too, so one font serves both languages.
        mpl.rcParams["font.sans-serif"] = [family, *current]
        mpl.rcParams["font.family"] = "sans-serif"
    return family
