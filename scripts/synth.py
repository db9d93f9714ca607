"""Write a deterministic corpus of synthetic township leadership reports for benchmarks.

The reports recombine sentences and headings from the seed reports in ``sources/``
and carry the seeds' quirks (placeholders, watermarks, paywall markers, page
numbers, PDF hard wraps, mixed encodings and line ends) at realistic rates.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED_DIR = REPO_ROOT / "sources"
# Pinned by name so that files added to sources/ later cannot change the corpus.
SEED_NAMES = (
    "000_e9d13279cb2953d4.txt",
    "001_d178b689387fc41d.txt",
    "002_6b2443f059488249.txt",
    "003_d03c365c0b0d15d1.txt",
    "004_52ae3a3a70d46959.txt",
)
BASE_SEED = 20_240_611
FILE_PREFIX = "synth_"

# Size window in UTF-8 bytes; reports outside it are regenerated with the next attempt.
MIN_BYTES = 4_200
MAX_BYTES = 19_800
MEDIAN_CHARS = 1_800
MAX_ATTEMPTS = 20

KINDS = ("practice", "problems", "causes", "measures")
CN_DIGITS = "一二三四五六七八九"

WATERMARKS = (
    "【更多#素~材尽在哒&哒文库】",
    "【更多#素~材尽在哒&哒文库】",
    "【精品#文档~尽在哒&哒文库】",
    "【本文#由~哒&哒文库整理】",
)
PAID_BEGIN = "##paidbegin##"
PAID_END = "##paidend##"
REPRINT_NOTICES = (
    "本文来源于网络，转载请注明出处",
    "本文来源于网络，转载请注明出处。",
    "（本文来源于网络，仅供学习参考，如有侵权请联系删除）",
    "文章来源于网络整理，转载请注明出处。",
)
OMISSION = "……"
PLACEHOLDER_STYLES = ("**", "*", "X", "XX", "XXX", "××", "__")
NAME_PLACEHOLDERS = ("**", "XX", "XXX", "××", "*")

PLACE_STEMS = (
    "青山", "河口", "柳湾", "石桥", "白沙", "龙泉", "桃园", "松林", "清河", "杨柳",
    "马坪", "新田", "红岩", "双溪", "金竹", "梨花", "东坝", "西岭", "南岗", "北塘",
    "长岭", "黄泥", "云台", "三合", "太和", "永安", "兴隆", "瓦窑", "月湖", "竹溪",
)
REDACTED_STEMS = ("XX", "**", "××", "X", "***")

DOC_TYPES = ("述职报告", "自查报告", "思想政治建设情况报告", "届中分析研判", "对照检查材料")
DOC_TYPE_WEIGHTS = (30, 20, 15, 15, 20)

TITLE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "述职报告": (
        "{place}领导班子述职报告",
        "{year}年{place}党委书记抓党建工作述职报告",
        "{year}年乡镇党委书记抓党建工作述职报告",
        "{place}党委领导班子{year}年度述职报告",
        "{place}党政领导班子{year}年述职述廉报告",
    ),
    "自查报告": (
        "{place}党委自查报告",
        "镇党委自查报告",
        "{place}党委关于配合县委巡察工作的自查报告",
        "{year}年{place}落实全面从严治党主体责任自查报告",
    ),
    "思想政治建设情况报告": (
        "{place}领导班子思想政治建设情况报告",
        "关于{place}领导班子思想政治建设情况的报告",
        "{year}年{place}党委领导班子思想政治建设情况报告",
    ),
    "届中分析研判": (
        "{place}领导班子届中分析研判报告",
        "{place}镇村两级领导班子届中分析研判情况报告",
        "关于{place}领导班子运行情况的届中分析研判报告",
    ),
    "对照检查材料": (
        "{place}党委领导班子{year}年度民主生活会对照检查材料",
        "{place}领导班子专题民主生活会对照检查材料",
        "{year}年度{place}党委班子对照检查材料",
    ),
}

SALUTATIONS: dict[str, tuple[str, ...]] = {
    "述职报告": ("尊敬的各位领导、同志们：", "尊敬的县委考核组各位领导："),
    "自查报告": ("尊敬的县委巡察组各位领导:", "尊敬的县委巡察组各位领导：", "尊敬的督导组各位领导："),
    "思想政治建设情况报告": ("尊敬的调研组各位领导：",),
    "届中分析研判": ("尊敬的县委组织部各位领导：",),
    "对照检查材料": ("尊敬的县委督导组各位领导、同志们：", "尊敬的各位领导："),
}

PREAMBLE_OPENERS: dict[str, tuple[str, ...]] = {
    "述职报告": (
        "{year}年以来，在县委、县政府的坚强领导下，镇党委团结带领全镇广大干部群众，紧紧围绕年初确定的目标任务，凝心聚力、真抓实干，各项工作取得了新的进展。",
        "按照县委统一安排，现将本年度履行职责情况向各位领导作简要汇报，不妥之处，敬请批评指正。",
    ),
    "自查报告": (
        "根据县委巡察工作安排，我镇高度重视，及时召开党委会专题研究部署自查工作，对照巡察重点逐项进行了认真梳理。",
        "按照县委巡察组的要求，镇党委组织班子成员对党的十八大以来的各项工作进行了全面自查。",
    ),
    "思想政治建设情况报告": (
        "近年来，镇党委始终把领导班子思想政治建设摆在突出位置，坚持以党的创新理论武装头脑，班子整体功能不断增强。",
    ),
    "届中分析研判": (
        "根据县委组织部关于开展乡镇领导班子届中分析研判工作的通知要求，镇党委高度重视，采取个别谈话、民主测评、查阅资料等方式，对镇村两级领导班子运行情况进行了全面分析研判。",
    ),
    "对照检查材料": (
        "根据县委关于召开民主生活会的通知要求，班子成员围绕会议主题，认真学习规定篇目，广泛征求意见建议，深入开展谈心谈话，逐条对照查摆问题。",
        "为开好本次专题民主生活会，镇党委班子坚持把学习贯穿始终，通过发放征求意见表、召开座谈会等方式，广泛听取党员干部群众的意见建议。",
    ),
}

PREAMBLE_CLOSERS: dict[str, tuple[str, ...]] = {
    "述职报告": ("现将{year}年度履职情况报告如下：", "按照安排，现就我抓党建工作有关情况报告如下。", "现将一年来的工作述职如下："),
    "自查报告": ("现将自查情况报告如下：", "下面，就我镇重要工作开展情况以及存在的问题汇报如下："),
    "思想政治建设情况报告": ("现将领导班子思想政治建设情况报告如下：",),
    "届中分析研判": ("现将届中分析研判情况报告如下：",),
    "对照检查材料": ("现将对照检查情况报告如下，请予批评指正。", "现将班子对照检查情况报告如下："),
}

# (kind, possible top-level section titles) in document order; None kind marks the optional
# overview that self-inspection reports open with.
SECTION_PLANS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "述职报告": (
        ("practice", ("履行党建工作职责情况", "主要工作及成效", "履职尽责情况", "工作开展情况")),
        ("problems", ("存在的问题", "存在的问题和不足", "存在问题")),
        ("causes", ("原因分析", "问题产生的原因")),
        ("measures", ("下一步工作思路和打算", "下一步工作打算", "今后努力方向")),
    ),
    "自查报告": (
        ("overview", ("基本情况",)),
        ("practice", ("工作开展情况", "主要工作开展情况", "自查工作开展情况")),
        ("problems", ("存在的问题与不足", "存在的问题", "自查发现的问题")),
        ("causes", ("原因分析", "问题产生的根源")),
        ("measures", ("今后努力方向和改进措施", "整改措施", "下一步整改措施")),
    ),
    "思想政治建设情况报告": (
        ("practice", ("做法及经验", "主要做法", "基本情况及主要做法")),
        ("problems", ("困难及原因分析", "存在的困难和问题", "存在问题")),
        ("causes", ("原因分析",)),
        ("measures", ("对策和建议", "下一步工作措施", "意见建议")),
    ),
    "届中分析研判": (
        ("practice", ("分析研判情况", "班子运行情况", "届中以来主要工作")),
        ("problems", ("存在问题", "存在的主要问题", "研判发现的问题")),
        ("causes", ("原因分析",)),
        ("measures", ("下一步努力方向", "下一步工作措施", "改进措施")),
    ),
    "对照检查材料": (
        ("practice", ("学习贯彻情况", "上年度整改落实情况")),
        ("problems", ("存在的突出问题", "查摆出的主要问题", "存在的问题")),
        ("causes", ("问题产生的原因", "原因剖析", "产生问题的根源")),
        ("measures", ("整改措施及努力方向", "下一步整改措施", "努力方向和整改措施")),
    ),
}

# Chance that an optional section appears, by document type.
CAUSE_RATE = {"述职报告": 0.2, "自查报告": 0.3, "思想政治建设情况报告": 0.25, "届中分析研判": 0.2, "对照检查材料": 1.0}
PRACTICE_RATE = {"对照检查材料": 0.35}
OVERVIEW_RATE = 0.35

# Seeds hold almost no root-cause analysis, so this small bank in the seeds' register fills it.
CAUSE_HEADINGS = (
    "理想信念有所弱化", "理论学习不够深入", "宗旨意识有所淡化", "党性修养有所放松",
    "担当精神不够强", "纪律规矩意识有所松懈", "工作作风不够扎实", "制度执行不够严格",
    "创新意识不足", "主体责任落实不到位", "思想认识不够到位", "能力素质有待提升",
)
CAUSE_SENTENCES = (
    "究其根源，主要是理论学习的自觉性不够，满足于学过了、知道了，没有做到学深悟透、融会贯通。",
    "对党的创新理论学习不系统、不深入，往往满足于一知半解，用理论指导实践、推动工作的能力还有差距。",
    "随着工作环境的变化，个别同志对理想信念的坚守有所放松，主观世界改造不够到位。",
    "全心全意为人民服务的宗旨意识有所淡化，深入基层、深入群众的主动性不强。",
    "对群众的急难愁盼问题感受不深，解决问题的办法不多、力度不够。",
    "党性锻炼抓得不够紧，对自身要求有所放松，自我净化、自我完善、自我革新、自我提高的能力还需增强。",
    "批评和自我批评开展得不够经常，有时碍于情面，不愿批评、不敢批评。",
    "面对改革发展中的矛盾和困难，有的班子成员存在畏难情绪，敢于担当、敢于碰硬的勇气不足。",
    "纪律规矩意识还不够牢固，认为小节无碍大局，对自身要求有所降低。",
    "制度建设与执行不够到位，有的制度制定后缺乏跟踪问效，存在“挂在墙上、写在纸上”的现象。",
    "考核评价机制不够完善，激励干部担当作为的导向作用发挥不充分。",
    "对新形势下基层工作的规律性认识不足，习惯于用老办法解决新问题。",
    "班子成员之间沟通交流不够，统筹协调、齐抓共管的合力还没有完全形成。",
    "对意识形态工作重视不够，阵地意识、斗争意识还不够强。",
    "抓党建工作的责任意识不强，认为抓好经济发展就是最大的政绩，存在重业务、轻党建的倾向。",
    "干部教育培训针对性不强，培训内容与实际工作需求结合不够紧密。",
    "基层基础工作投入不足，村级组织阵地建设、人才队伍建设等方面还存在短板。",
    "监督检查的力度不够，对苗头性、倾向性问题发现不及时、处置不果断。",
    "落实全面从严治党主体责任的压力传导层层递减，“一岗双责”落实不够到位。",
    "工作标准不够高，满足于过得去、差不多，缺乏精益求精的精神。",
    "对上级决策部署的领会不够深透，结合本镇实际创造性抓落实的办法不多。",
    "在抓工作落实上习惯于开会部署、发文督促，深入一线解决实际问题的时间偏少。",
)
SECTION_INTROS: dict[str, tuple[str, ...]] = {
    "practice": (
        "一年来，我们主要抓了以下几个方面的工作：",
        "围绕年度目标任务，重点做了以下工作：",
    ),
    "problems": (
        "对照上级要求和群众期盼，我们也清醒地看到，工作中还存在一些问题和不足，主要表现在：",
        "虽然取得了一定成绩，但与上级的要求和群众的期盼相比，还存在一定差距，主要表现在：",
        "经过认真查摆，班子在以下几个方面还存在突出问题：",
    ),
    "causes": (
        "深刻剖析上述问题，究其根源，主要有以下几个方面：",
        "对照查摆出的问题，班子进行了认真剖析，主要原因如下：",
        "产生上述问题的原因是多方面的，既有客观因素，更有主观原因，主要是：",
    ),
    "measures": (
        "针对存在的问题，我们将采取以下措施，认真加以整改：",
        "下一步，我们将坚持问题导向，重点抓好以下几个方面的工作：",
        "今后，班子将以此次对照检查为契机，切实抓好整改落实：",
    ),
}
SIGNOFF_ORGS = ("中共{place}委员会", "{place}党委", "{place}领导班子", "中共{place}委员会领导班子", "{place}人民政府")

SUB_MARKERS = ("（一）", "(一)", "一是", "1、", "1.", "1．")
SUB_MARKER_WEIGHTS = (40, 8, 22, 12, 10, 3)
SUBSUB_MARKERS = ("1、", "（1）", "1.", "(1)", "一是")
PAGE_FORMATS = ("- {n} -", "第 {n} 页 共 {total} 页", "—{n}—", "第{n}页")

# Every quirk is forced at one residue of the index so that any corpus of 25 or more
# reports shows each of them, whatever the dice say.
FORCE_PERIOD = 25
FORCED: dict[int, tuple[str, ...]] = {
    2: ("watermark",),
    4: ("gb18030",),
    6: ("wrap", "page"),
    8: ("utf-16",),
    10: ("paid",),
    12: ("utf-8-sig",),
    14: ("reprint",),
    16: ("omission",),
    18: ("crlf", "page"),
    20: ("wrap",),
    22: ("watermark", "gb18030"),
}

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "utf-16")
ENCODING_WEIGHTS = (68, 8, 14, 10)

_CN_NUM = "〇一二三四五六七八九"
_TOP_HEADING_RE = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.+)$")
_MARKER_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d))\s*"
)
_SENTENCE_RE = re.compile(r"[^。！？；;]*(?:[。！？；;]+[”’」』）)]*|$)")
_ENUM_BREAK_RE = re.compile(r"：(?=[一二三四五六七八九十]是|[（(][一二三四五六七八九十][）)])")
_SEED_NOISE_RE = re.compile(r"【[^】]*文库】|##paid(?:begin|end)##")
_TITLE_RE = re.compile(r"(报告|材料|研判)$")
# Seed placeholders: a run of * / X / × standing for a name or a number.
_SEED_PLACEHOLDER_RE = re.compile(r"\*{1,3}|X{1,4}|×{2}")
# A placeholder followed by a unit (or closing a clause, as in 占X，) stands for a number.
_NUMERIC_FOLLOW = set("人名次个亩户万元余多件期场分年岁天袋套座公只%％以项张吨株头处栋米份家批条所台0123456789.，。；")
_PLACE_SENTINEL = "\x01"
_NAME_SENTINEL = "\x02"
_NUMBER_SENTINEL = "\x03"
_SENTINEL_RE = re.compile("[\x01\x02\x03]")
_DIGITS_RE = re.compile(r"(?<![\d.])(\d+)(\.\d+)?(?![\d年])")
_YEAR_RE = re.compile(r"20[12]\d(?=年)")
# Township words switch to 乡 in 乡 reports, but compounds such as 乡镇/城镇/场镇 keep their 镇.
_TOWN_RE = re.compile(r"(?<![乡城场集村])镇")
_BREAKABLE = "，。、；：！？"
_NO_LINE_START = "，。、；：！？）》”’"


@dataclass(frozen=True)
class SeedPools:
    """Seed material sorted by the section kind it came from."""

    sentences: dict[str, tuple[str, ...]]
    leads: dict[str, tuple[str, ...]]
    headings: dict[str, tuple[str, ...]]
    intros: dict[str, tuple[str, ...]]
    practice_titles: tuple[str, ...]
    preamble: tuple[str, ...]
    preamble_plain: tuple[str, ...]  # without the welcome to an inspection team
    closers: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticReport:
    """One generated report: its text (LF line ends) and how it is stored on disk."""

    index: int
    doc_type: str
    title: str
    text: str
    encoding: str
    crlf: bool
    quirks: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        """File name whose sort order equals generation order."""
        return f"{FILE_PREFIX}{self.index:05d}.txt"

    def to_bytes(self) -> bytes:
        """Encoded file content."""
        text = self.text.replace("\n", "\r\n") if self.crlf else self.text
        if self.encoding == "utf-16":
            # Explicit little-endian with BOM so output does not depend on the host byte order.
            return b"\xff\xfe" + text.encode("utf-16-le")
        return text.encode(self.encoding)


@dataclass
class _Line:
    role: str  # title, salutation, preamble, heading, body, omission, signoff, notice, page
    text: str


@dataclass
class _Style:
    sub_marker: str
    sub_layout: str  # runin, standalone, lead
    subsub_marker: str
    num_style: str  # a placeholder token, or "digits"
    name_style: str
    place_stem: str
    place_suffix: str
    year: int


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 as used in section markers."""
    if n < 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens - 1]
    return head + "十" + (CN_DIGITS[ones - 1] if ones else "")


