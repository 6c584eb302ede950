"""Opening a profile: the one place that wires the trust file, the encrypted cache, the mirror and the client.

Headless commands and the GUI both start here (CONTRIBUTING.md §1, "Wire once, inject
everything"). Nothing is global: a :class:`Session` holds what it built.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import ledger_client
from ledger_client import cache
from ledger_client.network import NetworkSettings
from trade import nomenclature
from workstation import agency as agency_module
from workstation import demo_ledger, freshness
from workstation.lookups.runner import LookupRunner
from workstation.profiles import Profile, ProfileSettings
from workstation.store.audit import AuditLog
from workstation.store.trade_view import TradeView


@dataclass
class Session:
    """An open profile."""

    profile: Profile
    settings: ProfileSettings
    trust: ledger_client.TrustConfig
    connection: cache.Connection
    mirror: ledger_client.Mirror
    audit: AuditLog
    clock: Callable[[], int]
    network: NetworkSettings = field(default_factory=NetworkSettings)
    agency: agency_module.AgencyDefaults = field(default_factory=agency_module.AgencyDefaults)
    _check: Callable[[Callable[[], bool] | None], bool] = field(default=lambda _stop: True, repr=False)
    _trade_view: TradeView | None = field(default=None, repr=False)

    def transport(self) -> ledger_client.HttpTransport:
        """HTTP(S) to this profile's node, through its proxy, trusting its CA bundle."""
        return ledger_client.HttpTransport(self.settings.ledger_url, network=self.network)

    def check_cache(self, should_stop: Callable[[], bool] | None = None) -> bool:
        """Read every page of the encrypted cache (slow on a large ledger: run it off the UI thread).

        Opening a profile reads only the first pages; this finds damage anywhere
        else. Returns False when ``should_stop`` ended it early.

        Raises:
            CacheCorruptedError: the file is damaged (it was moved aside).
        """
        return self._check(should_stop)

    def client(self, transport: ledger_client.Transport | None = None) -> ledger_client.LedgerClient:
        """A ledger client for this profile's node (or the given transport).

        The trade view listens to the mirror first, so that what a sync stores is indexed with it.
        """
        self.trade_view()
        return ledger_client.LedgerClient(
            transport or self.transport(),
            self.trust.log_trust(self.clock),
            self.trust.issuer_keys,
            self.mirror,
            self.clock,
        )

    def trusted_checkpoint(self) -> ledger_client.VerifiedCheckpoint | None:
        """The mirror's last verified checkpoint, re-checked offline (no network, no cosignature age)."""
        note = self.mirror.trusted_note()
        return ledger_client.verify_checkpoint(note, self.trust.log_trust()) if note else None

    @property
    def freshness_policy(self) -> freshness.FreshnessPolicy:
        """The profile's warning limit and the trust file's refusal limit (checked when the session opened)."""
        return freshness.FreshnessPolicy(
            self.settings.stale_after_hours * 3600, freshness.refuse_after_from_trust(self.settings.trust)
        )

    def checkpoint_freshness(self) -> freshness.Freshness:
        """How old the mirror's last verified checkpoint is now, against the two limits."""
        history = self.mirror.checkpoint_history()
        anchor = freshness.anchor_of(self.trusted_checkpoint(), history[-1][2] if history else None)
        return freshness.assess(anchor, self.clock(), self.freshness_policy)

    def trade_view(self) -> TradeView:
        """The rules' view of the mirror (made once per session; it indexes what the mirror stores)."""
        if self._trade_view is None:
            self._trade_view = TradeView(self.mirror, self.trust.issuer_keys[0], self.clock)
        return self._trade_view

    def prepare_lookups(self) -> None:
        """Get ready for the first lookup: the trade tables caught up with the mirror, the HS nomenclature read.

        Once the tables are current neither grows with the ledger; the shell runs it at open, off the GUI thread.
        """
        self.trade_view().source()
        nomenclature.load()

    def today(self) -> date:
        """The date forms start at: the demo ledger's own "today" on the DEMO ledger, else the clock's date."""
        if demo_ledger.pins_demo_issuer(tuple(self.trust.issuer_keys)):
            return demo_ledger.DEMO_TODAY
        return datetime.fromtimestamp(self.clock(), tz=UTC).date()

    def lookups(self) -> LookupRunner:
        return LookupRunner(
            self.mirror,
            self.trade_view(),
            self.audit,
            officer=self.profile.name,
            clock=self.clock,
            freshness=self.checkpoint_freshness,
        )

    def close(self) -> None:
        self.connection.close()


