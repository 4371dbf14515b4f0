"""The declared schemas against the docs: docs/data-contract.md documents every column
of every raw table's schema and no other, and docs/outputs.md lists the columns of each
summary table as its schema declares them, in order."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.data import contract, table_schemas, tables
from helpers.errors import MissingDataError

ROOT = Path(__file__).resolve().parents[1]
_SECTION = re.compile(r"^### `([a-z_]+\.csv)`", re.M)


def documented_columns(text: str) -> dict[str, list[str]]:
    """File -> the column names in the first cell of its section's table, in order."""
    found: dict[str, list[str]] = {}
    sections = _SECTION.split(text)
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        names = []
        for line in body.splitlines():
            if line.startswith("| `"):
                first = line.split("|")[1]
                names += re.findall(r"`([^`]+)`", first)
        found[name] = names
    return found


def test_data_contract_documents_every_column_of_the_raw_schemas():
    text = (ROOT / "docs/data-contract.md").read_text(encoding="utf-8")
    text = text[text.index("## The files") : text.index("## How values are matched")]
    documented = documented_columns(text)
    assert set(documented) == set(contract.RAW_SCHEMAS)
    for name, schema in contract.RAW_SCHEMAS.items():
        assert sorted(documented[name]) == sorted(schema.columns), name


def test_outputs_md_lists_the_columns_of_the_summary_schemas_in_order():
    text = (ROOT / "docs/outputs.md").read_text(encoding="utf-8")
    text = text[text.index("## Summary tables") : text.index("## Processed data")]
    documented = documented_columns(text)
    assert set(documented) == {f"{stem}.csv" for stem in table_schemas.SUMMARY}
    for stem, schema in table_schemas.SUMMARY.items():
        assert documented[f"{stem}.csv"] == list(schema.columns), stem


def test_outputs_md_lists_the_columns_of_the_processed_reference_tables():
    text = (ROOT / "docs/outputs.md").read_text(encoding="utf-8")
    text = text[text.index("## Processed data") :]
    for stem, names in tables.REFERENCE_COLUMNS.items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{stem}.csv`"))
        listed = row.split("|")[2].split("`")[1]
        assert listed.split(", ") == list(names), stem
    answers = next(line for line in text.splitlines() if line.startswith("| `answers.csv`"))
    listed = answers.split("|")[2].split("`")[1].split(", ")
    assert listed == list(table_schemas.PROCESSED["answers"].columns)


def test_a_table_that_breaks_its_schema_is_refused_with_every_failure():
    frame = pd.DataFrame(
        {
            "measure": ["satisfied", "told"],
            "n": [1.5, 2],
            "pct": ["high", 0.5],
            "ci_low": [0.1, 0.2],
            "ci_high": [0.3, 0.4],
        }
    )
    with pytest.raises(pa.errors.SchemaErrors) as caught:
        table_schemas.check(table_schemas.SUMMARY["public_survey"], frame)
    assert set(caught.value.failure_cases["column"]) == {"n", "pct"}


def test_processed_tables_are_read_with_the_types_of_their_schema(tmp_path):
    path = tmp_path / "maturity.csv"
    columns = list(table_schemas.PROCESSED["maturity"].columns)
    row = ["W06000001", "all", "leadership", "7", "", "", "", "", "", "", "", "true", "primary"]
    path.write_text(",".join(columns) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    frame = tables.read_processed(path, "maturity")
    assert frame["n"].tolist() == [7]
    assert frame["suppressed"].tolist() == [True]
    assert frame["mean_level"].isna().all()
    assert frame["council_code"].tolist() == ["W06000001"]


def test_the_report_refuses_a_processed_table_without_the_declared_columns(tmp_path):
    path = tmp_path / "maturity.csv"
    columns = list(tables.PROCESSED_COLUMNS["maturity"])
    path.write_text(",".join(columns[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(MissingDataError, match="maturity.csv does not have the columns"):
        tables.read_processed(path, "maturity")