def format_marker(template: str, n: int) -> str:
    """Marker template such as "（一）" or "1、" renumbered to n."""
    if template.startswith("一"):
        return cn_number(n) + template[1:]
    if "一" in template:
        return template.replace("一", cn_number(n))
    return template.replace("1", str(n), 1)


def split_sentences(text: str) -> list[str]:
    """Sentences ending at 。！？； (closing quotes kept), plus breaks before enumerations."""
    out: list[str] = []
    for piece in _ENUM_BREAK_RE.sub("：\n", text).split("\n"):
        out.extend(s for s in (m.group(0).strip() for m in _SENTENCE_RE.finditer(piece)) if s)
    return out


def _classify_heading(title: str) -> str:
    if "原因" in title and not any(w in title for w in ("问题", "困难")):
        return "causes"
    if any(w in title for w in ("问题", "不足", "困难")):
        return "problems"
    if any(w in title for w in ("下一步", "措施", "方向", "对策", "打算", "今后", "建议")):
        return "measures"
    return "practice"


def _mark_placeholders(sentence: str) -> str:
    """Replace seed placeholders by sentinels telling whether they stand for a place, name or number."""

    def repl(m: re.Match[str]) -> str:
        after = sentence[m.end() : m.end() + 1]
        if after in ("镇", "乡"):
            return _PLACE_SENTINEL
        if after in _NUMERIC_FOLLOW or after == "":
            return _NUMBER_SENTINEL
        if after == " " and sentence[m.end() + 1 : m.end() + 2] in _NUMERIC_FOLLOW:
            return _NUMBER_SENTINEL
        return _NAME_SENTINEL

    return _SEED_PLACEHOLDER_RE.sub(repl, sentence)


