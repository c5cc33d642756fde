"""``grading.toml``: which exercises a class is graded on, their points, the time limit.

Tools side. Optional: without it every exercise is graded and counts equally.
See ``grading.example.toml`` at the repository root for the format::

    timeout = 900          # seconds per exercise of each submission (optional)

    [points]               # the exercises graded, and what each is worth
    ex5_1 = 10
    ex5_4 = 20

    [dask]                 # certificates for `kata grade --dask tls://HOST:8786` (optional)
    tls-ca = "ca.pem"      # paths relative to this file
    tls-cert = "client.pem"
    tls-key = "client-key.pem"

An exercise left out of ``[points]`` is not graded. ``kata grade --exercises``
narrows the selection further; ``kata release --classroom`` takes its
``max-score`` values from the same table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, Optional, Sequence

from kata import catalog
from kata.tools.common import UsageError
from kata.tools.grading.cluster_security import Tls
from kata.tools.runner import REPO_ROOT

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_PATH = REPO_ROOT / "grading.toml"


@dataclass(frozen=True)
class GradingConfig:
    points: Dict[str, float] = field(default_factory=lambda: {e.name: 1.0 for e in catalog.EXERCISES})
    timeout: Optional[float] = None
    source: Optional[Path] = None
    dask_tls: Optional[Tls] = None

    @property
    def described(self) -> str:
        return str(self.source) if self.source else "equal weights (no grading.toml)"

    def narrowed(self, names: Optional[Sequence[str]]) -> "GradingConfig":
        """The same, graded on ``names`` only (each of them must be in [points])."""
        if not names:
            return self
        names = [catalog.canonical(name) for name in names]
        unknown = [name for name in names if name not in catalog.BY_NAME]
        if unknown:
            raise UsageError(f"unknown exercise {unknown[0]!r}; known exercises: {', '.join(catalog.BY_NAME)}")
        outside = [name for name in names if name not in self.points]
        if outside:
            raise UsageError(f"{outside[0]} has no points in {self.source}; add it to [points] "
                             f"to grade it")
        wanted = set(names)
        return replace(self, points={n: p for n, p in self.points.items() if n in wanted})


def load(path: Optional[Path] = None) -> GradingConfig:
    """The configuration in ``path`` (must exist), else in the repository's grading.toml
    when there is one, else the default."""
    if path is None:
        if not DEFAULT_PATH.is_file():
            return GradingConfig()
        path = DEFAULT_PATH
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{path}: not a readable TOML file ({error})") from None
    return parse(data, Path(path))


def parse(data: dict, source: Path) -> GradingConfig:
    unknown_keys = set(data) - {"timeout", "points", "dask"}
    if unknown_keys:
        raise UsageError(f"{source}: unknown setting {sorted(unknown_keys)[0]!r} (known: timeout, "
                         f"[points], [dask])")
    return replace(_parse_points(data, source), dask_tls=_parse_dask(data.get("dask"), source))


def _parse_dask(table, source: Path) -> Optional[Tls]:
    if table is None:
        return None
    keys = ("tls-ca", "tls-cert", "tls-key")
    if not isinstance(table, dict) or set(table) != set(keys) or not all(
            isinstance(table[key], str) and table[key] for key in keys):
        raise UsageError(f"{source}: [dask] takes exactly tls-ca, tls-cert and tls-key, each the "
                         f"path of a PEM file (relative to {source.name}'s folder)")
    return Tls(*(source.parent / Path(table[key]).expanduser() for key in keys))


def _parse_points(data: dict, source: Path) -> GradingConfig:
    timeout = data.get("timeout")
    if timeout is not None and (not _is_number(timeout) or timeout <= 0):
        raise UsageError(f"{source}: timeout must be a positive number of seconds, not {timeout!r}")
    table = data.get("points")
    if table is None:
        return GradingConfig(timeout=float(timeout) if timeout else None, source=source)
    if not isinstance(table, dict) or not table:
        raise UsageError(f"{source}: [points] must list at least one exercise, as ex5_1 = 10")
    points = {}
    for given, value in table.items():
        name = catalog.canonical(given)
        if name not in catalog.BY_NAME:
            raise UsageError(f"{source}: unknown exercise {given!r} in [points]; known exercises: "
                             f"{', '.join(catalog.BY_NAME)}")
        if not _is_number(value) or value < 0:
            raise UsageError(f"{source}: the points of {name} must be a number >= 0, not {value!r}")
        points[name] = float(value)
    if not any(points.values()):
        raise UsageError(f"{source}: every exercise in [points] is worth 0")
    ordered = {e.name: points[e.name] for e in catalog.EXERCISES if e.name in points}
    return GradingConfig(ordered, float(timeout) if timeout else None, source)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
