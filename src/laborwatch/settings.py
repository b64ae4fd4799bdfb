"""Settings: one frozen object, built once by `load_settings`, passed down.

Layers, each overriding the one before: the defaults below < `LABORWATCH_*` environment
variables < command-line flags. No module reads the environment on its own.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from laborwatch.errors import ConfigError

ENV_PREFIX = "LABORWATCH_"
MEGABYTE = 1024 * 1024


# documents stored per transaction: each costs a few statements and a commit, so larger
# batches store faster; 500 reports are a few megabytes in memory
BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = field(
        default="laborwatch.db",
        metadata={"help": "database: a file path (SQLite) or a SQLAlchemy URL"},
    )
    max_file_mb: float = field(
        default=20.0,
        metadata={"help": "input files larger than this many megabytes are refused unread"},
    )
    progress: bool = field(
        default=True,
        metadata={"help": "show progress bars on stderr during long work"},
    )

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MEGABYTE)


def setting_help() -> dict[str, str]:
    """Each setting's name and help text, for the docs."""
    return {f.name: str(f.metadata.get("help", "")) for f in fields(Settings)}


def load_settings(
    env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Defaults < `LABORWATCH_*` variables in `env` (os.environ when None) < `overrides`.

    Overrides whose value is None are ignored, so unset flags leave the layer below.
    """
    environment = os.environ if env is None else env
    settings = Settings()
    from_env = {
        f.name: _parse(f.name, environment[ENV_PREFIX + f.name.upper()], f.type)
        for f in fields(Settings)
        if environment.get(ENV_PREFIX + f.name.upper(), "").strip()
    }
    settings = replace(settings, **from_env)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    unknown = set(given) - {f.name for f in fields(Settings)}
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    settings = replace(settings, **given)
    if settings.max_file_mb <= 0:
        raise ConfigError("max_file_mb must be a positive number of megabytes")
    return settings


def _parse(name: str, raw: str, kind: Any) -> Any:
    text = raw.strip()
    variable = ENV_PREFIX + name.upper()
    if kind in (bool, "bool"):
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{variable} must be true or false, not {raw!r}")
    if kind in (float, "float"):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{variable} must be a number, not {raw!r}") from None
    return text
