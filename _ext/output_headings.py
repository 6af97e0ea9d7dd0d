"""Headings that a chapter's code prints (a profile per document or province) become real sections.

myst-nb renders a heading inside a cell's Markdown output as a rubric: it shows as a heading, but it is
not numbered and is in no PDF bookmark. When a cell's output holds rubrics and the cell
ends its section, this transform turns each rubric and what follows it into a section, keeping the
rubric's id, so that links to ``#chongqing`` still work.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


def _is(node: nodes.Node, css: str) -> bool:
    return isinstance(node, nodes.container) and css in node.get("classes", [])


class OutputHeadings(SphinxPostTransform):
    default_priority = 10  # after myst-nb picks each output's format (SelectMimeType, 4), which makes the rubrics

    def run(self, **kwargs) -> None:
        for cell in list(self.document.findall(lambda n: _is(n, "cell"))):
            outputs = [child for child in cell.children if _is(child, "cell_output")]
            parent = cell.parent
            if (len(outputs) != 1 or not isinstance(parent, nodes.section)
                    or not any(isinstance(child, nodes.rubric) for child in outputs[0].children)):
                continue
            at = parent.index(cell)
            if any(not isinstance(sibling, nodes.section) for sibling in parent.children[at + 1:]):
                continue  # sections must come after every paragraph of their parent
            before, sections = [], []
            for child in list(outputs[0].children):
                if isinstance(child, nodes.rubric):
                    section = nodes.section(ids=list(child["ids"]), names=list(child["names"]))
                    section += nodes.title(child.astext(), "", *child.children)
                    for ref_id in section["ids"]:
                        self.document.ids[ref_id] = section
                    sections.append(section)
                elif sections:
                    sections[-1] += child
                else:
                    before.append(child)
            parent.remove(cell)
            if before:
                outputs[0].children = []
                outputs[0].extend(before)
                parent.insert(at, cell)
                at += 1
            for offset, section in enumerate(sections):
                parent.insert(at + offset, section)


def setup(app):
    app.add_post_transform(OutputHeadings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
