"""The agency's defaults file: parsed strictly, locks what it sets, and a broken file stops the workstation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.tls_network import make_ca
from workstation import agency, profiles, session

PASSPHRASE = "agency test passphrase"


def _defaults(tmp_path: Path, content: object) -> dict[str, str]:
    path = tmp_path / "defaults.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    return {agency.DEFAULTS_ENV: str(path)}


def test_no_file_means_no_defaults(tmp_path: Path) -> None:
    loaded = agency.load({agency.DEFAULTS_ENV: str(tmp_path / "absent.json")})
    assert loaded == agency.AgencyDefaults() and loaded.locked == frozenset()


def test_the_default_location_on_linux() -> None:
    assert agency.default_path() == Path("/etc/customs-workstation/defaults.json")


def test_every_member_is_read_and_the_network_ones_lock(tmp_path: Path, trust_file: Path) -> None:
    ca = make_ca(tmp_path / "ca").ca
    env = _defaults(
        tmp_path,
        {
            "ledger_url": "https://ledger.customs.example/",
            "trust_file": str(trust_file),
            "proxy": "http://proxy.agency.example:3128",
            "ca_bundle": str(ca),
            "theme": "dark",
        },
    )
    loaded = agency.load(env)
    assert loaded.locked == {"ledger_url", "trust_file", "proxy", "ca_bundle"}
    assert loaded.theme == "dark" and loaded.trust_file == trust_file
    user = profiles.ProfileSettings("http://127.0.0.1:9/", {"log_vkey": "mine"}, 5, proxy="direct", ca_bundle="")
    applied = loaded.apply(user)
    assert applied.ledger_url == "https://ledger.customs.example/"
    assert dict(applied.trust) == json.loads(trust_file.read_text())
    assert (applied.proxy, applied.ca_bundle, applied.auto_sync_minutes) == (
        "http://proxy.agency.example:3128",
        str(ca),
        5,
    )
    with pytest.raises(agency.LockedSettingError) as caught:
        loaded.refuse_change("ca_bundle")
    assert caught.value.setting == "ca_bundle" and str(tmp_path / "defaults.json") in str(caught.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ([], "not a JSON object"),
        ({"proxies": "direct"}, "unknown member(s) proxies"),
        ({"ledger_url": "ftp://x"}, "ledger_url must start with"),
        ({"theme": "purple"}, "theme must be one of"),
        ({"proxy": "socks5://x:1"}, "proxy: a proxy is 'system', 'direct' or a URL"),
        ({"ca_bundle": "/no/such.pem"}, "ca_bundle: cannot read the CA bundle"),
        ({"trust_file": "/no/such/TRUST.json"}, "cannot be read as JSON"),
        ({"proxy": 3128}, "proxy must be a non-empty string"),
    ],
)
def test_a_broken_file_is_an_error_naming_it(tmp_path: Path, content: object, problem: str) -> None:
    env = _defaults(tmp_path, content)
    with pytest.raises(agency.AgencyDefaultsError) as caught:
        agency.load(env)
    assert problem in str(caught.value)
    assert caught.value.path == tmp_path / "defaults.json"


def test_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "defaults.json"
    path.write_text("{ledger_url: x", encoding="utf-8")
    with pytest.raises(agency.AgencyDefaultsError, match="not valid JSON"):
        agency.load({agency.DEFAULTS_ENV: str(path)})


def test_the_agency_trust_file_replaces_the_profiles_witness_policy(
    tmp_path: Path, trust_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who edited settings.json down to one witness still opens the profile under the agency's policy."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    agency_trust = json.loads(trust_file.read_text())
    profile = profiles.Profile.named("officer")
    weakened = profiles.ProfileSettings("http://127.0.0.1:9/", {**agency_trust, "witness_quorum": 1})
    session.open_session(profile, PASSPHRASE, new_settings=weakened).close()
    assert profile.load_settings().trust["witness_quorum"] == 1
    monkeypatch.setenv(agency.DEFAULTS_ENV, _defaults(tmp_path, {"trust_file": str(trust_file)})[agency.DEFAULTS_ENV])
    opened = session.open_session(profile, PASSPHRASE)
    try:
        assert dict(opened.settings.trust) == agency_trust
        assert opened.trust.quorum == agency_trust["witness_quorum"] == 2
    finally:
        opened.close()


def test_the_cli_cannot_override_a_locked_ca_bundle(
    tmp_path: Path, trust_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workstation.__main__ import main

    ca = make_ca(tmp_path / "ca").ca
    other = make_ca(tmp_path / "other", name="Another CA").ca
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv(agency.DEFAULTS_ENV, _defaults(tmp_path, {"ca_bundle": str(ca)})[agency.DEFAULTS_ENV])
    code = main(["--ca-bundle", str(other), "sync", "--ledger", "http://127.0.0.1:9/", "--trust", str(trust_file)])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert out["error"] == "usage" and "ca_bundle is set by the agency" in out["message"]


def test_a_new_profile_for_another_ledger_than_the_agencys_is_refused(
    tmp_path: Path, trust_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workstation.__main__ import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    env = _defaults(tmp_path, {"ledger_url": "https://ledger.customs.example/", "trust_file": str(trust_file)})
    monkeypatch.setenv(agency.DEFAULTS_ENV, env[agency.DEFAULTS_ENV])
    code = main(["sync", "--ledger", "http://127.0.0.1:9/", "--trust", str(trust_file)])
    out = json.loads(capsys.readouterr().out)
    assert code == 2 and "ledger_url is set by the agency" in out["message"]
    assert not profiles.Profile.named("default").exists()


def test_the_demo_opens_without_the_agency_defaults(
    tmp_path: Path, trust_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loopback DEMO ledger is not the agency's: the demo passes empty defaults, even with a broken file."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv(agency.DEFAULTS_ENV, _defaults(tmp_path, {"proxy": 3128})[agency.DEFAULTS_ENV])
    settings = profiles.ProfileSettings("http://127.0.0.1:9/", json.loads(trust_file.read_text()))
    with pytest.raises(agency.AgencyDefaultsError):
        session.open_session(profiles.Profile.named("demo"), PASSPHRASE, new_settings=settings)
    opened = session.open_session(
        profiles.Profile.named("demo"), PASSPHRASE, new_settings=settings, agency=agency.AgencyDefaults()
    )
    assert opened.network.proxy == "system"
    opened.close()
