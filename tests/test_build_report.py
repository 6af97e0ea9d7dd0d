"""What `make book` says when a build breaks: the glue names no chapter defines, and Sphinx's own error, each in
a line that names the file (scripts/build_book.py reads the log Sphinx wrote)."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
build_book = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_book)

GLUE_LOG = f"""Running Sphinx v7.4.7
reading sources... [100%] book/themes
{ROOT}/book/themes.md:64: WARNING: No key 'extra_sentnce' found in glue data for this document. [mystnb.glue]
writing output... [100%] book/themes
build succeeded, 1 warning.
"""

EXCEPTION_LOG = """reading sources... [ 40%] book/slogans
Exception occurred:
  File "/usr/lib/python3/dist-packages/myst_nb/core/execute/cache.py", line 83, in start_client
    raise ExecutionError(msg)
myst_nb.core.execute.base.ExecutionError: Executing notebook failed: CellExecutionError
The full traceback has been saved in /tmp/sphinx-err-x1y2.log, if you want to report the issue to the developers.
Please also report this if it was a user error, so that a better error message can be provided next time.
A bug report can be filed in the tracker at <https://github.com/sphinx-doc/sphinx/issues>. Thanks!
"""


def test_a_misspelled_glue_name_fails_the_build_in_one_line():
    problems = build_book.build_problems(GLUE_LOG, 0)  # Sphinx itself exits 0 on it
    assert problems == ["book/themes.md:64: no chapter glues 'extra_sentnce' (a misspelled name, or a glue() call "
                        "that did not run)"]


def test_a_sphinx_exception_is_named_by_its_own_line_not_sphinxs_plea():
    problems = build_book.build_problems(EXCEPTION_LOG, 2)
    assert problems == ["the build failed: myst_nb.core.execute.base.ExecutionError: Executing notebook failed: "
                        "CellExecutionError"]


def test_a_strict_build_names_its_warnings_and_a_clean_log_names_nothing():
    strict = f"{ROOT}/book/atlas.md:12: WARNING: undefined label: 'fig-atlas'\nbuild finished with problems.\n"
    assert build_book.build_problems(strict, 1) == ["book/atlas.md:12: undefined label: 'fig-atlas'"]
    assert build_book.build_problems("build succeeded.\n", 0) == []


def test_a_warning_without_a_place_is_named_too():
    log = "WARNING: unknown config value 'comments_config' in override, ignoring\nbuild finished with problems.\n"
    assert build_book.build_problems(log, 1) == ["unknown config value 'comments_config' in override, ignoring"]
