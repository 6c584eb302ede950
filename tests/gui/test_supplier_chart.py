"""The supplier chart's axis title fits beside the plot at the page's own size (it was elided: "certificat…")."""

from __future__ import annotations

from PySide6.QtCharts import QValueAxis
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from trade.suppliers import MonthCount
from workstation.views.supplier_chart import SupplierChart


def test_the_count_axis_title_is_not_cut_short(qtbot: QtBot) -> None:
    chart = SupplierChart()
    qtbot.add_widget(chart)
    chart.resize(700, 220)  # the chart's minimum height, as in the window at its default size
    months = [MonthCount(f"20{23 + (6 + k) // 12}-{(6 + k) % 12 + 1:02d}", k % 3, k % 2) for k in range(24)]
    chart.show_months("Talleres Ocotillo S. de R.L. de C.V. (P-OCOTILLO): certifications per month", months)
    chart.show()
    qtbot.waitExposed(chart)
    (axis,) = [a for a in chart.chart().axes() if isinstance(a, QValueAxis)]
    qtbot.waitUntil(lambda: chart.chart().plotArea().height() > 0)
    title_length = QFontMetrics(axis.titleFont()).horizontalAdvance(axis.titleText())
    assert title_length <= chart.chart().plotArea().height(), (axis.titleText(), chart.chart().plotArea().height())
