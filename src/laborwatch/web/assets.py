"""Front-end libraries from npm, served locally: which files, where they are, whether present.

`npm ci` at the repository root puts them in node_modules/ (pinned by package-lock.json). The
desk serves only the files named here, under /static/vendor/, so it needs no network; when they
are missing the pages say so and still load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# URL path under /static/vendor/ -> path inside node_modules/.
VENDOR_FILES: dict[str, str] = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "world-atlas/countries-110m.json": "world-atlas/countries-110m.json",
    "chart.js/chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}

MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}

ASSETS_ENV = "LABORWATCH_ASSETS_DIR"


def find_assets_dir(start: Path | None = None) -> Path:
    """The folder holding node_modules/: $LABORWATCH_ASSETS_DIR, else the nearest above
    this package (a source checkout), else the working directory."""
    if os.environ.get(ASSETS_ENV):
        return Path(os.environ[ASSETS_ENV])
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        if (folder / "node_modules").is_dir() or (folder / "package.json").is_file():
            return folder
    return Path.cwd()


@dataclass(frozen=True, slots=True)
class Assets:
    root: Path  # the folder with node_modules/

    def path(self, name: str) -> Path | None:
        """The file for a vendor URL name, or None when unknown or not installed."""
        inside = VENDOR_FILES.get(name)
        if inside is None:
            return None
        file = self.root / "node_modules" / inside
        return file if file.is_file() else None

    def missing(self) -> list[str]:
        return [name for name in VENDOR_FILES if self.path(name) is None]

    def available(self, *names: str) -> bool:
        return all(self.path(name) is not None for name in names)

    def read(self, name: str) -> str | None:
        file = self.path(name)
        return file.read_text(encoding="utf-8") if file is not None else None
