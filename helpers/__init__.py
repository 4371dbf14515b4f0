"""The helper package of the "Local government use of data" workbook.

Everything the council reports compute lives here; the report notebook only
calls it. Modules, in the order data flow through them:

* :mod:`helpers.data.contract`: validate and load ``data/raw/`` (its only reader);
* :mod:`helpers.stats.rates`, :mod:`helpers.stats.scoring`: response rates, maturity
  levels, agreement, theme scores, comparisons, the public survey, built on
  :mod:`helpers.stats.intervals` and :mod:`helpers.stats.disclosure`;
* :mod:`helpers.build.pipeline`: ``build``, raw to processed data and summary tables;
* :mod:`helpers.report` (with its :mod:`~helpers.report.charts` and
  :mod:`~helpers.report.narrative`): what each section of a report shows;
* :mod:`helpers.render`, :mod:`helpers.batch`: executing the template and
  exporting HTML, one council or all of them (on the papermill engine of
  :mod:`helpers.render.papermill_engine`).

The command line is ``python -m helpers`` (:mod:`helpers.__main__`). Importing
the package imports nothing else, so that ``report`` with nothing to do stays fast.
"""
