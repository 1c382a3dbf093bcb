"""A mixin for things that hold a resource: `with thing:` closes it on the way out."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class ClosesOnExit:
    """Gives a class with an idempotent `close()` the context-manager protocol."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
