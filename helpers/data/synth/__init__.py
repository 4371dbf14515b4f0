"""The seeded synthetic data set shipped in ``data/raw/`` (``python -m helpers synth``).

:func:`write_synthetic` writes every file of the data contract for the 22
Welsh principal councils, plus ``README.md``. The data are invented: no real
respondent is behind any row. Caerphilly County Borough Council reproduces
the published response table (officers 96 invited / 46 responses, elected
members 74 / 18) and its answers broadly follow what the published report
found; the all-Wales public survey reproduces the published 36% and 12%
exactly (270 and 90 of 750).

Modules, in the order of the data's making:

* :mod:`~helpers.data.synth.tables`: every literal text and table (questions, framework,
  findings, comments, free-text answers, councils; English and Welsh), read from the
  package's data files ``tables/*.csv``;
* :mod:`~helpers.data.synth.survey`: who was invited and who responded, the public
  survey, the comments chosen;
* :mod:`~helpers.data.synth.answers`: the answers, from a latent maturity model;
* :mod:`~helpers.data.synth.write`: the files, byte for byte the same on every run,
  and ``README.md`` from the package's ``readme_template.md``.
"""

from __future__ import annotations

from helpers.data.synth.survey import NOT_SURVEYED
from helpers.data.synth.write import DATA_DATE, SEED, write_synthetic

__all__ = ["DATA_DATE", "NOT_SURVEYED", "SEED", "write_synthetic"]
