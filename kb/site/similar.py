"""相似表述: passages in other reports that say the same thing about the same matter.

Not "copied": two towns word one measure differently, so passages are compared by the key
words they share, weighted by how rare each word is in the whole build (TF-IDF). Words are
Han character bigrams of the text with the genre's stock phrases (认真, 进一步, 切实, 加强,
工作 …) cut out first, so no bigram spans a stock phrase and stock phrases never make two
passages similar. jieba would give nicer words, but it needs ~4 s per million characters,
which is more than the whole analysis may take; the words a reader sees are rebuilt from
the shared bigrams (consecutive shared bigrams join up: 三会/会一/一课 → 三会一课).

Each passage is represented by its ``KEY_TERMS`` strongest shared bigrams. The score of two
passages is the weight of the bigrams both say (the smaller weight of each) over mostly the
smaller passage's total weight, so a short passage about one measure matches a long one that
covers it among others. No all-pairs loop: candidates come from an inverted index over the key
bigrams in which each entry meets only the ``WINDOW`` entries after it (all of a short list),
so the work is bounded by passages × KEY_TERMS × WINDOW. Links are symmetric (if A shows B,
B shows A), at most ``LIMIT`` per passage and one per other report. Threshold and limit were
chosen on the 67 labelled pairs of ``tests/labels/similar.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kb.site.bigrams import CODE_BITS, LOW, bigram_entries

# Stock phrases of the genre: they say how, not what, and occur in every report. Cut out
# before bigrams are taken, longest first, so 进一步加强 never leaves 一步 or 步加 behind.
STOP_WORDS = (
    "进一步", "认真", "切实", "加强", "工作", "全面", "扎实", "推进", "落实", "坚持", "不断", "积极",
    "深入", "有效", "提高", "提升", "开展", "持续", "着力", "努力", "始终", "严格", "狠抓", "强化",
    "完善", "健全", "建立", "做好", "抓好", "抓实", "确保", "推动", "促进", "实施", "全镇", "我镇",
    "镇党委", "党委", "班子成员", "领导班子", "班子", "同志", "存在", "问题", "方面", "情况", "主要",
    "一些", "个别", "部分", "有的", "不够", "不足", "到位", "不高", "不强", "较弱", "薄弱", "能力",
    "水平", "意识", "作用", "重要", "自觉", "要求", "按照", "围绕", "结合", "通过", "形成",
    "进行", "今年", "全年", "以来", "目前", "一是", "二是", "三是", "四是", "五是", "六是", "我们",
    "各项", "一批", "大力", "全力", "及时", "主动", "真正", "充分", "明显", "较好", "有关", "相关",
    "以上", "左右", "之一", "更加", "继续", "发挥", "建设", "报告如下", "汇报如下", "现将", "现就", "导致",
    "出现", "现象", "根据", "安排", "本人", "如下",
)
MIN_CHARS = 20  # shorter passages ("二是……") say too little to compare
KEY_TERMS = 32  # strongest shared bigrams that represent a passage
WINDOW = 8  # entries each posting-list entry is paired with (the ones right after it); 12 finds one more labelled pair for 30% more time
THRESHOLD = 0.07  # score a pair must reach (precision 0.93, recall 0.72 on the labelled pairs)
LIMIT = 3  # links per passage
SMALL_SHARE = 0.75  # weight of the smaller passage in the score's denominator
MIN_WORDS = 2  # shared key words a link needs, unless its score reaches STRONG
STRONG = 0.15  # score at which one shared key word is enough (it is most of a short passage)
SHOWN_WORDS = 3  # shared key words named in a link
EXTEND = 3  # characters a shown word may grow by each way beyond its key bigrams
LONGEST_WORD = 12  # characters: a shared run this long is a copied clause, not a key word
ORDINAL_PREFIX = "第"  # never the last character of a shown word: its numeral is cut off
FUNCTION_CHARS = "的了对和与及在是把将被为之等并或也都"  # never the first or last character of a shown word

_STOP = re.compile("|".join(sorted(set(STOP_WORDS), key=lambda w: (-len(w), w))))
_KEEP = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]+")


@dataclass(frozen=True)
class SimilarLink:
    """One passage similar to another, by index into the input sequence."""

    index: int
    score: float  # share of the key-bigram weight both passages say, 0..1
    words: tuple[str, ...] = ()  # shared key words, strongest first


@dataclass(frozen=True)
class KeyVectors:
    """Every eligible passage's key bigrams and weights, as flat arrays sorted by passage."""

    passage: np.ndarray  # index into the input texts
    bigram: np.ndarray  # packed code points of the two characters
    weight: np.ndarray  # TF-IDF weight of the bigram in the passage
    mass: np.ndarray  # per input text: the sum of the weights of all its bigrams
    contents: tuple[str, ...] = ()  # per input text: ``content_text`` of it