def load_seed_pools(seed_dir: Path = DEFAULT_SEED_DIR) -> SeedPools:
    """Split the pinned seed reports into per-kind pools of sentences and headings."""
    sentences: dict[str, list[str]] = {k: [] for k in KINDS}
    leads: dict[str, list[str]] = {k: [] for k in KINDS}
    headings: dict[str, list[str]] = {k: [] for k in KINDS}
    intros: dict[str, list[str]] = {k: list(SECTION_INTROS[k]) for k in KINDS}
    practice_titles: list[str] = []
    preamble: list[str] = []
    closers: list[str] = []

    def add_sentence(kind: str, raw: str, enumerated: bool) -> None:
        s = _MARKER_RE.sub("", raw).strip()
        if len(s) < 4:
            return
        s = _mark_placeholders(s)
        if kind == "preamble":
            (closers if "如下" in s else preamble).append(s)
            return
        if s.endswith("：") or s.endswith(":"):
            intros[kind].append(s)
        elif len(s) <= 14 and "，" not in s and s.endswith("。"):
            leads[kind].append(s[:-1])
        elif enumerated and len(s) <= 26 and s.endswith("。"):
            headings[kind].append(s[:-1])
        elif len(s) >= 10:
            sentences[kind].append(s)

    for name in SEED_NAMES:
        raw_text = (seed_dir / name).read_bytes().decode("utf-8-sig")
        kind = "preamble"
        for n, line in enumerate(_SEED_NOISE_RE.sub("", raw_text).splitlines()):
            line = line.strip()
            if not line or line == OMISSION or line.startswith("尊敬的"):
                continue
            if n < 2 and _TITLE_RE.search(line) and "。" not in line:
                continue
            top = _TOP_HEADING_RE.match(line)
            if top and "。" not in top.group(2)[:-1]:
                kind = _classify_heading(top.group(2))
                if kind == "practice" and "，" in top.group(2):
                    practice_titles.append(top.group(2).rstrip("。"))
                continue
            body = line
            marker = _MARKER_RE.match(line)
            if marker and kind != "preamble":
                rest = line[marker.end() :]
                head, dot, tail = rest.partition("。")
                if dot and len(head) <= 30 and "；" not in head:
                    headings[kind].append(_mark_placeholders(head))
                    body = tail
            line_kind = kind
            for raw in split_sentences(body):
                # A practice paragraph may drift into problems and plans (see the 回顾… paragraph).
                if line_kind == "practice" and "存在" in raw and any(w in raw for w in ("问题", "差距", "不足")):
                    line_kind = "problems"
                elif line_kind != "measures" and kind != "preamble" and raw.startswith(("今后", "下一步")):
                    line_kind = "measures"
                add_sentence(line_kind, raw, bool(_MARKER_RE.match(raw)))

    sentences["causes"].extend(CAUSE_SENTENCES)
    headings["causes"].extend(CAUSE_HEADINGS)
    # Seed problem sentences about awareness double as causes, as real reports reuse them.
    sentences["causes"].extend(s for s in sentences["problems"] if any(w in s for w in ("认识", "意识", "自觉")))

    def freeze(d: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(dict.fromkeys(v)) for k, v in sorted(d.items())}

    return SeedPools(
        sentences=freeze(sentences),
        leads=freeze(leads),
        headings=freeze(headings),
        intros=freeze(intros),
        # Thematic two-clause headings serve as titles when practice splits into several sections.
        practice_titles=tuple(dict.fromkeys(practice_titles + [h for h in headings["practice"] if "，" in h])),
        preamble=tuple(dict.fromkeys(preamble)),
        preamble_plain=tuple(s for s in dict.fromkeys(preamble) if "巡察" not in s),
        closers=tuple(dict.fromkeys(closers)),
    )


