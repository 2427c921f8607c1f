"""Chinese renders in matplotlib charts with a CJK font, with no missing-glyph warning."""

import glob
import io
import warnings

import pytest
from matplotlib.figure import Figure

from cogov.ui.fonts import configure_matplotlib_fonts
from cogov.ui.labels import LABELS

HAVE_CJK = bool(glob.glob("/usr/share/fonts/**/NotoSansCJK*", recursive=True))


@pytest.mark.skipif(
    not HAVE_CJK, reason="fonts-noto-cjk not installed: run scripts/setup-browser.sh"
)
def test_chinese_text_renders_without_missing_glyphs():
    family = configure_matplotlib_fonts()
    assert family == "Noto Sans CJK SC"
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    zh = [entry["zh"] for entry in LABELS.values()]
    ax.set_title("；".join(zh[:20]))
    ax.set_xlabel("".join(zh[20:60]))
    ax.plot([0, 1], [-1, 1], label="负数 −1")
    ax.legend()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
