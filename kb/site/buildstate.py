"""Values one hook works out in ``on_files`` and later hooks of the same build read."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class BuildSlot(Generic[T]):
    """Holds one value for the running build; reading it before it is published fails loudly."""

    def __init__(self, missing: str) -> None:
        self._value: T | None = None
        self._missing = missing

    def publish(self, value: T) -> None:
        """Make ``value`` the one later hooks of this build read."""
        self._value = value

    def clear(self) -> None:
        """Forget the previous build's value, so a hook ordering mistake fails loudly."""
        self._value = None

    def current(self) -> T:
        """The value of the running build."""
        if self._value is None:
            raise RuntimeError(self._missing)
        return self._value