class _Drawer:
    """Draws rendered pool items without repeats inside one report, allowing repeats once a pool runs dry."""

    def __init__(self, rng: random.Random, style: _Style) -> None:
        self.rng = rng
        self.style = style
        self.used: set[tuple[int, int]] = set()

    def draw(self, pool: Sequence[str]) -> str:
        key = id(pool)
        for _ in range(8):
            i = self.rng.randrange(len(pool))
            if (key, i) not in self.used:
                self.used.add((key, i))
                break
        else:
            i = self.rng.randrange(len(pool))
        # Rendering here, not per line, keeps generated markers and years out of the perturbation.
        return _fill(self.rng, pool[i], self.style)


def _paragraph(drawer: _Drawer, pool: Sequence[str], budget: int) -> str:
    parts: list[str] = []
    size = 0
    while size < budget:
        s = drawer.draw(pool)
        parts.append(s)
        size += len(s)
    text = "".join(parts)
    # A paragraph must not end mid-list on a semicolon.
    if text.endswith(("；", ";")):
        text = text[:-1] + "。"
    return text


def _heading(rng: random.Random, drawer: _Drawer, pools: SeedPools, kind: str) -> str:
    pool = pools.headings[kind]
    head = drawer.draw(pool)
    if "，" in head and rng.random() < 0.3:
        # Crossing the clauses of two seed headings gives new, still idiomatic headings.
        other = drawer.draw(pool)
        if "，" in other:
            head = head.split("，", 1)[0] + "，" + other.split("，", 1)[1]
    return head


