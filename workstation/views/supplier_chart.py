"""A supplier's record over time: certifications issued and revoked per month (QtCharts bars)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence

from PySide6.QtCharts import QAbstractAxis, QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from trade.suppliers import MonthCount
from workstation.plain_text import html_text
from workstation.views import theme

#: (issued, revoked, revoked's border) per theme; the revoked bars also differ by their border, not color alone.
_BARS = {
    theme.Theme.STANDARD: (QColor("#1f4e8c"), QColor("#b3261e"), QColor("#000000")),
    theme.Theme.HIGH_CONTRAST: (QColor("#ffffff"), QColor("#ffff00"), QColor("#ffffff")),
}


def _month_label(month: str) -> str:
    """``2024-07`` -> ``Jul 24`` (never read as a day of a month)."""
    year, number = month.split("-")
    return f"{calendar.month_abbr[int(number)]} {year[2:]}"


class SupplierChart(QChartView):
    """Two bar series, *Issued* and *Revoked*, one category per month of the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(max(220, 16 * self.fontMetrics().height()))  # axis labels and titles at any text size
        self.series: QBarSeries | None = None
        self.show_months("", ())

    def show_months(self, title: str, months: Sequence[MonthCount]) -> None:
        chart = QChart()
        app = QApplication.instance()
        shown = theme.current(app) if isinstance(app, QApplication) else theme.Theme.STANDARD
        if shown is theme.Theme.HIGH_CONTRAST:
            chart.setTheme(QChart.ChartTheme.ChartThemeHighContrast)
            chart.setBackgroundBrush(QColor("#000000"))
        issued_color, revoked_color, revoked_border = _BARS[shown]
        chart.setTitle(html_text(title) if title else "Certifications issued and revoked per month")  # always HTML
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.setMargins(QMargins(4, 4, 4, 4))
        issued, revoked = QBarSet("Issued"), QBarSet("Revoked (month the revocation took effect)")
        issued.setColor(issued_color)
        revoked.setColor(revoked_color)
        revoked.setBorderColor(revoked_border)
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
        axis_x.setTitleText("month")
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
        self._style_words(chart, (axis_x, axis_y), shown)
        old = self.chart()
        self.setChart(chart)
        if old is not chart:
            old.deleteLater()
        self.series = series

    def _style_words(self, chart: QChart, axes: tuple[QAbstractAxis, ...], shown: theme.Theme) -> None:
        """Axis words follow the application's text size (a little smaller), never cut; white on High contrast."""
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        for axis in axes:
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
            axis.setTruncateLabels(False)  # "Aug 23", never "Aug..."
        if shown is theme.Theme.HIGH_CONTRAST:
            white = QColor("#ffffff")
            chart.setTitleBrush(white)
            chart.legend().setLabelColor(white)
            for axis in axes:
                axis.setLabelsBrush(white)
                axis.setTitleBrush(white)
                axis.setLinePenColor(white)
