"""What every ``registry`` command shares (click's context object): the settings, read from the environment
on first use, and the platform, opened on first use and closed (stores, connection pools) when the command
ends. Both are lazy so that ``--help``, ``verify --trust-root`` and the benchmarks never create an instance
folder."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import click

from adapters.instance import Settings, load_settings

if TYPE_CHECKING:
    from web.bootstrap import Platform


class Operator:
    """The context object of one ``registry`` invocation (``ctx.obj``)."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._platform: Platform | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def platform(self) -> Platform:
        if self._platform is None:
            from web.bootstrap import build_platform  # only commands that use the stores pay for opening them

            self._platform = build_platform(self.settings)
            click.get_current_context().find_root().call_on_close(self.close)
        return self._platform

    def close(self) -> None:
        if self._platform is not None:
            self._platform.close()
            self._platform = None


pass_operator = click.make_pass_decorator(Operator, ensure=True)


def pass_platform(command):  # noqa: ANN001, ANN201
    """Give a command the opened platform as its first argument."""

    @pass_operator
    def with_platform(operator: Operator, *args: Any, **kwargs: Any) -> Any:
        return command(operator.platform, *args, **kwargs)

    return functools.update_wrapper(with_platform, command)