def _enumerated(rng: random.Random, drawer: _Drawer, pools: SeedPools, kind: str, budget: int, marker: str) -> list[str]:
    """Sub-items each led by a short lead phrase, inline (一是…二是…) or one per line."""
    leads = pools.leads[kind] or pools.headings[kind]
    items: list[str] = []
    size = 0
    n = 0
    while size < budget or n < 2:
        n += 1
        body = _paragraph(drawer, pools.sentences[kind], rng.randint(40, 160))
        items.append(f"{format_marker(marker, n)}{drawer.draw(leads)}。{body}")
        size += len(items[-1])
    if marker == "一是":
        return ["".join(items)]
    return items


def _build_section(
    rng: random.Random, drawer: _Drawer, pools: SeedPools, kind: str, budget: int, style: _Style
) -> list[_Line]:
    lines: list[_Line] = []
    if rng.random() < (0.6 if kind in ("problems", "causes") else 0.25):
        lines.append(_Line("body", drawer.draw(pools.intros[kind])))
    if kind in ("problems", "causes") and rng.random() < 0.2:
        # Short problem lists are often a single run-on paragraph: 一是…。二是…。
        items = []
        for n in range(1, rng.randint(3, 5) + 1):
            head = _heading(rng, drawer, pools, kind)
            items.append(f"{cn_number(n)}是{head}。{_paragraph(drawer, pools.sentences[kind], budget // 4)}")
        lines.append(_Line("body", "".join(items)))
        return lines
    n = 0
    remaining = budget
    while remaining > 0 or n < 2:
        n += 1
        before = len(lines)
        marker = format_marker(style.sub_marker, n)
        if rng.random() < 0.04:
            # Real files mix full- and half-width brackets or carry a stray leading space.
            marker = rng.choice((marker.replace("（", "(").replace("）", ")"), " " + marker))
        sub_budget = min(rng.randint(150, 520), max(remaining, 120))
        if style.sub_layout == "lead":
            # Unnumbered paragraphs opening with a short topic phrase, as in seed 002.
            lead = drawer.draw(pools.leads[kind] or pools.headings[kind])
            lines.append(_Line("body", f"{lead}。{_paragraph(drawer, pools.sentences[kind], sub_budget)}"))
            remaining -= len(lines[-1].text)
            continue
        head = _heading(rng, drawer, pools, kind)
        if rng.random() < 0.2:
            lines.append(_Line("heading", f"{marker}{head}。"))
            sub = style.subsub_marker if style.subsub_marker != style.sub_marker else "（1）"
            lines.extend(_Line("body", t) for t in _enumerated(rng, drawer, pools, kind, sub_budget, sub))
        elif style.sub_layout == "standalone":
            lines.append(_Line("heading", f"{marker}{head}。" if rng.random() < 0.7 else f"{marker}{head}"))
            lines.append(_Line("body", _paragraph(drawer, pools.sentences[kind], sub_budget)))
        else:
            lines.append(_Line("body", f"{marker}{head}。{_paragraph(drawer, pools.sentences[kind], sub_budget)}"))
        remaining -= sum(len(line.text) for line in lines[before:])
    return lines


