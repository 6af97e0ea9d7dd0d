"""Who wrote a text, from where: the author's post (the closing author line), its province and its level.

- ``author_line``: the closing ``（作者为…）`` line in its variants (``作者系``, ``作者单位``,
  ``作者分别为``, other brackets, broken over two lines) or a unit byline ``（中共××县委组织部）``;
- ``province_of``: the province of a post. Cities and counties map to their province through
  the adcode gazetteer bundled with ``cpca`` (no table written here); central organs get none;
- ``level_of``: provincial leadership, city or county (``local``), central department,
  state firm, university or army (``institution``), ``none`` (no post: editorial) or ``unknown``
  (a post with no province).

Every function is pure; the gazetteer is loaded once per process.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from types import ModuleType

OPEN, CLOSE = "（(［[〔【", "）)］]〕】"
TAG = re.compile(r"<[^>]+>")
AUTHOR = re.compile(  # （作者为…） （作者单位：…） ［作者分别为…；…］ （本文系…成果；作者为…）
    r"^[（(［\[〔【]\s*(?:本文[系为][^；;。]*[；;。]\s*)?作者\s*"
    r"(?P<kind>分别为|分别系|为|系|是|单位分别为|单位分别是|单位为|单位)\s*[：:]?\s*(?P<post>.+?)\s*[）)］\]〕】]$"
)
UNIT = re.compile(  # （中共漳州市诏安县委组织部） （中共遵化市委组织部 王国梅）
    r"^[（(［\[](?:执笔人?[：:])?(?P<post>[^\s：:，。]{2,40}?(?:委员会|委|党组|党委|工委|部|局|公司|集团|医院|联络处)"
    r"(?:[、，][^（）()\s]+)?)(?:\s+[\u4e00-\u9fff][\u4e00-\u9fff、 ]{0,30})?[）)］\]]$"
)
NOT_UNIT = re.compile(r"^[（(](?:[一二三四五六七八九十]+[）)]|课题组|调研组|注[：:]|转自|新华社|本刊)")
ORGAN = re.compile(r"中共|党委|党组|组织部|委员会|工委|研究会|政府|集团|公司|大学|学院|党校|研究所|研究中心|纪念馆|局$")
EDITORIAL = re.compile(r"^(?:本刊|仲祖文|新华社|人民日报评论员)")


@dataclass(frozen=True)
class AuthorLine:
    """A closing author line: its text, its form (为, 单位, 分别为 … or ``unit``) and one post per author."""

    line: str
    kind: str
    posts: tuple[str, ...]


def is_author_line(line: str) -> bool:
    """A line that only names the author's post or unit (it belongs to the metadata, not to the body)."""
    line = TAG.sub("", line).strip()
    return bool(AUTHOR.match(line) or (UNIT.match(line) and not NOT_UNIT.match(line)))


def closing_lines(text: str, count: int = 3) -> list[str]:
    """The last non-empty lines of a text, tags stripped, a bracket broken over two lines joined."""
    joined: list[str] = []
    for line in filter(None, (TAG.sub("", line).strip() for line in text.splitlines()[-40:])):
        if joined and joined[-1][:1] in OPEN and _depth(joined[-1]) > 0:
            joined[-1] += line
        else:
            joined.append(line)
    return joined[-count:]


def _depth(text: str) -> int:
    return sum(c in OPEN for c in text) - sum(c in CLOSE for c in text)


def split_posts(text: str) -> tuple[str, ...]:
    """One post per author (``A；B``), semicolons inside brackets kept."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char in "（(") - (char in "）)")
        if char in "；;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return tuple(p.strip(" ，,。") for p in [*parts, current] if p.strip(" ，,。"))


def author_line(text: str) -> AuthorLine | None:
    """The author line among a text's last three lines (nearest the end first), else a unit byline on the last."""
    tail = closing_lines(text)
    for line in reversed(tail):
        if (match := AUTHOR.match(line)):
            return AuthorLine(line, match["kind"], split_posts(match["post"]))
    if tail and not NOT_UNIT.match(tail[-1]) and (match := UNIT.match(tail[-1])):
        return AuthorLine(tail[-1], "unit", (match["post"],))
    return None


