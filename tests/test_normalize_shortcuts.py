"""The id lock's shortcut gives exactly what the plain way of doing the same gives."""

from __future__ import annotations


def test_lock_rows_of_a_section_are_the_rows_one_by_one():
    from kb.normalize.ids import LockedId
    from kb.normalize.lock import _json_row, _json_rows

    plain = [LockedId("p-1a2b3c", "0f9e8d7c", "0a1b2c ffffff"), LockedId("s-abc", "00000000")]
    odd = [LockedId('p-"q"', "a\\b", "中文 x\ny"), LockedId("P-UPPER", "_", "/")]
    for entries in (plain, odd, plain + odd, odd + plain, []):
        assert _json_rows(entries) == [_json_row(e) for e in entries]