def _render_number(rng: random.Random, style: _Style) -> str:
    if style.num_style == "digits":
        return str(rng.choice((rng.randint(2, 9), rng.randint(10, 99), rng.randint(100, 999))))
    return style.num_style


def _fill(rng: random.Random, text: str, style: _Style) -> str:
    """Render a seed string's placeholder sentinels and perturb its numbers and years."""

    def sentinel(m: re.Match[str]) -> str:
        c = m.group(0)
        if c == _PLACE_SENTINEL:
            return style.place_stem
        if c == _NAME_SENTINEL:
            return style.name_style
        return _render_number(rng, style)

    def digits(m: re.Match[str]) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        if len(whole) >= 4 and whole.startswith("20"):
            return m.group(0)
        if m.string[m.end() : m.end() + 1] in ("%", "％"):
            new = str(rng.randint(1, 99))  # keep shares plausible
        else:
            lo = 10 ** (len(whole) - 1) if len(whole) > 1 else 1
            new = str(rng.randint(lo, 10 ** len(whole) - 1))
        return new + (f".{rng.randint(0, 9)}" if frac else "")

    def year(m: re.Match[str]) -> str:
        return str(max(2012, style.year + int(m.group(0)) - 2023))

    text = _DIGITS_RE.sub(digits, text)
    text = _YEAR_RE.sub(year, text)
    return _SENTINEL_RE.sub(sentinel, text)


def _wrap(text: str, width: int) -> list[str]:
    """Cut text every width characters, letting closing punctuation hang as PDF typesetting does."""
    out: list[str] = []
    i = 0
    while i < len(text):
        j = min(i + width, len(text))
        while j < len(text) and text[j] in _NO_LINE_START:
            j += 1
        out.append(text[i:j])
        i = j
    return out or [""]


def _pick_style(rng: random.Random) -> _Style:
    redacted = rng.random() < 0.35
    stem = rng.choice(REDACTED_STEMS) if redacted else rng.choice(PLACE_STEMS)
    layout = rng.choices(("runin", "standalone", "lead"), (55, 30, 15))[0]
    num_style = "digits" if rng.random() < 0.2 else rng.choice(PLACEHOLDER_STYLES)
    return _Style(
        sub_marker=rng.choices(SUB_MARKERS, SUB_MARKER_WEIGHTS)[0],
        sub_layout=layout,
        subsub_marker=rng.choice(SUBSUB_MARKERS),
        num_style=num_style,
        name_style=rng.choice(NAME_PLACEHOLDERS),
        place_stem=stem,
        place_suffix="乡" if rng.random() < 0.3 else "镇",
        year=rng.randint(2016, 2025),
    )


def _date_line(rng: random.Random, year: int) -> str:
    month = rng.choice((1, 6, 7, 11, 12, 12, 12))
    y = year + 1 if month == 1 else year
    day = rng.randint(1, 28)
    if rng.random() < 0.15:
        # Formal documents sometimes spell the date out: 二〇二三年十二月二十日.
        return "".join(_CN_NUM[int(c)] for c in str(y)) + f"年{cn_number(month)}月{cn_number(day)}日"
    return f"{y}年{month}月{day}日"


