"""Fast repeated rendering of a matplotlib figure to PNG (blitting on the Agg canvas).

Drawing text (tick labels, titles, legends) is most of the cost of a matplotlib frame. A
live chart changes only its lines from one week to the next, so the figure is drawn in full
once, without its *animated* artists, and kept as a background; each later frame restores
the background and draws only the animated artists on it. A full redraw happens only when
something static changes (axis limits, language, metric): the caller says so by passing a
different ``layout_key``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Hashable, Sequence

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

#: zlib level of the PNGs sent to the browser: fast to encode, a little larger.
PNG_COMPRESS_LEVEL = 1


class BlitFigure:
    """A figure whose animated artists are redrawn on a cached background.

    Args:
        figure: the figure (it gets an Agg canvas).
        animated: the artists that change from frame to frame.
    """

    def __init__(self, figure: Figure, animated: Sequence[Artist]):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self._background = None
        self._layout_key: Hashable = object()
        self.full_redraws = 0

    def render(self, layout_key: Hashable = None) -> bytes:
        """Draw the frame and return it as PNG bytes; redraw everything if the key changed."""
        if self._background is None or layout_key != self._layout_key:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._layout_key = layout_key
            self.full_redraws += 1
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self.animated:
            if artist.get_visible():
                artist.draw(renderer)
        return encode_png(self.canvas)


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas's current pixels as PNG bytes."""
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def figure_png(figure: Figure) -> bytes:
    """Render a figure once (no blitting) and return PNG bytes."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return encode_png(canvas)


def data_url(png: bytes) -> str:
    """A ``data:`` URL of PNG (or SVG) bytes, for an ``<img src=...>``."""
    kind = "svg+xml" if png[:5] in (b"<?xml", b"<svg ") else "png"
    return f"data:image/{kind};base64," + base64.b64encode(png).decode("ascii")
