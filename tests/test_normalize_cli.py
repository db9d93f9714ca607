"""The normalizer as a maintainer runs it: bad files refused by name, good files always written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kb.reportfile import parse_report

ROOT = Path(__file__).resolve().parents[1]
GOOD = "镇党委自查报告\n\n一、工作开展情况\n（一）坚持理论学习。组织全体机关干部系统学习。\n二、存在的问题\n学习流于形式。\n"


def run(tmp_path: Path) -> subprocess.CompletedProcess:
    """Run scripts/normalize.py on tmp_path/sources."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "normalize.py"), "--sources", str(tmp_path / "sources"), "--docs", str(tmp_path / "docs"),
         "--lock", str(tmp_path / "ids.lock.json"), "--log", str(tmp_path / "log.tsv")],
        capture_output=True, text=True, encoding="utf-8",
    )


def pages(tmp_path: Path) -> dict[str, str]:
    """Source file name -> title of every page written."""
    out = {}
    for path in (tmp_path / "docs" / "reports").glob("*.md"):
        report = parse_report(path.read_text(encoding="utf-8"), str(path))
        out[report.meta.source] = report.meta.title
    return out


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "文件是空的"),
        ("blank.txt", " \n\r\n\t\u3000\n".encode("utf-8"), "文件是空的"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)), "二进制文件"),
        ("junk.txt", "【更多#素~材尽在哒&哒文库】\n- 2 -\n".encode("utf-8"), "没有剩下报告正文"),
        ("title-only.txt", "镇党委自查报告\n".encode("utf-8"), "没有正文段落"),
    ],
)
def test_bad_file_is_refused_by_name_and_good_file_still_written(tmp_path, sources, name, data, reason):
    (sources / name).write_bytes(data)
    result = run(tmp_path)
    assert result.returncode == 1
    refusal = [line for line in result.stderr.splitlines() if line.startswith(name)]
    assert len(refusal) == 1 and reason in refusal[0], result.stderr
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}


def test_seen_texts_names_the_first_source_with_the_same_content():
    from kb.normalize.pipeline import SeenTexts

    seen = SeenTexts()
    texts = {
        "a.txt": "镇党委的工作报告。一是学习。",
        "b.txt": "镇党委的工作报告，一是学习",  # same content characters as a.txt
        "c.txt": "镇党委的工作总结。一是学习。",  # one word differs from a.txt: not the same
        "d.txt": "镇党委的工作总结；一是学习！",  # repeats c.txt
        "e.txt": "完全不同的一份报告。",
        "f.txt": "No Chinese at all.",
        "g.txt": "no chinese, at all",  # same letters as f.txt but in other case: not the same
        "h.txt": "No-Chinese at_all!",  # "_" is not content, like the punctuation
    }
    found = {name: seen.original_of(name, text) for name, text in texts.items()}
    assert found == {
        "a.txt": None,
        "b.txt": "a.txt",
        "c.txt": None,
        "d.txt": "c.txt",
        "e.txt": None,
        "f.txt": None,
        "g.txt": None,
        "h.txt": "f.txt",
    }


def test_duplicate_in_another_encoding_is_refused_naming_the_original(tmp_path, sources):
    (sources / "resent.txt").write_bytes(GOOD.replace("\n", "\r\n").encode("gbk"))
    result = run(tmp_path)
    assert result.returncode == 1
    assert "resent.txt：已拒绝：与 good.txt 内容相同" in result.stderr
    assert set(pages(tmp_path)) == {"good.txt"}


