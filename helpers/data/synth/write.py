"""Writing the synthetic data set: the nine files of the data contract, then its README.

One :class:`numpy.random.SeedSequence` of :data:`SEED`, spawned into a fixed list of
streams (one per file that is drawn), drives every draw; CSV is written with :mod:`csv`
(UTF-8, no byte-order mark, ``"\\n"`` line endings) and contains no floating-point
numbers, so running it twice gives byte-identical files on any machine.
``data/raw/README.md`` is the package's ``readme_template.md`` filled in.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import numpy as np

from helpers import atomic, config
from helpers.data import contract
from helpers.data.synth import answers, survey
from helpers.data.synth.tables import COUNCILS, FINDINGS, FRAMEWORK, QUESTIONS
from helpers.errors import DataOverwriteError

#: The generator's seed (documented in data/raw/README.md).
SEED = 20181213
#: The synthetic data set's date (dataset.csv): the day its invented survey
#: answers were "extracted". A constant, so that the reports' "About the
#: figures" never depends on when or where the files were written.
DATA_DATE = "2018-06-29"
README_FILE = "README.md"
#: The package file that README.md is made from (:meth:`str.format` placeholders).
README_TEMPLATE = resources.files(__package__).joinpath("readme_template.md")

#: The random streams, one per purpose, spawned from SEED in this order.
_STREAMS = ("invitations", "responses", "public_survey", "comments")


def write_synthetic(raw_dir: Path | str | None = None, *, overwrite: bool = False) -> list[Path]:
    """Write the synthetic raw data set and return the files written.

    Parameters
    ----------
    raw_dir : path-like, optional
        Target folder, created if missing; default :func:`helpers.config.raw_dir`.
        Files of the same names are replaced; other files are left alone.
    overwrite : bool, default False
        Replace data files that differ from the synthetic ones. Without it,
        such files (real exports, perhaps) stop the run before anything is
        written.

    Returns
    -------
    list of Path
        The files written, in a fixed order: the nine CSV files of the data
        contract, then ``README.md``.

    Raises
    ------
    DataOverwriteError
        If the folder holds a data file that differs from the synthetic one
        and ``overwrite`` is false.

    Notes
    -----
    Each file is written to a temporary name in the target folder and then
    moved into place, so a reader never sees half a file. The output depends
    only on :data:`SEED` and the package's tables and constants: running it
    twice gives byte-identical files.
    """
    target = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    target.mkdir(parents=True, exist_ok=True)
    streams = dict(
        zip(
            _STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(SEED).spawn(len(_STREAMS))),
            strict=True,
        )
    )
    invitations = survey.invitations(streams["invitations"])
    tables: list[tuple[str, list[str], list[list[str]]]] = [
        (
            contract.COUNCILS_CSV,
            ["council_code", "name", "name_cy", "short_name", "short_name_cy"],
            [[c.council_code, c.name, c.name_cy, c.short_name, c.short_name_cy] for c in COUNCILS],
        ),
        (
            contract.INVITATIONS_CSV,
            ["council_code", "group", "invited"],
            [[i.council_code, i.group, str(i.invited)] for i in invitations],
        ),
        (
            contract.QUESTIONS_CSV,
            [
                "question_id",
                "kind",
                "theme",
                "characteristic",
                "asked_of",
                "reverse",
                "text",
                "text_cy",
            ],
            [
                [
                    q.question_id,
                    q.kind,
                    q.theme,
                    q.characteristic,
                    q.asked_of,
                    "true" if q.reverse else "false",
                    q.text,
                    q.text_cy,
                ]
                for q in QUESTIONS
            ],
        ),
        (contract.RESPONSES_CSV, *answers.responses(streams["responses"], invitations)),
        (contract.PUBLIC_SURVEY_CSV, *survey.public_survey(streams["public_survey"])),
        (
            contract.FRAMEWORK_CSV,
            [
                "characteristic",
                "name",
                "level_1",
                "level_2",
                "level_3",
                "name_cy",
                "level_1_cy",
                "level_2_cy",
                "level_3_cy",
            ],
            _framework_rows(),
        ),
        (
            contract.COMMENTS_CSV,
            ["council_code", "theme", "comment"],
            survey.comments(streams["comments"]),
        ),
        (
            contract.FINDINGS_CSV,
            ["council_code", "theme", "order", "finding", "finding_cy"],
            [[f.council_code, f.theme, str(f.order), f.finding, f.finding_cy] for f in FINDINGS],
        ),
        (contract.DATASET_CSV, ["data_date"], [[DATA_DATE]]),
    ]
    texts = {name: _csv_text(header, rows) for name, header, rows in tables}
    if not overwrite:
        other = [
            name
            for name, text in texts.items()
            if (target / name).is_file() and (target / name).read_bytes() != text.encode("utf-8")
        ]
        if other:
            raise DataOverwriteError(
                f"{target} holds {', '.join(other)}, which differ from the synthetic data: "
                "they may be real exports, and synth would replace them. Move them elsewhere, "
                "or run synth with --force to replace them."
            )
    written = [atomic.write_atomic(target / name, text) for name, text in texts.items()]
    written.append(atomic.write_atomic(target / README_FILE, _readme(invitations)))
    return written


def _framework_rows() -> list[list[str]]:
    """framework.csv: the characteristics of the configuration, with their texts."""
    rows = []
    for slug, (name, _theme) in config.CHARACTERISTICS.items():
        f = FRAMEWORK[slug]
        rows.append(
            [slug, name, f.level_1, f.level_2, f.level_3]
            + [f.name_cy, f.level_1_cy, f.level_2_cy, f.level_3_cy]
        )
    return rows


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _readme(invitations: list[survey.Invitation]) -> str:
    """README.md: what the folder holds, and the invitations and responses as generated."""
    short = {c.council_code: c.short_name for c in COUNCILS}
    table = "\n".join(
        f"| {short[i.council_code]} | {config.GROUPS[i.group]} | {i.invited} | {i.responses} |"
        for i in invitations
    )
    small = " and ".join(f"{short[c]} ({n})" for c, n in survey.SMALL_MEMBER_RESPONSES.items())
    return (
        README_TEMPLATE.read_bytes()
        .decode("utf-8")
        .format(
            councils_file=contract.COUNCILS_CSV,
            invitations_file=contract.INVITATIONS_CSV,
            questions_file=contract.QUESTIONS_CSV,
            responses_file=contract.RESPONSES_CSV,
            public_survey_file=contract.PUBLIC_SURVEY_CSV,
            framework_file=contract.FRAMEWORK_CSV,
            comments_file=contract.COMMENTS_CSV,
            findings_file=contract.FINDINGS_CSV,
            dataset_file=contract.DATASET_CSV,
            seed=SEED,
            caerphilly=survey.CAERPHILLY,
            public_respondents=survey.PUBLIC_RESPONDENTS,
            data_date=DATA_DATE,
            not_surveyed=short[survey.NOT_SURVEYED[0]],
            small=small,
            table=table,
        )
    )
