"""``build``: validate ``data/raw/``, compute every statistic, write ``data/processed/`` and
``outputs/summary/`` with the record that proves them (docs/outputs.md).
"""