def content_text(text: str) -> str:
    """The text with stock phrases cut out (a space stops bigrams spanning the cut)."""
    return _STOP.sub(" ", text)


def key_vectors(texts: Sequence[str]) -> KeyVectors:
    """The ``KEY_TERMS`` strongest bigrams of every passage long enough to compare."""
    contents = [content_text(t) for t in texts]
    eligible = np.array([len("".join(_KEEP.findall(t))) >= MIN_CHARS for t in texts], dtype=bool)
    if not contents:
        return KeyVectors(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0))
    passage, bigram, count = bigram_entries(contents)
    keep = eligible[passage]
    passage, bigram, count = passage[keep], bigram[keep], count[keep]
    n = max(int(eligible.sum()), 1)
    vocab, df = np.unique(bigram, return_counts=True)
    df = df[np.searchsorted(vocab, bigram)]  # cheaper than np.unique's inverse
    # log(1 + n/df) stays positive: a word in every passage of a tiny build still counts a little.
    weight = (1.0 + np.log(count)) * np.log1p(n / df)
    # The mass is over every bigram: one in this passage only cannot link it to anything, but
    # it is part of what the passage says, so a passage mostly about its own matter scores low.
    mass = np.bincount(passage, weights=weight, minlength=len(texts))
    shared = (df > 1) & (weight > 0)
    passage, bigram, weight = passage[shared], bigram[shared], weight[shared]
    # Entries come sorted by passage, then bigram; a stable sort keeps bigram order among ties.
    order = np.lexsort((-weight, passage))
    passage, bigram, weight = passage[order], bigram[order], weight[order]
    first = np.searchsorted(passage, passage, side="left")
    top = np.arange(len(passage)) - first < KEY_TERMS
    return KeyVectors(passage[top], bigram[top], weight[top], mass, tuple(contents))


