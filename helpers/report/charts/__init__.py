"""The report's charts, drawn with seaborn.

Every chart function takes a tidy frame that already holds the figures to draw
(``helpers.report`` prepares them from the summary tables; the columns are those of
:mod:`~helpers.report.charts.frames`) and returns the matplotlib Axes, or the Figure
for a chart of several panels. Nothing here computes a statistic or writes a file.
Every text a chart draws (titles, axis labels, legends, notes) is in the language
given (``language="en"`` or ``"cy"``), from the translation catalogues of
:mod:`helpers.i18n`; the item and series labels come in the frames, already in that
language.

Modules: :mod:`~helpers.report.charts.style` (the palette, typefaces and theme),
:mod:`~helpers.report.charts.layout` (the charts' layout engine,
:class:`~helpers.report.charts.layout.ChartLayout`),
:mod:`~helpers.report.charts.frames` (the tidy frames the charts take),
:mod:`~helpers.report.charts.labels` (labels from the data shortened to fit), and one
module per chart family: :mod:`~helpers.report.charts.intervals` (maturity and
agreement, figures with their intervals) and :mod:`~helpers.report.charts.funnel`
(response rates).
"""