def byline_posts(author: str) -> tuple[str, ...]:
    """The unit(s) a metadata author names (``中共江苏省委组织部 省委两新工委``); () for a person or the editors."""
    author = author.strip()
    if not author or author.startswith(("（", "(")) or EDITORIAL.match(author) or not ORGAN.search(author):
        return ()
    return tuple(part for part in author.split() if len(part) >= 2)


# -- province ---------------------------------------------------------------------------------------------------

CENTRAL = re.compile(  # central organs and national bodies: no province, whatever place name follows (中国延安干部学院)
    r"^(?:中共中央|中央|国务院|全国|中华全国|国家|最高人民|中国|人民日报|新华社|求是|红旗文稿|光明日报|经济日报|习近平"
    r"|军委|解放军|武警|(?:中共)?(?:外交|国防|教育|科学技术|工业和信息化|公安|民政|司法|财政|人力资源和?社会保障"
    r"|自然资源|生态环境|住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理)部|海关总署)"
)
GENERIC = {"县", "市辖区", "省直辖县级行政区划", "自治区直辖县级行政区划"}  # cpca lists 500200 (Chongqing's counties) as 县
NOT_MAINLAND = ("71", "81", "82")  # Taiwan, Hong Kong, Macao


@cache
def gazetteer() -> ModuleType:
    """cpca, whose import builds its Aho–Corasick matcher over the bundled adcode table (once per process)."""
    with warnings.catch_warnings():  # cpca 0.5.5 imports pkg_resources, which warns that it is deprecated
        warnings.simplefilter("ignore")
        import cpca
    return cpca


def short_name(full: str) -> str:
    """吉林省 → 吉林, 内蒙古自治区 → 内蒙古, 北京市 → 北京, by the gazetteer's own rule."""
    return gazetteer().matcher._abbr_name(full)


@dataclass(frozen=True)
class Place:
    """Where a post sits: province and city (short names), where its first city or county name starts, and the
    ``(province, city)`` candidates when that name exists in several provinces (江北区: 宁波 and 重庆)."""

    province: str | None
    city: str | None = None
    local_pos: int = -1
    candidates: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=8192)
def place_of(post: str) -> Place:
    """Locate a post with the gazetteer (cpca's matcher, pinned: its private API tells positions and ambiguity)."""
    post = post.removeprefix("原")
    if not post or CENTRAL.match(post):
        return Place(None)
    cpca = gazetteer()
    first = next(iter(cpca.matcher.iter(post)), None)
    record = cpca._get_one_addr(post, True, {})
    adcode = record["adcode"]
    if first is None or adcode is None or adcode[:2] in NOT_MAINLAND or first.origin_value in GENERIC:
        return Place(None)
    candidates: tuple[tuple[str, str], ...] = ()
    if len({info.adcode[:2] for info in first.attr_infos}) > 1:
        candidates = tuple((short_name(cpca.adcode_name(info.adcode[:2])),
                            short_name(cpca.adcode_name(info.adcode[:4]) or "")) for info in first.attr_infos)
    city = record["市"] if record["市"] not in GENERIC and record["市"] != record["省"] else None
    positions = [p for p in (record["市_pos"], record["区_pos"]) if p >= 0]
    return Place(short_name(record["省"]), city and short_name(city), min(positions, default=-1), candidates)


def province_of(post: str, context: str = "") -> str | None:
    """The province of one post. A place name found in several provinces is settled by ``context`` (title and
    body): 重庆市江北区 counts five, a bare 重庆 one; no evidence or a tie gives None, not the gazetteer's first pick."""
    place = place_of(post)
    if not place.candidates:
        return place.province
    name = post[place.local_pos:].split("委")[0] if place.local_pos >= 0 else ""
    score: dict[str, int] = {}
    for province, city in place.candidates:
        places = {province, city} - {"", "市辖区"}
        near = sum(context.count(f"{p}{suffix}{name[:2]}") for p in places for suffix in ("", "市", "省"))
        bare = context.count(province) + (context.count(city) if city != province else 0)
        score[province] = score.get(province, 0) + 5 * near + bare
    ranked = sorted(score.values(), reverse=True)
    if ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(score, key=score.__getitem__)