def parse_trust(raw: bytes | dict[str, object]) -> ledger_client.TrustConfig:
    data = json.dumps(raw).encode() if isinstance(raw, dict) else raw
    config = ledger_client.parse_trust_file(data)
    if config.log_key is None:
        raise ledger_client.TrustFileError(config.log_key_problem or "the trust file names no log key")
    if config.quorum < 1 or not config.witnesses:
        raise ledger_client.TrustFileError(
            "the trust file asks for no witness cosignature (witness_quorum 0); the workstation needs at least"
            " one witness, because without one a log could show this workstation a different history than"
            " everyone else and nobody would notice"
        )
    if not config.issuer_keys:
        raise ledger_client.TrustFileError("the trust file pins no CBP issuer key (cbp_issuer_key)")
    return config


def open_session(
    profile: Profile,
    passphrase: str,
    *,
    new_settings: ProfileSettings | None = None,
    keep_new_settings: bool = True,
    clock: Callable[[], int] = lambda: int(time.time()),
    agency: agency_module.AgencyDefaults | None = None,
    network_override: Callable[[ProfileSettings], ProfileSettings] | None = None,
) -> Session:
    """Open (or, with ``new_settings`` and no cache yet, create) a profile.

    ``new_settings`` are used for this session; they are saved now only with
    ``keep_new_settings`` (the officer confirmed them). ``workstation sync --ledger``
    passes False and saves them after a verified sync.

    The agency's defaults (``agency``; default: :func:`workstation.agency.load`) replace
    what they lock in stored settings; ``new_settings`` that differ from a locked value are
    refused (:class:`~workstation.agency.LockedSettingError`). ``network_override`` changes
    the proxy or CA bundle for this session only (the CLI's ``--proxy``/``--ca-bundle``);
    it may not change what the agency locked. ``Session.settings`` holds what was used.

    Raises:
        ProfileError, TrustFileError: settings or trust file unusable (AgencyDefaultsError,
            LockedSettingError: the agency's file is broken, or an override touches what it locked).
        NetworkSettingsError: the proxy or CA bundle cannot be used.
        CacheError subclasses: wrong passphrase, damaged or foreign cache, unwritable disk.
    """
    defaults = agency if agency is not None else agency_module.load()
    if new_settings is not None:
        defaults.refuse_different(new_settings)
        new_settings = defaults.apply(new_settings)
    settings = new_settings or defaults.apply(profile.load_settings())
    if network_override is not None:
        overridden = network_override(settings)
        for name in ("proxy", "ca_bundle"):
            if getattr(overridden, name) != getattr(settings, name):
                defaults.refuse_change(name)
        settings = overridden
    network = settings.network()
    trust = parse_trust(dict(settings.trust))
    freshness.refuse_after_from_trust(settings.trust)  # a malformed limit is refused before anything opens
    path: Path = profile.cache_path
    profile.make_folder()
    if profile.exists():
        conn = cache.open_existing(path, passphrase, origin=trust.origin)
    else:
        conn = cache.create(path, passphrase, origin=trust.origin)
    if new_settings is not None and keep_new_settings:
        profile.save_settings(new_settings)
    mirror = ledger_client.Mirror(conn, path)

    def check(should_stop: Callable[[], bool] | None) -> bool:
        return cache.check_integrity(path, passphrase, should_stop=should_stop)

    return Session(profile, settings, trust, conn, mirror, AuditLog(conn, path), clock, network, defaults, check)
