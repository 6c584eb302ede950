"""Text from outside (officer input, ledger records, report files) shown as plain text in Qt, never as markup.

Qt decides per string whether a tooltip (and a label in its default ``AutoText``
format) is rich text (``Qt.mightBeRichText``): a fact quoting a factory named
``<h1 style='color:green'>VERIFIED OK</h1>`` would be drawn as a green headline,
and ``<img src=file:///…>`` would be loaded. So every tooltip that may hold
untrusted text goes through :func:`tooltip`, which escapes it and marks it as rich
text of our own making; labels showing such text are set to ``PlainText``; QtCharts
titles, always HTML, go through :func:`html_text`.

>>> tooltip("factory <b>X</b>\\nline 2")
"<p style='white-space:pre-wrap'>factory &lt;b&gt;X&lt;/b&gt;\\nline 2</p>"
>>> tooltip("")
''
"""

from __future__ import annotations

import html


def html_text(text: str) -> str:
    """``text`` escaped for a place that always reads HTML (a chart title): shown literally."""
    return html.escape(text, quote=False)


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally, line breaks kept ("" clears the tooltip)."""
    return f"<p style='white-space:pre-wrap'>{html_text(text)}</p>" if text else ""