@pytest.mark.parametrize("codec", ["gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_and_crlf_give_the_same_page(tmp_path, sources, codec):
    (sources / "good.txt").write_bytes(GOOD.replace("\n", "\r\n").encode(codec))
    assert run(tmp_path).returncode == 0
    page = next((tmp_path / "docs" / "reports").glob("*.md")).read_text(encoding="utf-8")
    assert "组织全体机关干部系统学习" in page and "\r" not in page


def test_hard_wrapped_pdf_text_across_a_page_break_is_one_passage(tmp_path, sources):
    wrapped = "镇党委自查报告\n\n一、工作开展情况\n组织全体机关干部系统学习了党的二十大精神和省委全会\n\n- 2 -\n\n精神，牢固树立科学发展观和科学执政的执政理\n念。\n"
    (sources / "good.txt").write_text(wrapped, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    report = parse_report(next((tmp_path / "docs" / "reports").glob("*.md")).read_text(encoding="utf-8"), "p")
    assert [p.text for p in report.passages()] == ["组织全体机关干部系统学习了党的二十大精神和省委全会精神，牢固树立科学发展观和科学执政的执政理念。"]
    assert "page-number\t- 2 -" in (tmp_path / "log.tsv").read_text(encoding="utf-8")


def test_page_of_a_deleted_source_is_removed(tmp_path, sources):
    (sources / "other.txt").write_text(GOOD.replace("自查", "述职"), encoding="utf-8")
    run(tmp_path)
    assert set(pages(tmp_path)) == {"good.txt", "other.txt"}
    (sources / "other.txt").unlink()
    result = run(tmp_path)
    assert result.returncode == 0
    assert set(pages(tmp_path)) == {"good.txt"}


def test_sidecar_sets_title_slug_year_type_place(tmp_path, sources):
    (sources / "good.yml").write_text("title: 青山镇党委自查报告\nslug: qingshan-zicha\nyear: 2021\ntype: 自查报告\nplace: 青山镇\n", encoding="utf-8")
    assert run(tmp_path).returncode == 0
    page = tmp_path / "docs" / "reports" / "qingshan-zicha.md"
    meta = parse_report(page.read_text(encoding="utf-8"), str(page)).meta
    assert (meta.title, meta.year, meta.doc_type, meta.place) == ("青山镇党委自查报告", 2021, "自查报告", "青山镇")


@pytest.mark.parametrize(
    "sidecar, line, words",
    [
        ("year: 2021\ntitel: 错字\n", 2, "titel"),  # an unknown key
        ("year: 2021\ntitle: [未闭合\n", 3, "YAML"),  # not YAML at all
        ("place: 青山镇\nyear: 二〇二一\n", 2, "year"),  # a year that is not a year
    ],
)
def test_a_mistyped_sidecar_keeps_its_report_and_names_the_sidecar_and_line(tmp_path, sources, sidecar, line, words):
    assert run(tmp_path).returncode == 0
    (sources / "good.yml").write_text(sidecar, encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 1
    problem = [text for text in result.stderr.splitlines() if text.startswith("good.yml ")]
    assert len(problem) == 1 and problem[0].startswith(f"good.yml 第 {line} 行") and words in problem[0], result.stderr
    assert "good.txt 的报告页照常生成" in problem[0]
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}  # still published, without the sidecar's values
    assert run(tmp_path).returncode == 1  # said again on the next run, until it is fixed


def test_two_sidecars_asking_for_one_slug_refuse_the_second_by_name(tmp_path, sources):
    (sources / "other.txt").write_text(GOOD.replace("自查", "述职"), encoding="utf-8")
    (sources / "good.yml").write_text("slug: qingshan\n", encoding="utf-8")
    (sources / "other.yml").write_text("slug: qingshan\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 1
    refusal = [line for line in result.stderr.splitlines() if line.startswith("other.txt：已拒绝")]
    assert len(refusal) == 1 and "qingshan" in refusal[0] and "good.txt" in refusal[0], result.stderr
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}


def test_a_sidecar_cannot_take_the_address_of_another_reports_page(tmp_path, sources):
    # good.txt (sorted after the newcomer) already has its page; the newcomer's sidecar asks for
    # that address. Taking it would overwrite good.txt's page and break every link to it.
    assert run(tmp_path).returncode == 0
    (slug,) = [p.stem for p in (tmp_path / "docs" / "reports").glob("*.md")]
    (sources / "a-new.txt").write_text(GOOD.replace("自查", "述职"), encoding="utf-8")
    (sources / "a-new.yml").write_text(f"slug: {slug}\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 1
    refusal = [line for line in result.stderr.splitlines() if line.startswith("a-new.txt：已拒绝")]
    assert len(refusal) == 1 and slug in refusal[0] and "good.txt" in refusal[0], result.stderr
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}
    assert (tmp_path / "docs" / "reports" / f"{slug}.md").exists()


def test_a_removed_reports_address_given_away_and_then_claimed_back_refuses_one_by_name(tmp_path, sources):
    # good.txt is removed, and its address goes to other.txt through a sidecar; then the sidecar
    # goes and good.txt comes back. Both have that address in the lock: one of them must be
    # refused by name rather than one page silently replacing the other.
    assert run(tmp_path).returncode == 0
    (slug,) = [p.stem for p in (tmp_path / "docs" / "reports").glob("*.md")]
    good = (sources / "good.txt").read_bytes()
    (sources / "good.txt").unlink()
    (sources / "other.txt").write_text(GOOD.replace("自查", "述职"), encoding="utf-8")
    (sources / "other.yml").write_text(f"slug: {slug}\n", encoding="utf-8")
    assert run(tmp_path).returncode == 0
    (sources / "other.yml").unlink()
    (sources / "good.txt").write_bytes(good)
    result = run(tmp_path)
    assert result.returncode == 1
    refused = [line for line in result.stderr.splitlines() if "：已拒绝" in line]
    assert len(refused) == 1 and slug in refused[0], result.stderr
    assert len(pages(tmp_path)) == 1 and (tmp_path / "docs" / "reports" / f"{slug}.md").exists()


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("报告.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(200), "已损坏"),  # a zip cut off after its first header
        ("报告.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(200), "另存为 .docx"),  # an OLE header and nothing else
    ],
)
def test_a_damaged_word_file_is_refused_with_what_to_do(tmp_path, sources, name, data, reason):
    (sources / name).write_bytes(data)
    result = run(tmp_path)
    refusal = [line for line in result.stderr.splitlines() if line.startswith(name)]
    assert len(refusal) == 1 and reason in refusal[0], result.stderr
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}


def test_a_pdf_without_a_text_layer_is_refused_with_what_to_do(tmp_path, sources):
    (sources / "报告.pdf").write_bytes((ROOT / "tests" / "fixtures" / "pdf" / "scanned.pdf").read_bytes())
    result = run(tmp_path)
    refusal = [line for line in result.stderr.splitlines() if line.startswith("报告.pdf")]
    assert len(refusal) == 1 and "文字识别（OCR）" in refusal[0] and "请" in refusal[0], result.stderr
    assert pages(tmp_path) == {"good.txt": "镇党委自查报告"}


def test_a_lock_file_left_in_a_merge_conflict_stops_the_run_naming_it(tmp_path, sources):
    assert run(tmp_path).returncode == 0
    lock = tmp_path / "ids.lock.json"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text.replace('"reports": {', '"reports": {\n<<<<<<< HEAD\n=======\n>>>>>>> other', 1), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (tmp_path / "docs" / "reports").glob("*.md")}
    result = run(tmp_path)
    assert result.returncode not in (0, 1)  # not a refused source: nothing could be normalized
    message = result.stderr.strip().splitlines()[-1]
    assert "ids.lock.json" in message and "合并冲突标记" in message and "删去这些标记" in message, result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "docs" / "reports").glob("*.md")} == before


