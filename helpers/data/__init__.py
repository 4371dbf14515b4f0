"""What the tables are: the raw files and their contract, the councils, the synthetic data.

The lowest layer above the foundation (docs/architecture.md): it reads and checks
``data/raw/`` and knows nothing of statistics or pages.
"""
