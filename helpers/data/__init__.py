"""What the tables are: the raw files and their contract, the declared schemas and column
names of every table, the councils, the synthetic data.

The lowest layer above the foundation (docs/architecture.md): it reads and checks
``data/raw/`` (:mod:`helpers.data.contract`), names every column once
(:mod:`helpers.data.columns`), declares the processed and summary tables
(:mod:`helpers.data.tables`) and knows nothing of statistics or pages.
"""
