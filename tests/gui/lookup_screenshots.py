"""Screenshots of the four lookup pages, each with a demo result, against the demo ledger served on loopback.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.lookup_screenshots [OUT_DIR]

PNGs (``gui-origin.png``, ``gui-licence.png``, ``gui-product.png``, ``gui-supplier.png``) go to
``/tmp/workstation-shots/`` by default; the README's copies live in ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.gui.screenshots import settle, shoot, wait
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import app, profiles, session
from workstation.lookups.kind import LookupKind
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.views.form_page import FormPage
from workstation.views.product_page import ProductPage

AS_OF = "2025-06-30"
PASSPHRASE = "screenshot passphrase"


def type_in(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    edit.insert(text)


def run(page: FormPage, values: dict[str, str]) -> None:
    for name, text in values.items():
        type_in(page.form.fields[name], text)
    page.form.submit()
    wait(page.service.finished, 30_000)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ws-lookup-shots-")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish(timestamp=int(time.time()) - 60)  # cosigned a minute ago, as a live witness would
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    pool, notifier = WorkerPool(qpool), Notifier()
    with serve(served) as url:
        profile = profiles.Profile.named("officer")
        session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(url, trust, 0)).close()
        opened = session.open_session(profile, PASSPHRASE)
        shell = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
        window = shell.window
        window.resize(1240, 860)
        shell.start()
        wait(shell.sync.finished, 60_000)
        settle(600)
        pages = window.pages

        origin = pages[LookupKind.ORIGIN]
        assert isinstance(origin, FormPage)
        window.show_page(LookupKind.ORIGIN)
        run(origin, {"entry": "E-1031", "as_of": AS_OF})
        shoot(window, out, "gui-origin")

        licence = pages[LookupKind.LICENCE]
        assert isinstance(licence, FormPage)
        window.show_page(LookupKind.LICENCE)
        run(licence, {"mark": "LARKSPUR", "shipper": "Hilos del Valle", "facility": "F-SV-013", "goods": "hoodies",
                      "hs": "6110.30", "making_country": "SV", "ship_date": "2025-03-01", "as_of": AS_OF})  # fmt: skip
        shoot(window, out, "gui-licence")

        product = pages[LookupKind.PRODUCT]
        assert isinstance(product, ProductPage)
        window.show_page(LookupKind.PRODUCT)
        type_in(product.form.fields["profile"], "LS-STR-01")
        type_in(product.form.fields["season"], "SS25")
        product.service.describe_profile("LS-STR-01", "SS25")
        wait(product.service.profile_described)
        run(product, {"colourway": "BKE", "serial": "LS25S700001", "factory": "F-MX-017", "entry": "E-2201",
                      "importer": "Harborline", "date": "2025-05-07", "features.quarter_panel_spi": "9",
                      "features.upper_material": "recycled polyester knit"})  # fmt: skip
        shoot(window, out, "gui-product")

        supplier = pages[LookupKind.SUPPLIER]
        assert isinstance(supplier, FormPage)
        window.show_page(LookupKind.SUPPLIER)
        run(supplier, {"party": "Talleres Ocotillo", "as_of": AS_OF})
        settle(600)
        shoot(window, out, "gui-supplier")
    shell.close()
    qapp.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
