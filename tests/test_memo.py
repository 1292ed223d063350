"""The in-process memo of email conversions: used by the live preview only, exact by construction."""

from __future__ import annotations

from generator.memo import Memo


def test_an_inactive_memo_always_computes() -> None:
    memo, calls = Memo(), []
    for _ in range(2):
        assert memo.get("f", ("a",), lambda: calls.append(1) or "x") == "x"
    assert len(calls) == 2 and memo.values == {}


def test_an_active_memo_computes_each_input_once_and_stays_bounded() -> None:
    memo, calls = Memo(limit=2), []
    memo.active = True
    for key in ("a", "b", "a", "b", "c", "a"):
        assert memo.get("f", (key,), lambda key=key: calls.append(key) or key.upper()) == key.upper()
    assert calls == ["a", "b", "c", "a"]  # full at "c": cleared, so "a" is computed again
    assert memo.get("g", ("a",), lambda: "other") == "other"  # each function has its own keys
