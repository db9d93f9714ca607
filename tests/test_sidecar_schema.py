"""Sidecars and the id lock read through the report metadata schema: one error shape, naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.normalize.lock import LockedReport, LockFileError, dump_lock, load_lock, removed_slugs
from kb.normalize.sidecar import Sidecar, SidecarError, read_sidecar


def sidecar(tmp_path: Path, text: str | bytes) -> Sidecar:
    path = tmp_path / "good.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_sidecar(path)


def test_a_sidecar_sets_the_fields_it_names_type_meaning_doc_type(tmp_path: Path) -> None:
    assert sidecar(tmp_path, "type: 自查报告\nyear: 2021\nplace: 青山镇\n") == Sidecar(year=2021, doc_type="自查报告", place="青山镇")


def test_a_title_yaml_reads_as_a_number_is_the_text_the_maintainer_wrote(tmp_path: Path) -> None:
    assert sidecar(tmp_path, "title: 2023\nplace:\n") == Sidecar(title="2023")


def test_an_empty_sidecar_sets_nothing(tmp_path: Path) -> None:
    assert sidecar(tmp_path, "") == Sidecar()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("year: 2021\ntitel: 错字\n", "good.yml 第 2 行，键“titel”：不认识这个键（可用的键：place、slug、title、type、year）。请改正后重新构建"),
        ("place: 青山镇\nyear: 二〇二一\n", "good.yml 第 2 行，year（年份）：应是整数，而不是 '二〇二一'。"),
        ("year: 1899\n", "good.yml 第 1 行，year（年份）：应是 1949 到 2100 之间的年份，如 2023，而不是 1899。"),
        ("place: 青山镇\nslug: Qingshan\n", "good.yml 第 2 行，slug（地址）：只能由小写英文字母、数字和“-”组成"),
        ("title: [青山镇, 自查报告]\n", "good.yml 第 1 行，title（标题）：应是一行文字，而不是 ['青山镇', '自查报告']。"),
        ("title: |\n  青山镇\n  自查报告\n", "good.yml 第 1 行，title（标题）：应是一行文字，不能换行。"),
        ("type: true\n", "good.yml 第 1 行，type（类型）：应是一行文字，而不是 True。"),
        ("- 青山镇\n- 2021\n", "good.yml 第 1 行：应是每行一个“键: 值”的映射。"),
        ("year: 2021\ntitle: [未闭合\n", "good.yml 第 3 行：不是有效的 YAML（"),
        ("title: 青山镇\nplace: 白水镇\n".encode("gbk"), "good.yml 第 1 行：不是 UTF-8 编码的文本。请用 UTF-8 编码另存这个文件"),
    ],
    ids=["unknown key", "year not a number", "year out of range", "slug", "list", "two lines", "boolean", "not a mapping", "not yaml", "not utf-8"],
)
def test_a_mistyped_sidecar_names_its_line_and_key(tmp_path: Path, text: str | bytes, says: str) -> None:
    with pytest.raises(SidecarError) as refused:
        sidecar(tmp_path, text)
    assert str(refused.value).startswith(says), str(refused.value)


def test_removed_reports_keep_their_slugs_for_tombstones(tmp_path: Path) -> None:
    lock = tmp_path / "lock.json"
    lock.write_text(dump_lock({"a.txt": LockedReport("zicha-2021-a"), "b.txt": LockedReport("zicha-2021-b", removed=True)}), encoding="utf-8")
    assert removed_slugs(lock) == ["zicha-2021-b"]
    assert removed_slugs(tmp_path / "none.json") == []


def test_a_hand_edited_slug_in_the_lock_is_refused_naming_the_entry(tmp_path: Path) -> None:
    # A tombstone is written at reports/<slug>/: a slug with "/" or ".." would put it elsewhere.
    lock = tmp_path / "lock.json"
    lock.write_text(dump_lock({"b.txt": LockedReport("../index", removed=True)}), encoding="utf-8")
    with pytest.raises(LockFileError) as refused:
        load_lock(lock)
    assert str(refused.value).startswith(f"{lock}，“b.txt”的 slug（地址）：段落编号锁定文件中的地址只能由小写英文字母、数字和“-”组成"), str(refused.value)
    assert "git checkout --" in str(refused.value)


def test_a_lock_that_is_not_json_names_its_line(tmp_path: Path) -> None:
    lock = tmp_path / "lock.json"
    lock.write_text('{\n  "format": 1,\n  "reports": {,\n}\n', encoding="utf-8")
    with pytest.raises(LockFileError) as refused:
        load_lock(lock)
    assert str(refused.value).startswith(f"{lock} 第 3 行：段落编号锁定文件无法读取：第 15 列起不是有效的 JSON"), str(refused.value)
