"""A figure's image gets its caption as alternative text.

A glued figure's image has no ``alt`` of its own, so the HTML writer falls back
to its file name (``../_images/<sha256>.png``), which a screen reader reads out.
This transform gives every image in a figure that lacks one the figure's
caption, which says what the image shows.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

MAX_ALT = 400  # characters: a caption's first sentences, not a paragraph of notes


class FigureAlt(SphinxPostTransform):
    default_priority = 20  # after myst-nb has put the glued outputs in place

    def run(self, **kwargs) -> None:
        for figure in self.document.findall(nodes.figure):
            captions = list(figure.findall(nodes.caption))
            if not captions:
                continue
            text = " ".join(captions[0].astext().split())
            if len(text) > MAX_ALT:
                text = text[:MAX_ALT].rsplit(" ", 1)[0] + "…"
            for image in figure.findall(nodes.image):
                if not image.get("alt") or image.get("alt") == image.get("uri"):
                    image["alt"] = text


def setup(app):
    app.add_post_transform(FigureAlt)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