def _candidate_scores(vectors: KeyVectors, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, other reports) near each other in some posting list, with their score."""
    if len(vectors.passage) == 0:
        return np.empty((0, 2), np.int64), np.empty(0)
    # Posting lists: entries by bigram, strongest first. Each entry meets the WINDOW entries
    # after it, so a short list pairs everyone and a long one (a sentence copied into hundreds
    # of reports) pairs passages of like weight, without hubs that everyone meets.
    order = np.lexsort((vectors.passage, -vectors.weight, vectors.bigram))
    bigram, weight = vectors.bigram[order], vectors.weight[order]
    passage = vectors.passage[order].astype(np.int32)  # int32 halves the memory traffic below
    run_start = np.flatnonzero(np.concatenate(([True], bigram[1:] != bigram[:-1]))).astype(np.int32)
    run_end = np.repeat(np.concatenate((run_start[1:], [len(bigram)])).astype(np.int32), np.diff(np.concatenate((run_start, [len(bigram)]))))
    at = np.arange(len(bigram), dtype=np.int32)
    width = np.minimum(WINDOW, run_end - at - 1)
    # The arrays from here on have a row per posting pair (8.5 M at 3000 reports): the peak
    # memory of 相似表述. Intermediates are dropped once used and pairs stay int32 until their
    # codes: at 3000 reports this step's peak went 617 -> 350 MB (tracemalloc) and the worker's
    # peak RSS 690 -> 495 MB, beside a build process of about 850 MB.
    entry = np.repeat(at, width)
    member = entry + 1 + (np.arange(len(entry), dtype=np.int32) - np.repeat((np.cumsum(width) - width).astype(np.int32), width))
    i, j = passage[entry], passage[member]
    del entry
    keep = groups[i] != groups[j]
    part = weight[member[keep]]  # the smaller weight of the two: the member comes later in a list sorted strongest first
    del member
    i, j = i[keep], j[keep]
    del keep
    n = int(groups.shape[0])
    codes = np.minimum(i, j).astype(np.int64)
    codes *= n
    codes += np.maximum(i, j)
    del i, j
    if len(codes) == 0:
        return np.empty((0, 2), np.int64), np.empty(0)
    # A stable sort keeps each pair's parts in one order, so its float sum is the same every run.
    by_pair = np.argsort(codes, kind="stable")
    codes = codes[by_pair]
    part = part[by_pair]
    del by_pair
    first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    pairs = codes[first]
    shared = np.add.reduceat(part, first)
    lo, hi = pairs // n, pairs % n
    # Mostly the share of the smaller passage's weight that the other also says, so a short
    # passage about one measure matches a long one that covers it among others; the larger
    # passage's weight counts a little, so of two passages containing it the closer wins.
    small = np.minimum(vectors.mass[lo], vectors.mass[hi])
    large = np.maximum(vectors.mass[lo], vectors.mass[hi])
    scores = shared / (SMALL_SHARE * small + (1 - SMALL_SHARE) * large)
    return np.stack([lo, hi], axis=1), scores


def _best_per_passage(pairs: np.ndarray, scores: np.ndarray, keep: int) -> np.ndarray:
    """Pairs that are among the ``keep`` best of at least one of their two passages."""
    if len(pairs) == 0:
        return np.empty(0, np.int64)
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    both = np.concatenate([scores, scores])
    other = np.concatenate([pairs[:, 1], pairs[:, 0]])
    order = np.lexsort((other, -both, src))
    ranked = src[order]
    first = np.searchsorted(ranked, ranked, side="left")
    chosen = order[(np.arange(len(order)) - first) < keep] % len(pairs)
    return np.unique(chosen)


def _is_han_char(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def shared_words(content: str, other: str, weights: dict[str, float]) -> tuple[str, ...]:
    """The key words two passages share, as they read in ``content``.

    ``weights`` are the key bigrams both passages have, strongest first. From each, a word
    takes in the key bigrams next to it (三会/会一/一课 → 三会一课) and then grows by up to
    ``EXTEND`` characters each way while ``other`` has the bigram too (组织 is no key bigram,
    but 组织生活 is the word). A run of ``LONGEST_WORD`` characters or more is a copied clause,
    not a word, and is left out. Words are ranked by the weight of the key bigrams in them; a
    word inside a stronger one is left out.
    """
    found: dict[str, float] = {}
    covered = ""  # the words so far, joined: one substring test instead of a loop
    for gram in weights:
        if gram in covered:
            continue
        a = content.find(gram)
        if a < 0:
            continue
        b = a  # start of the word's first and last bigram
        while a > 0 and b - a < LONGEST_WORD - 2 and content[a - 1 : a + 1] in weights:
            a -= 1
        while b - a < LONGEST_WORD - 2 and content[b + 1 : b + 3] in weights:
            b += 1
        for _ in range(EXTEND):
            if a > 0 and b - a < LONGEST_WORD - 2 and _is_han_char(content[a - 1]) and content[a - 1 : a + 1] in other:
                a -= 1
            if b + 2 < len(content) and b - a < LONGEST_WORD - 2 and _is_han_char(content[b + 2]) and content[b + 1 : b + 3] in other:
                b += 1
        # 对党建 and 新建了 read as 党建 and 新建; 县委第 (县委第二巡察组, 县委第一巡察组) as 县委.
        word = content[a : b + 2].strip(FUNCTION_CHARS).rstrip(ORDINAL_PREFIX)
        if b - a >= LONGEST_WORD - 2:
            covered += "\n" + content[a : b + 2]  # a copied clause: its pieces are no words either
            continue
        if len(word) < 2:
            continue
        found[word] = sum(weights.get(word[q : q + 2], 0.0) for q in range(len(word) - 1))
        covered += "\n" + word
        if len(found) == 2 * SHOWN_WORDS:
            break  # the strongest key bigrams start the strongest words
    shown: list[str] = []
    for word in sorted(found, key=lambda w: (-found[w], w)):
        if not any(word in longer for longer in shown):  # 学习 says nothing next to 中心组学习制度
            shown.append(word)
    return tuple(shown[:SHOWN_WORDS])


def _bigram_text(codes: np.ndarray) -> np.ndarray:
    """Packed bigrams as two-character strings, all at once."""
    chars = np.stack([codes >> CODE_BITS, codes & LOW], axis=1).astype(np.uint32)
    return chars.view("<U2").reshape(-1)


def _rows(vectors: KeyVectors) -> Callable[[int], dict[str, float]]:
    """A passage's key bigrams and weights, read from the flat arrays when first asked."""
    starts = np.searchsorted(vectors.passage, np.arange(len(vectors.mass) + 1)).tolist()
    grams = _bigram_text(vectors.bigram).tolist()
    weights = vectors.weight.tolist()
    cache: dict[int, dict[str, float]] = {}

    def row(p: int) -> dict[str, float]:
        if p not in cache:
            cache[p] = dict(zip(grams[starts[p] : starts[p + 1]], weights[starts[p] : starts[p + 1]]))
        return cache[p]

    return row