# -- level ------------------------------------------------------------------------------------------------------

AUTHOR_LEVELS = ("provincial", "local", "central", "institution", "none", "unknown")
MUNICIPALITY = r"(?:北京|天津|上海|重庆)市?"
PROVINCIAL_ORGAN = re.compile(
    rf"省委|省政府|省人民政府|省人大|省政协|省纪委|省监委|省直机关|省[^市县区州盟]{{0,8}}?(?:厅|局|委员会)|自治区党委"
    rf"|自治区人民政府|自治区政府|区直机关|生产建设兵团|{MUNICIPALITY}(?:委|市委|人民政府|政府|纪委|人大)"
)
LOCAL_ORGAN = re.compile(r"市委|县委|区委|州委|地委|盟委|旗委|党工委|市政府|县政府|区政府|市人民政府|新区|街道"
                         r"|[乡镇](?:党委|政府)|村党|社区党")
CADRE_SCHOOL = re.compile(r"委党校|中央党校|行政学院|干部学院|社会主义学院|纪检监察学院|法官学院|检察官学院")
FIRM = re.compile(r"集团|公司|银行|电网|国网|油田|企业|中国石化|中国中铁|中国通号|中信")
SCHOOL = re.compile(r"大学|学院|学校|中学|小学|医院|研究院|科学院")
ARMY = re.compile(r"^(?:军委|中国人民解放军|解放军|武警)|部队|战区|军区|国防大学")
CENTRAL_BODY = re.compile(r"^中国共产党|委员会|学会|促进会|贸促会|法学会|监督管理|干部学院|纪检监察学院")


def level_of(post: str | None, province: str | None = None) -> str:
    """The level of a post (see ``AUTHOR_LEVELS``). Several organs: the first decides (中共湖北省委常委、武汉市委书记
    is provincial)."""
    if not post:
        return "none"
    post = post.removeprefix("原")
    if ARMY.search(post):
        return "institution"
    if post.startswith(("中共中央", "中央")):
        return "central"
    if post.startswith("中国"):
        return "central" if CENTRAL_BODY.search(post) else "institution"
    if CENTRAL.match(post):
        return "institution" if FIRM.search(post) else "central"
    unit = FIRM.search(post) or SCHOOL.search(post)
    if unit and not CADRE_SCHOOL.search(post) and not re.search(r"[省市县区]委|自治区党委", post[: unit.start()]):
        return "institution"
    if province is None:
        return "unknown"
    local = [p for p in (place_of(post).local_pos, _start(LOCAL_ORGAN, post)) if p >= 0]
    provincial = _start(PROVINCIAL_ORGAN, post)
    return "local" if local and (provincial < 0 or min(local) < provincial) else "provincial"


def _start(pattern: re.Pattern[str], text: str) -> int:
    return match.start() if (match := pattern.search(text)) else -1


SCOPE = {"provincial": "province", "local": "city", "central": "national"}  # the author's level → the document's


@dataclass(frozen=True)
class Attribution:
    """An article's author post (all authors, ``；``-joined), where it came from, its province, city and level."""

    post: str
    source: str  # line | byline | metadata | "" (none)
    province: str
    city: str
    level: str


def attribute(text: str, author: str = "", title: str = "") -> Attribution:
    """Attribute a text from its closing author line, else from a unit named as its author.

    The first author with a province gives it. A local unit the gazetteer does not
    know (a county created after its data) takes the province its title names.
    """
    line = author_line(text)
    posts = line.posts if line else byline_posts(author)
    source = ("byline" if line.kind == "unit" else "line") if line else ("metadata" if posts else "")
    context = f"{title}\n{text}"
    province = next((p for post in posts if (p := province_of(post, context))), None)
    joined = "；".join(posts)
    if province is None and posts and LOCAL_ORGAN.search(joined) and not CENTRAL.match(joined):
        province = place_of(title).province if title else None
    city = next((place.city for post in posts if (place := place_of(post)).province == province and place.city), None)
    return Attribution(joined, source, province or "", city or "", level_of(joined or None, province))
