"""The project's one version string, read from the installed distribution's metadata.

``pyproject.toml`` is the only place the version is written; ``pip install``
(or the PyInstaller bundle, which copies the metadata) carries it here. Every
place that shows a version asks this module: About, each ``--version``, the
report PDFs' metadata and the ``User-Agent`` the client sends.
"""

from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "customs-workstation"
#: What a source tree that was never installed reports (``pip install -e .`` installs it).
UNKNOWN = "0+unknown"


def version() -> str:
    """The distribution's version, e.g. ``0.1.0``."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN


def product() -> str:
    """The name and version, as the report PDFs' ``Creator`` carries it: ``customs-workstation 0.1.0``."""
    return f"{DISTRIBUTION} {version()}"


def user_agent() -> str:
    """The ``User-Agent`` of every request the client sends: ``customs-workstation/<version>``."""
    return f"{DISTRIBUTION}/{version()}"


def version_line(program: str) -> str:
    """What ``<program> --version`` prints."""
    return f"{program} ({DISTRIBUTION}) {version()}"
