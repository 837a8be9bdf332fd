"""Every list a party reads comes in pages: no query silently stops at N rows.

A query names its rows (a SELECT without ORDER BY), its order (which must end on a unique column, so a
row never shows on two pages or none) and the page asked for; ``fetch`` answers that page with the
total, so a reader always knows what is beyond the page. The web layer turns a ``Page`` into the
API's paging fields and the pages' previous/next links (``web.paging``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from registry.kernel.errors import InvalidValue

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from adapters.viewstore import Tx

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 100_000  # past this an OFFSET costs more than any reader needs; narrow the filter instead


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list: ``page`` counts from 1, at most ``MAX_PER_PAGE`` rows per page."""

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def __post_init__(self) -> None:
        self.check_page_in_range()

    def check_page_in_range(self) -> None:
        if not isinstance(self.page, int) or isinstance(self.page, bool) or not 1 <= self.page <= MAX_PAGE:
            raise InvalidValue(f"page counts from 1 to {MAX_PAGE}", field="page")
        if (not isinstance(self.per_page, int) or isinstance(self.per_page, bool)
                or not 1 <= self.per_page <= MAX_PER_PAGE):
            raise InvalidValue(f"per_page is between 1 and {MAX_PER_PAGE}", field="per_page")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


FIRST_PAGE = PageRequest()


@dataclass(frozen=True)
class Page:
    """One page of a list, with what a reader needs to move on."""

    items: list[dict[str, Any]]
    page: int
    per_page: int
    total: int
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the filters the page was read with

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def previous(self) -> int | None:
        return min(self.page - 1, self.pages) if self.page > 1 else None

    @classmethod
    def empty(cls, request: PageRequest) -> Page:
        """The answer for a reader who may see none of the list."""
        return cls([], request.page, request.per_page, 0)

    def paging(self) -> dict[str, Any]:
        return {"page": self.page, "per_page": self.per_page, "total": self.total, "pages": self.pages,
                "next": self.next, "previous": self.previous}


def fetch(tx: Tx, select: str, params: Mapping[str, Any], order_by: str, request: PageRequest,
          shape: Callable[[dict[str, Any]], dict[str, Any]] = dict) -> Page:
    """The page ``request`` of ``select`` in ``order_by`` order, each row passed through ``shape``.

    ``select`` takes ``:named`` parameters from ``params``; the page's own are ``:page_limit`` and ``:page_offset``.
    """
    total = tx.one(f"SELECT COUNT(*) AS n FROM ({select}) listed", params)["n"]
    rows = tx.execute(f"{select} ORDER BY {order_by} LIMIT :page_limit OFFSET :page_offset",
                      {**params, "page_limit": request.per_page, "page_offset": request.offset})
    return Page([shape(r) for r in rows], request.page, request.per_page, int(total))
