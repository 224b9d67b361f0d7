"""Geocoder settings: a `geomap.toml` `[geocoder]` table < GEOMAP_GEOCODER_* env vars < overrides.

One dataclass so the CLI, the fallback and `geomap config show` agree on names and defaults;
each field remembers where its value came from so a user can see why a setting is in force.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_FILENAME = "geomap.toml"
ENV_PREFIX = "GEOMAP_GEOCODER_"
#: Seconds between two requests when min_delay_seconds is not set: the Nominatim usage policy
#: asks for at most one request a second; other services get a gentler default of their own.
PROVIDER_MIN_DELAY = {"nominatim": 1.0}
DEFAULT_MIN_DELAY = 0.2


class ConfigError(ValueError):
    """A setting that cannot be used; the message names where it came from."""


@dataclass(frozen=True, slots=True)
class GeocoderConfig:
    """Everything the geocoder fallback needs. ``options`` go unchanged to the geopy class."""

    provider: str = "nominatim"
    domain: str | None = None
    scheme: str | None = None
    api_key: str | None = None
    user_agent: str | None = None
    language: str | None = None
    country_bias: tuple[str, ...] = ()
    timeout: float = 10.0
    min_delay_seconds: float | None = None
    max_retries: int = 3
    backoff_base: float = 1.0
    max_backoff_seconds: float = 60.0
    max_queries_per_article: int | None = 20
    breaker_threshold: int = 5
    breaker_cooldown: float = 300.0
    offline: bool = False
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    #: field name -> "default" | "file:<path>" | "env:<VAR>" | "flag" (an explicit override)
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def min_delay(self) -> float:
        """The delay in force: the configured one, else the provider's polite default."""
        if self.min_delay_seconds is not None:
            return self.min_delay_seconds
        return PROVIDER_MIN_DELAY.get(self.provider, DEFAULT_MIN_DELAY)

    def with_overrides(self, **overrides: Any) -> GeocoderConfig:
        """A copy with some fields replaced (None values are ignored, like unset CLI flags)."""
        return _apply(self, {k: v for k, v in overrides.items() if v is not None}, "flag")

    def to_dict(self, *, mask_secrets: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "sources":
                continue
            v = getattr(self, f.name)
            if f.name == "api_key" and v and mask_secrets:
                v = v[:3] + "…" if len(v) > 6 else "…"
            d[f.name] = list(v) if isinstance(v, tuple) else v
        d["min_delay_in_force"] = self.min_delay
        return d


_FIELDS = {f.name: f for f in fields(GeocoderConfig) if f.name != "sources"}
_FLOAT = {"timeout", "min_delay_seconds", "backoff_base", "max_backoff_seconds", "breaker_cooldown"}
_INT = {"max_retries", "max_queries_per_article", "breaker_threshold"}
_NON_NEGATIVE = _FLOAT | _INT
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(name: str, value: Any, where: str) -> Any:
    """Turn a TOML/env/flag value into the field's type, or say clearly why not."""
    if name not in _FIELDS:
        known = ", ".join(sorted(_FIELDS))
        raise ConfigError(f"{where}: unknown geocoder setting {name!r} (known: {known})")
    try:
        if name == "options":
            if not isinstance(value, dict):
                raise TypeError("a table of keyword arguments")
            return dict(value)
        if name == "offline":
            if isinstance(value, bool):
                return value
            s = str(value).strip().lower()
            if s in _TRUE | _FALSE:
                return s in _TRUE
            raise TypeError("true or false")
        if name == "country_bias":
            items = value.split(",") if isinstance(value, str) else list(value or ())
            codes = tuple(str(c).strip().lower() for c in items if str(c).strip())
            if any(len(c) != 2 or not c.isalpha() for c in codes):
                raise TypeError("ISO 3166-1 alpha-2 country codes such as 'id' or 'id,ru'")
            return codes
        if name in _FLOAT | _INT:
            if value is None or (isinstance(value, str) and value.strip().lower() in {"", "none"}):
                if name in {"min_delay_seconds", "max_queries_per_article"}:
                    return None
                raise TypeError("a number")
            if isinstance(value, bool):
                raise TypeError("a number")
            num = float(value) if name in _FLOAT else int(value)
            if num < 0:
                raise TypeError("a number >= 0")
            return num
        if value is None:
            return None
        s = str(value).strip()
        if name == "provider":
            return s.lower()
        return s or None
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{where}: {name} = {value!r} is not valid; expected {e}") from None


def _apply(cfg: GeocoderConfig, values: dict[str, Any], where: str) -> GeocoderConfig:
    changes = {k: _coerce(k, v, where) for k, v in values.items()}
    sources = dict(cfg.sources)
    sources.update({k: where for k in changes})
    return replace(cfg, **changes, sources=sources)


def config_search_paths() -> list[Path]:
    """Where `geomap.toml` is looked for, first found wins: $GEOMAP_CONFIG, cwd, config dir."""
    paths = []
    if os.environ.get("GEOMAP_CONFIG"):
        paths.append(Path(os.environ["GEOMAP_CONFIG"]))
    paths.append(Path.cwd() / CONFIG_FILENAME)
    paths.append(Path(platformdirs.user_config_dir("geomap")) / CONFIG_FILENAME)
    return paths


def find_config_file() -> Path | None:
    return next((p for p in config_search_paths() if p.is_file()), None)


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read config file: {e}") from None
    table = data.get("geocoder", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [geocoder] must be a table")
    return table


def _env_values() -> dict[str, tuple[str, str]]:
    out = {}
    for var, value in os.environ.items():
        if var.startswith(ENV_PREFIX):
            out[var[len(ENV_PREFIX):].lower()] = (value, var)
    return out


def load_config(path: str | os.PathLike[str] | None = None, **overrides: Any) -> GeocoderConfig:
    """Defaults < `geomap.toml` [geocoder] < GEOMAP_GEOCODER_<FIELD> env vars < ``overrides``.

    ``path`` names the file explicitly (it must exist); otherwise the first of
    :func:`config_search_paths` that exists is read. Overrides that are None count as unset,
    so CLI flags can be passed straight through. Raises :class:`ConfigError` on a bad value.
    """
    cfg = GeocoderConfig(sources={f: "default" for f in _FIELDS})
    file = Path(path) if path is not None else find_config_file()
    if file is not None:
        cfg = _apply(cfg, _read_file(file), f"file:{file}")
    for name, (value, var) in _env_values().items():
        cfg = _apply(cfg, {name: value}, f"env:{var}")
    return cfg.with_overrides(**overrides)