def _compose(rng: random.Random, pools: SeedPools, index: int) -> tuple[str, str, list[str], list[_Line]]:
    """Build one report as physical lines; returns (doc_type, title, quirks, lines)."""
    forced = set(FORCED.get(index % FORCE_PERIOD, ()))
    doc_type = rng.choices(DOC_TYPES, DOC_TYPE_WEIGHTS)[0]
    style = _pick_style(rng)
    drawer = _Drawer(rng, style)
    place = style.place_stem + style.place_suffix
    year = style.year
    quirks: list[str] = []

    title = rng.choice(TITLE_TEMPLATES[doc_type]).format(place=place, year=year)
    if style.place_suffix == "乡":
        title = title.replace("镇党委", "乡党委").replace("镇村", "乡村")
    lines: list[_Line] = [_Line("title", title)]
    if rng.random() < (0.45 if doc_type in ("自查报告", "对照检查材料") else 0.12):
        lines.append(_Line("salutation", rng.choice(SALUTATIONS[doc_type])))

    # Preamble: seed openers and a type-specific closer; 届中 seeds sometimes start straight in.
    if rng.random() < 0.93:
        parts = [rng.choice(PREAMBLE_OPENERS[doc_type]).format(year=year)] if rng.random() < 0.6 else []
        preamble_pool = pools.preamble if doc_type == "自查报告" else pools.preamble_plain
        for _ in range(rng.randint(0, 2)):
            parts.append(drawer.draw(preamble_pool))
        if rng.random() < 0.3:
            parts.append(drawer.draw(pools.closers))
        else:
            parts.append(rng.choice(PREAMBLE_CLOSERS[doc_type]).format(year=year))
        lines.append(_Line("preamble", "".join(parts)))

    target = min(6_300, max(1_450, rng.lognormvariate(math.log(MEDIAN_CHARS), 0.4)))
    shares = {"practice": 0.45, "problems": 0.22, "causes": 0.13, "measures": 0.3}
    plan = []
    for kind, titles in SECTION_PLANS[doc_type]:
        if kind == "overview" and rng.random() >= OVERVIEW_RATE and "omission" not in forced:
            continue
        if kind == "causes" and rng.random() >= CAUSE_RATE[doc_type]:
            continue
        if kind == "practice" and rng.random() >= PRACTICE_RATE.get(doc_type, 1.0):
            continue
        plan.append((kind, titles))

    # Long practice parts often split into several thematic top-level sections, like seed 002.
    expanded: list[tuple[str, str]] = []
    for kind, titles in plan:
        if kind == "practice" and rng.random() < 0.3:
            for _ in range(rng.randint(2, 4)):
                expanded.append((kind, drawer.draw(pools.practice_titles)))
        else:
            expanded.append((kind, rng.choice(titles)))
    practice_sections = sum(1 for k, _ in expanded if k == "practice") or 1

    omit_done = False
    for n, (kind, section_title) in enumerate(expanded, 1):
        lines.append(_Line("heading", f"{cn_number(n)}、{section_title}"))
        if kind == "overview":
            if rng.random() < 0.5 or "omission" in forced:
                lines.append(_Line("omission", OMISSION))
                omit_done = True
            else:
                lines.append(_Line("body", _paragraph(drawer, pools.sentences["practice"], rng.randint(120, 300))))
            continue
        budget = int(target * shares[kind] / (practice_sections if kind == "practice" else 1))
        lines.extend(_build_section(rng, drawer, pools, kind, max(budget, 200), style))
    if omit_done:
        quirks.append("omission")
    elif "omission" in forced or rng.random() < 0.03:
        # An elided sub-part: the body under one heading is just "……".
        heads = [i for i, line in enumerate(lines) if line.role == "heading" and i + 1 < len(lines)]
        if heads:
            i = rng.choice(heads)
            lines.insert(i + 1, _Line("omission", OMISSION))
            quirks.append("omission")

    if rng.random() < 0.4:
        org = rng.choice(SIGNOFF_ORGS).format(place=place)
        lines.append(_Line("signoff", org))
        lines.append(_Line("signoff", _date_line(rng, year)))

    if style.place_suffix == "乡":
        for line in lines:
            if line.role in ("preamble", "heading", "body", "salutation"):
                line.text = _TOWN_RE.sub("乡", line.text)

    quirks += _decorate(rng, lines, forced)
    return doc_type, title, quirks, lines


