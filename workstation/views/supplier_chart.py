"""A supplier's record over time: certifications issued and revoked per month (QtCharts bars)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from trade.suppliers import MonthCount
from workstation.plain_text import html_text

_ISSUED, _REVOKED = QColor("#1f4e8c"), QColor("#b3261e")


def _month_label(month: str) -> str:
    """``2024-07`` -> ``Jul 24`` (never read as a day of a month)."""
    year, number = month.split("-")
    return f"{calendar.month_abbr[int(number)]} {year[2:]}"


class SupplierChart(QChartView):
    """Two bar series, *Issued* and *Revoked*, one category per month of the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.series: QBarSeries | None = None
        self.show_months("", ())

    def show_months(self, title: str, months: Sequence[MonthCount]) -> None:
        chart = QChart()
        chart.setTitle(html_text(title) if title else "Certifications issued and revoked per month")  # always HTML
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.setMargins(QMargins(4, 4, 4, 4))
        issued, revoked = QBarSet("Issued"), QBarSet("Revoked (month the revocation took effect)")
        issued.setColor(_ISSUED)
        revoked.setColor(_REVOKED)
        revoked.setBorderColor(QColor("black"))
        for month in months:
            issued.append(month.issued)
            revoked.append(month.revoked)
        series = QBarSeries()
        series.append(issued)
        series.append(revoked)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([_month_label(m.month) for m in months] or [""])
        axis_x.setLabelsAngle(-90)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        top = max((max(m.issued, m.revoked) for m in months), default=0)
        axis_y.setRange(0, max(top, 1))
        axis_y.setTickCount(min(max(top, 1), 5) + 1)
        axis_y.setTitleText("count")  # the chart title names what is counted; a long word would not fit beside the plot
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        old = self.chart()
        self.setChart(chart)
        if old is not chart:
            old.deleteLater()
        self.series = series
