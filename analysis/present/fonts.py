"""A Chinese font for figures: find one, register it with matplotlib, extract its Simplified face.

Matplotlib's default DejaVu Sans has no Han glyphs, so every label in Chinese
would render as boxes. ``cjk_font_path`` finds an installed CJK font (or the
one ``$ANALYSIS_CJK_FONT`` names), ``use_cjk_font`` makes matplotlib use it
with settings that keep saved figures byte-identical between runs, and
``simplified_face_path`` gives wordcloud (which reads only face 0 of a font
collection, the Japanese face of Noto CJK) a file holding the SC face alone.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import matplotlib as mpl
from fontTools.ttLib import TTCollection
from matplotlib import font_manager

from ..engine.publish import write_file
from ..errors import CorpusError
from ..paths import FONT_ENV, cjk_font_override, pin_source_date
from ..paths import cache_dir as cache_dir_default

# Simplified Chinese faces first; the order is the order of preference.
PREFERRED_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "PingFang SC")
KNOWN_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # Debian, Ubuntu: fonts-noto-cjk
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),  # Arch: noto-fonts-cjk
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),  # Fedora: google-noto-cjk-fonts
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),  # Debian: fonts-wqy-zenhei
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # Debian: fonts-wqy-microhei
    Path("/System/Library/Fonts/PingFang.ttc"),  # macOS
)
INSTALL = "run `apt-get install fonts-noto-cjk` (Debian/Ubuntu)"
COLLECTION_SUFFIXES = (".ttc", ".otc")
# Fixed output settings: the same figure saves to the same bytes on every run.
DETERMINISTIC_RC = {"svg.hashsalt": "analysis", "figure.dpi": 100, "savefig.dpi": 200, "axes.unicode_minus": False,
                    "text.parse_math": False}  # labels are plain text: a "$" in a title is a dollar sign, not math


def cjk_font_path() -> Path:
    """The CJK font file to use: ``$ANALYSIS_CJK_FONT``, else the first installed preferred family.

    Raises :class:`~analysis.errors.CorpusError` naming the package to install
    when no Chinese font is found, rather than drawing boxes.
    """
    if (path := cjk_font_override()):
        if not path.is_file():
            raise CorpusError(path, f"{FONT_ENV} names a font file that does not exist",
                              f"point it at an existing .ttc/.otf/.ttf file, or unset it and {INSTALL}")
        return path
    for family in PREFERRED_FAMILIES:
        if (files := _matplotlib_files(family) or _fontconfig_files(family)):
            return files[0]
    for path in KNOWN_PATHS:
        if path.is_file():
            return path
    raise CorpusError(KNOWN_PATHS[0], "no Chinese (CJK) font is installed, so Chinese labels would draw as boxes",
                      f"{INSTALL}, or set {FONT_ENV} to a .ttc/.otf/.ttf with Chinese glyphs")


def _matplotlib_files(family: str) -> list[Path]:
    """Files of a family's regular face in matplotlib's font list (built from the system fonts)."""
    entries = font_manager.fontManager.ttflist
    return sorted({Path(e.fname) for e in entries if e.name == family and e.weight in (400, "normal") and e.style == "normal"})


def _fontconfig_files(family: str) -> list[Path]:
    """Files of a family's regular face according to fc-list (matplotlib's cache may predate the install)."""
    if not shutil.which("fc-list"):
        return []
    result = subprocess.run(["fc-list", f":family={family}:style=Regular", "file"], capture_output=True, text=True,
                            check=False)
    return sorted({Path(line.rstrip().rstrip(":")) for line in result.stdout.splitlines() if line.strip()})


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with the CJK font and save deterministically; return the family name.

    PNG files carry no timestamp (Agg writes only a ``Software`` key); SVG ids
    come from ``svg.hashsalt``; ``SOURCE_DATE_EPOCH`` (kept if already set)
    fixes the date that SVG and PDF files record.
    """
    family = _register(cjk_font_path())
    fallbacks = [f for f in mpl.rcParams["font.sans-serif"] if f != family]
    mpl.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [family, *fallbacks], **DETERMINISTIC_RC})
    pin_source_date()
    return family


@cache
def _register(path: Path) -> str:
    """Add a font file's faces to matplotlib once; the preferred family among them (else its first face)."""
    manager = font_manager.fontManager
    if not any(Path(e.fname) == path for e in manager.ttflist):
        manager.addfont(path)
    families = list(dict.fromkeys(e.name for e in manager.ttflist if Path(e.fname) == path))
    return next((f for f in PREFERRED_FAMILIES if f in families), families[0])


def simplified_face_path(cache_dir: Path | None = None) -> Path:
    """A single-face font file holding the collection's Simplified Chinese face (cached).

    PIL, and so wordcloud, opens face 0 of a ``.ttc``: for Noto Sans CJK that is
    the Japanese face, whose glyph shapes differ from Chinese ones. A plain
    ``.otf``/``.ttf`` is returned unchanged. The extracted face is written
    atomically under ``cache_dir`` (default: the analysis cache's ``fonts/``).
    """
    source = cjk_font_path()
    if source.suffix.lower() not in COLLECTION_SUFFIXES:
        return source
    cache_dir = Path(cache_dir) if cache_dir else cache_dir_default() / "fonts"
    with TTCollection(source, lazy=True) as collection:
        families = [face["name"].getBestFamilyName() for face in collection.fonts]
        index = _simplified_index(families)
        face = collection.fonts[index]
        suffix = ".ttf" if "glyf" in face else ".otf"
        # the source's size in the name, so an upgraded system font is extracted again
        target = cache_dir / f"{source.stem}-{_slug(families[index])}-{source.stat().st_size}{suffix}"
        if not target.is_file():
            extracted = io.BytesIO()
            face.save(extracted)
            write_file(target, extracted.getvalue())
    return target


def _simplified_index(families: list[str]) -> int:
    """The face to extract: the first preferred family, else any '… SC' face, else face 0."""
    for wanted in PREFERRED_FAMILIES:
        if wanted in families:
            return families.index(wanted)
    return next((i for i, family in enumerate(families) if family.endswith(" SC")), 0)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", name)