def _decorate(rng: random.Random, lines: list[_Line], forced: set[str]) -> list[str]:
    """Apply the layout quirks in place; returns the names of those applied."""
    quirks: list[str] = []
    if rng.random() < 0.07:
        # Word-processor exports indent every paragraph with two ideographic spaces.
        for line in lines:
            if line.role in ("preamble", "body"):
                line.text = "\u3000\u3000" + line.text
        quirks.append("indent")

    if "reprint" in forced or rng.random() < 0.05:
        notice = _Line("notice", rng.choice(REPRINT_NOTICES))
        lines.insert(1 if rng.random() < 0.3 else len(lines), notice)
        quirks.append("reprint")

    wrap = "wrap" in forced or rng.random() < 0.12
    physical: list[_Line] = []
    if wrap:
        width = rng.randint(30, 40)
        for line in lines:
            if line.role in ("page", "notice"):
                physical.append(line)
            else:
                physical.extend(_Line(line.role, t) for t in _wrap(line.text, width))
        quirks.append("wrap")
    else:
        physical = list(lines)

    if "page" in forced or rng.random() < (0.6 if wrap else 0.06):
        fmt = rng.choice(PAGE_FORMATS)
        every = rng.randint(28, 40) if wrap else rng.randint(5, 9)
        positions = list(range(every, len(physical), every))
        total = len(positions) + 1
        for page, pos in reversed(list(enumerate(positions, 1))):
            physical.insert(pos, _Line("page", fmt.format(n=page, total=total)))
        if rng.random() < 0.5:
            physical.append(_Line("page", fmt.format(n=total, total=total)))
        quirks.append("page")

    if "watermark" in forced or rng.random() < 0.08:
        candidates = [i for i, line in enumerate(physical) if line.role in ("title", "body", "heading")]
        i = candidates[0] if rng.random() < 0.5 else rng.choice(candidates)
        physical[i].text += rng.choice(WATERMARKS)
        quirks.append("watermark")

    if "paid" in forced or rng.random() < 0.05:
        bodies = [i for i, line in enumerate(physical) if line.role == "body" and len(line.text) > 12]
        if bodies:
            line = physical[rng.choice(bodies[len(bodies) // 3 :])]
            # Cut inside a sentence, never right before or after punctuation.
            spots = [
                j
                for j in range(2, len(line.text) - 2)
                if line.text[j] not in _BREAKABLE and line.text[j - 1] not in _BREAKABLE
            ]
            if spots:
                j = rng.choice(spots)
                line.text = line.text[:j] + PAID_BEGIN + line.text[j:]
                physical.append(_Line("blank", ""))
                physical.append(_Line("paid", PAID_END))
                quirks.append("paid")

    blank_after_title = not wrap and rng.random() < 0.4
    blank_between = not wrap and rng.random() < 0.08
    out: list[_Line] = []
    for i, line in enumerate(physical):
        if blank_between and i and line.role in ("heading", "body", "preamble") and out[-1].role != "blank":
            out.append(_Line("blank", ""))
        out.append(line)
        if i == 0 and blank_after_title:
            out.append(_Line("blank", ""))
    lines[:] = out
    return quirks


def generate_report(rng: random.Random, index: int, pools: SeedPools | None = None) -> SyntheticReport:
    """Generate report number index, drawing every choice from rng."""
    pools = pools or load_seed_pools()
    forced = set(FORCED.get(index % FORCE_PERIOD, ()))
    doc_type, title, quirks, text = "", "", [], ""
    for _ in range(MAX_ATTEMPTS):
        # A failed attempt leaves rng advanced, so the retry differs yet stays reproducible.
        doc_type, title, quirks, lines = _compose(rng, pools, index)
        text = "\n".join(line.text for line in lines) + ("\n" if rng.random() < 0.7 else "")
        if MIN_BYTES <= len(text.encode("utf-8")) <= MAX_BYTES:
            break
    encoding = rng.choices(ENCODINGS, ENCODING_WEIGHTS)[0]
    for forced_encoding in ("gb18030", "utf-16", "utf-8-sig"):
        if forced_encoding in forced:
            encoding = forced_encoding
    crlf = "crlf" in forced or rng.random() < 0.2
    return SyntheticReport(
        index=index,
        doc_type=doc_type,
        title=title,
        text=text,
        encoding=encoding,
        crlf=crlf,
        quirks=tuple(sorted(set(quirks))),
    )


def report_rng(index: int, base_seed: int = BASE_SEED) -> random.Random:
    """Independent stream per report, so a corpus of N is a prefix of any larger one."""
    return random.Random(base_seed * 1_000_003 + index)


def generate_corpus(n: int, base_seed: int = BASE_SEED, seed_dir: Path = DEFAULT_SEED_DIR) -> list[SyntheticReport]:
    """Reports 1..n with pairwise distinct texts."""
    pools = load_seed_pools(seed_dir)
    seen: set[str] = set()
    reports: list[SyntheticReport] = []
    for index in range(1, n + 1):
        attempt = 0
        while True:
            rng = report_rng(index, base_seed + attempt * 7_919)
            report = generate_report(rng, index, pools)
            if report.text not in seen:
                break
            attempt += 1
        seen.add(report.text)
        reports.append(report)
    return reports


def write_corpus(n: int, out_dir: Path, base_seed: int = BASE_SEED, seed_dir: Path = DEFAULT_SEED_DIR) -> list[SyntheticReport]:
    """Write n reports into out_dir, replacing earlier synth_*.txt files there."""
    out_dir.mkdir(parents=True, exist_ok=True)
    # A smaller run into a directory used for a larger one must not leave extra files behind.
    for old in sorted(out_dir.glob(f"{FILE_PREFIX}*.txt")):
        old.unlink()
    reports = generate_corpus(n, base_seed, seed_dir)
    for report in reports:
        (out_dir / report.filename).write_bytes(report.to_bytes())
    return reports


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, required=True, help="number of reports to write")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=BASE_SEED, help="base random seed")
    parser.add_argument("--seed-dir", type=Path, default=DEFAULT_SEED_DIR, help="directory holding the seed reports")
    args = parser.parse_args(argv)
    if args.reports < 0:
        parser.error("--reports must be >= 0")
    start = time.perf_counter()
    reports = write_corpus(args.reports, args.out, args.seed, args.seed_dir)
    total = sum(len(r.to_bytes()) for r in reports)
    elapsed = time.perf_counter() - start
    print(f"wrote {len(reports)} reports ({total} bytes) to {args.out} in {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
