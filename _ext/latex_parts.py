"""The PDF's structure: the introduction as one chapter, the parts of ``_toc.yml`` as ``\\part``, and the
appendix part lettered A, B, … (LaTeX builder only; the HTML is untouched).

Left alone, Sphinx's LaTeX writer makes a chapter of each ``##`` section of the root page, ignores the
parts, and heads the contents with the first part's caption. This post-transform works on the one
doctree the LaTeX builder assembles from all pages.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape


class LatexParts(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 900

    def run(self, **kwargs) -> None:
        site_map = getattr(self.env, "external_site_map", None)
        top = next(iter(self.document.findall(nodes.section)), None)
        if site_map is None or top is None or not any(True for _ in self.document.findall(addnodes.start_of_file)):
            return  # not the assembled book
        caption_of = {str(tree.items[0]): tree.caption for tree in site_map.root.subtrees if tree.caption and tree.items}
        parts = [child for child in top.children
                 if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]]
        own = [child for child in top.children[1:] if child not in parts]
        if own:  # the root page's text and sections, as one chapter
            chapter = nodes.section(ids=["latex-introduction"])
            chapter += nodes.title(text=self.config.latex_intro_title)
            for child in own:
                top.remove(child)
                chapter += child
            top.insert(1, chapter)
        for part in parts:
            first = next(iter(part.findall(addnodes.start_of_file)), None)
            caption = caption_of.get(first["docname"]) if first is not None else None
            if caption:
                tex = ("\\appendix\n" if caption == self.config.latex_appendix_caption else "") + \
                    f"\\part{{{escape(caption)}}}\n"
                top.insert(top.index(part), nodes.raw("", tex, format="latex"))


def setup(app):
    app.add_config_value("latex_intro_title", "Introduction", "env")
    app.add_config_value("latex_appendix_caption", "Appendix", "env")
    app.add_post_transform(LatexParts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