def test_chinese_file_names_get_slugs_that_do_not_depend_on_other_files(tmp_path, sources):
    # Two maintainers adding reports on two branches must not hand out the same address.
    (sources / "good.txt").unlink()
    (sources / "青山镇自查报告.txt").write_text(GOOD, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    (alone,) = [p.stem for p in (tmp_path / "docs" / "reports").glob("*.md")]
    (sources / "白水镇自查报告.txt").write_text(GOOD.replace("系统学习", "认真学习"), encoding="utf-8")
    other = tmp_path / "other"
    (other / "sources").mkdir(parents=True)
    (other / "sources" / "白水镇自查报告.txt").write_bytes((sources / "白水镇自查报告.txt").read_bytes())
    assert run(other).returncode == 0 and run(tmp_path).returncode == 0
    (baishui_alone,) = [p.stem for p in (other / "docs" / "reports").glob("*.md")]
    both = {source: path.stem for path in (tmp_path / "docs" / "reports").glob("*.md") for source in [parse_report(path.read_text(encoding="utf-8"), "p").meta.source]}
    assert both == {"青山镇自查报告.txt": alone, "白水镇自查报告.txt": baishui_alone}
    assert alone != baishui_alone and all(s.isascii() for s in both.values())


LONGER = GOOD + "三、下一步措施\n坚持理论学习制度，组织全体干部集中学习。\n加强作风建设，密切联系群众。\n严格落实廉政责任，筑牢思想防线。\n"


def passage_ids(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """The one page's slug and its passage ids by text."""
    (path,) = (tmp_path / "docs" / "reports").glob("*.md")
    report = parse_report(path.read_text(encoding="utf-8"), str(path))
    return path.stem, {p.text: p.id for p in report.passages()}


@pytest.mark.parametrize("edit", [False, True], ids=["renamed", "renamed and edited"])
def test_a_renamed_source_keeps_its_address_and_passage_ids(tmp_path, sources, edit):
    (sources / "good.txt").write_text(LONGER, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    slug, ids = passage_ids(tmp_path)
    text = LONGER.replace("密切联系群众", "密切联系服务群众") if edit else LONGER
    (sources / "good.txt").unlink()
    (sources / "青山镇2023年自查报告.txt").write_text(text, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    new_slug, new_ids = passage_ids(tmp_path)
    assert new_slug == slug
    kept = {t: i for t, i in ids.items() if "密切联系群众" not in t}
    assert all(new_ids[t] == i for t, i in kept.items())
    assert new_ids["加强作风建设，密切联系服务群众。" if edit else "加强作风建设，密切联系群众。"] == ids["加强作风建设，密切联系群众。"]


def test_a_new_report_does_not_take_the_address_of_a_deleted_one(tmp_path, sources):
    (sources / "good.txt").write_text(LONGER, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    slug, ids = passage_ids(tmp_path)
    (sources / "good.txt").unlink()
    other = "镇党委述职报告\n一、履职情况\n全年召开党委会议研究产业发展，新建蔬菜大棚。\n二、存在的问题\n产业结构单一，集体经济薄弱。\n三、下一步措施\n发展特色种植，壮大村集体经济。\n"
    (sources / "other.txt").write_text(other, encoding="utf-8")
    assert run(tmp_path).returncode == 0
    new_slug, new_ids = passage_ids(tmp_path)
    assert new_slug != slug and not set(new_ids.values()) & set(ids.values())
    lock = (tmp_path / "ids.lock.json").read_text(encoding="utf-8")
    assert '"removed": true' in lock and f'"slug": "{slug}"' in lock  # the deleted report's tombstone


def test_an_unreadable_lock_file_stops_the_run_naming_it(tmp_path, sources):
    (tmp_path / "ids.lock.json").mkdir()  # a path that exists but cannot be read as a file
    result = run(tmp_path)
    assert result.returncode == 2 and "ids.lock.json" in result.stderr and "Traceback" not in result.stderr, result.stderr
