"""Paging at the boundary: the ``page`` / ``per_page`` query arguments (checked by one schema, so a bad value
is a 422 in the one error shape), the API's paging fields and the pages' previous/next links.

An API list answers ``{<items key>: [...], "page", "per_page", "total", "pages", "next", "previous"}``:
the items keep the key clients already read (``cases``, ``filings`` ...); ``next`` and ``previous`` are
page numbers, null at either end.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from marshmallow import ValidationError, fields, validate

from projections.paging import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, Page, PageRequest
from registry.kernel.errors import InvalidValue
from web.shared.schemas import GateSchema


class PageArgsSchema(GateSchema):
    """Which page of a list; query schemas of lists inherit it."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE),
                          metadata={"description": "the page, counting from 1"})
    per_page = fields.Integer(load_default=DEFAULT_PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE),
                              metadata={"description": f"rows per page, at most {MAX_PER_PAGE}"})


def page_request(args: dict[str, Any]) -> PageRequest:
    """The page asked for, from arguments a ``PageArgsSchema`` loaded."""
    return PageRequest(args["page"], args["per_page"])


def listing(page: Page, key: str = "items", **extra: Any) -> dict[str, Any]:
    """The API's answer for one page of a list."""
    return {key: page.items, **page.paging(), **extra}


def page_from_query(page_arg: str = "page") -> PageRequest:
    """The page a browser asked for (``?page=2&per_page=50``); a bad value is refused like any other input.
    A page showing two lists names the second one's page argument (``page_arg``), so each pages on its own."""
    wanted = {k: request.args[arg] for k, arg in (("page", page_arg), ("per_page", "per_page")) if arg in request.args}
    try:
        return page_request(PageArgsSchema().load(wanted))
    except ValidationError as invalid:
        field, messages = next(iter(invalid.messages.items()))
        field = page_arg if field == "page" else field
        text = messages[0] if isinstance(messages, list) else str(messages)
        raise InvalidValue(f"{field}: {text}", field=str(field)) from None


def pager(page: Page, page_arg: str = "page") -> dict[str, Any]:
    """What a page's previous/next links need: the same query with another page number."""
    def url(number: int | None) -> str | None:
        if number is None:
            return None
        args = {**request.args.to_dict(), **(request.view_args or {}), page_arg: number}
        return url_for(request.endpoint, **args)

    return {**page.paging(), "previous_url": url(page.previous), "next_url": url(page.next),
            "first": page.total and (page.page - 1) * page.per_page + 1, "last":
            (page.page - 1) * page.per_page + len(page.items)}
