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


def configure_matplotlib_fonts() -> str | None:
    """Put a CJK family first in matplotlib's sans-serif list; return its name or None.

    Safe to call many times (the work is done once per process). When the font files are
    installed but matplotlib's font cache predates them, they are added to the font manager.
    """
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
        family = next((f for f in CJK_FAMILIES if f in known), None)
        if family is not None:
            current = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
            # The CJK family covers Latin text too, so one font serves both languages.
            mpl.rcParams["font.sans-serif"] = [family, *current]
            mpl.rcParams["font.family"] = "sans-serif"
        _configured = family
        _done = True
        return family