def find_similar(texts: Sequence[str], groups: Sequence[str], limit: int = LIMIT, threshold: float = THRESHOLD) -> list[list[SimilarLink]]:
    """For each text, up to ``limit`` texts of other groups (reports) saying the same, best first."""
    links: list[list[SimilarLink]] = [[] for _ in texts]
    if len(texts) < 2:
        return links
    group_ids = {g: k for k, g in enumerate(sorted(set(groups)))}
    group_of = np.array([group_ids[g] for g in groups], dtype=np.int32)
    vectors = key_vectors(texts)
    pairs, scores = _candidate_scores(vectors, group_of)
    above = scores >= threshold
    pairs, scores = pairs[above], scores[above]
    # Near-copies in hundreds of reports give hundreds of candidates per passage; a few times
    # ``limit`` per passage is plenty for the greedy pass below.
    best = _best_per_passage(pairs, scores, 2 * limit)
    pairs, scores = pairs[best], scores[best]
    # Best first; ties by index so the result never depends on numpy's sort internals.
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -scores))
    row = _rows(vectors)
    contents = vectors.contents
    group_list = group_of.tolist()
    linked_groups: list[set[int]] = [set() for _ in texts]
    for (i, j), score in zip(pairs[order].tolist(), scores[order].tolist()):
        if len(links[i]) >= limit or len(links[j]) >= limit:
            continue
        gi, gj = group_list[i], group_list[j]
        if gj in linked_groups[i] or gi in linked_groups[j]:
            continue  # one link per other report keeps the links diverse
        row_j = row(j)
        shared = {g: w for g, w in row(i).items() if g in row_j}
        words_i = shared_words(contents[i], contents[j], shared)
        # Mostly both passages read the same words: then one search serves both links.
        same = all(w in contents[j] for w in words_i)
        words_j = words_i if same else shared_words(contents[j], contents[i], shared)
        if min(len(words_i), len(words_j)) < MIN_WORDS and score < STRONG:
            continue  # one shared word (高标准, 网络) is a coincidence unless it is most of the passage
        score = round(min(score, 1.0), 3)
        links[i].append(SimilarLink(j, score, words_i))
        links[j].append(SimilarLink(i, score, words_j))
        linked_groups[i].add(gj)
        linked_groups[j].add(gi)
    return [sorted(ls, key=lambda link: (-link.score, link.index)) for ls in links]
