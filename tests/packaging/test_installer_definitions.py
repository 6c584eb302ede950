"""The installer definitions that can be checked here: the shared PyInstaller spec for each platform,
the WiX file (compiled by wixl into a real MSI), and the Linux desktop entry and AppStream metainfo.

The Windows and macOS builds themselves need those systems (packaging/README.md); the Linux package
is built and smoke-tested by packaging/build-linux.sh, which scripts/test.sh runs.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from ledger_client import version

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.customsworkstation.Workstation"


class _Recorder:
    """Stands in for PyInstaller's build targets (Analysis, PYZ, EXE, COLLECT, BUNDLE) and records each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[object, ...], dict[str, object]]] = []

    def target(self, kind: str) -> object:
        def build(*args: object, **kwargs: object) -> SimpleNamespace:
            self.calls.append((kind, args, kwargs))
            return SimpleNamespace(kind=kind, binaries=[], datas=[], scripts=[], pure=[], name=kwargs.get("name"))

        return build

    def of(self, kind: str) -> list[dict[str, object]]:
        return [kwargs for k, _args, kwargs in self.calls if k == kind]


def _run_spec(platform: str, icons: Path, monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    recorder = _Recorder()
    spec = PACKAGING / "customs-workstation.spec"
    namespace = {name: recorder.target(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    namespace |= {"SPECPATH": str(PACKAGING), "__file__": str(spec), "__name__": "spec"}
    monkeypatch.setenv("WORKSTATION_ICON_DIR", str(icons))
    monkeypatch.setattr(sys, "platform", platform)
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    monkeypatch.undo()
    return recorder


@pytest.mark.slow
def test_the_shared_spec_defines_each_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linux = _run_spec("linux", tmp_path, monkeypatch)
    analysis = linux.of("Analysis")[0]
    hidden = analysis["hiddenimports"]
    assert isinstance(hidden, list)
    assert {"PySide6.QtCharts", "sqlcipher3", "nacl.bindings", "ledger_node.__main__"} <= set(hidden)
    datas = analysis["datas"]
    assert isinstance(datas, list)
    assert any(str(dest).startswith("customs_workstation.") for _src, dest in datas)  # the version's metadata
    assert any(str(dest).startswith("resources") for _src, dest in datas)
    assert [(e["name"], e["console"]) for e in linux.of("EXE")] == [("workstation", True)]
    assert linux.of("BUNDLE") == []
    assert (tmp_path / "256x256" / "customs-workstation.png").stat().st_size > 1000

    windows = _run_spec("win32", tmp_path, monkeypatch)
    assert [(e["name"], e["console"]) for e in windows.of("EXE")] == [("workstation", True), ("workstation-gui", False)]
    assert windows.of("EXE")[0]["icon"] == str(tmp_path / "customs-workstation.ico")

    mac = _run_spec("darwin", tmp_path, monkeypatch)
    (bundle,) = mac.of("BUNDLE")
    assert bundle["name"] == "Customs Workstation.app" and bundle["bundle_identifier"] == APP_ID
    plist = bundle["info_plist"]
    assert isinstance(plist, dict)
    assert plist["CFBundleShortVersionString"] == version.version() == bundle["version"]
    assert bundle["icon"] == str(tmp_path / "customs-workstation.icns")


def test_the_wix_definition_compiles_to_a_per_machine_msi(tmp_path: Path) -> None:
    """wixl (msitools) compiles the .wxs with a stand-in for the PyInstaller folder (Windows builds the real one)."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    for name in ("workstation.exe", "workstation-gui.exe", "_internal/python311.dll", "_internal/PySide6/Qt6Core.dll"):
        (bundle / name).write_bytes(b"MZ stand-in for " + name.encode())
    listing = "\n".join(str(p.relative_to(tmp_path)) for p in sorted(bundle.rglob("*")) if p.is_file()) + "\n"
    harvested = subprocess.run(
        ["wixl-heat", "--prefix", "bundle/", "--directory-ref", "INSTALLFOLDER", "--component-group", "BundleFiles",
         "--var", "var.BundleDir", "--win64"],
        input=listing, capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout  # fmt: skip
    (tmp_path / "bundle.wxs").write_text(harvested, encoding="utf-8")
    msi = tmp_path / "customs-workstation.msi"
    subprocess.run(
        ["wixl", "-a", "x64", "-D", "Win64=yes", "-D", f"Version={version.version()}", "-D", "BundleDir=bundle",
         str(PACKAGING / "windows" / "customs-workstation.wxs"), "bundle.wxs", "-o", str(msi)],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip

    def table(name: str) -> list[list[str]]:
        out = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True, text=True, check=True).stdout
        return [line.split("\t") for line in out.splitlines()[3:]]

    properties = {row[0]: row[1] for row in table("Property")}
    assert properties["ALLUSERS"] == "1"  # per-machine
    assert properties["ProductVersion"] == version.version()
    assert properties["ProductName"] == "Customs Workstation"
    (shortcut,) = table("Shortcut")
    assert shortcut[4] == "[INSTALLFOLDER]workstation-gui.exe"
    files = {row[2].split("|")[-1] for row in table("File")}
    assert {"workstation.exe", "workstation-gui.exe", "python311.dll", "Qt6Core.dll"} <= files


def test_the_desktop_entry_launches_the_workstation_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign] # desktop keys are case-sensitive
    entry.read(PACKAGING / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"].split()[0] == "workstation"
    assert section["Icon"] == "customs-workstation"
    assert (PACKAGING / "icons" / "customs-workstation.svg").exists()
    assert section["Categories"].endswith(";")


def test_the_appstream_metainfo_is_valid(tmp_path: Path) -> None:
    template = (PACKAGING / "linux" / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo = tmp_path / f"{APP_ID}.metainfo.xml"
    metainfo.write_text(template.replace("@VERSION@", version.version()).replace("@DATE@", "2026-12-07"))
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'<release version="{version.version()}"' in metainfo.read_text()
