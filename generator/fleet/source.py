"""Where a fleet's databases come from: a targets file, or a Turso organization (and group)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from generator.config import DEFAULT_PLATFORM_API
from generator.errors import DataError

if TYPE_CHECKING:
    from generator.fleet.targets import FleetTarget, Secrets


class FleetSource(Struct, frozen=True):
    """The `--targets FILE` or `--platform-org ORG [--group G]` of a command."""

    targets: Path | None = None
    platform_org: str | None = None
    group: str | None = None
    platform_api: str = DEFAULT_PLATFORM_API

    @property
    def given(self) -> bool:
        """True when a fleet is named."""
        return self.targets is not None or self.platform_org is not None

    def check(self, url: str | None = None) -> None:
        """DataError when the options contradict each other (`url`: a --url given as well)."""
        if self.group is not None and self.platform_org is None:
            raise DataError("--group needs --platform-org")
        if self.targets is not None and self.platform_org is not None:
            raise DataError("--targets and --platform-org are two ways to name a fleet: use one")
        if url and self.given:
            raise DataError("--url names one database: leave it out with --targets or --platform-org")

    @property
    def label(self) -> str:
        """`targets.txt`, or `Turso organization acme, group tenants`."""
        if self.targets is not None:
            return str(self.targets)
        return f"Turso organization {self.platform_org}" + (f", group {self.group}" if self.group else "")

    def load(self, secrets: Secrets) -> tuple[FleetTarget, ...]:
        """The databases: every line of the file checked, or the organization's list from the API."""
        # Imported here: a command with no fleet asks only `given` and `check` (and starts faster), a
        # targets file needs no Platform API client.
        self.check()
        if self.targets is not None:
            from generator.fleet.targets import read_targets

            return read_targets(self.targets, secrets)
        from generator.fleet.platform import TOKEN_VARIABLE, list_databases

        if self.platform_org is None:
            raise DataError("no fleet given: use --targets FILE or --platform-org ORG")
        token = secrets.get(TOKEN_VARIABLE)
        if token is None:
            raise DataError(f"--platform-org needs a Turso Platform API token in {TOKEN_VARIABLE}")
        return list_databases(self.platform_org, token, group=self.group, api_url=self.platform_api)
