"""The command line: ``python -m helpers {validate,build,report,synth}``.

Every error the workbook knows about becomes one clear message on stderr and
an exit status (2 bad input, usage or the user's environment: permissions, a
full disk, a file where a folder should be; 1 some reports failed; 130
interrupted, 143 terminated, 141 output pipe closed); never a traceback
(:mod:`helpers.failures`, docs/operations.md).

``build`` and ``report`` hold the workbook's run lock (:mod:`helpers.runlock`):
a second run on the same outputs stops at once with one line naming the
first (exit 2), or waits for it with ``--wait``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.errors import ContractError, Terminated, WorkbookError


def _positive_int(text: str) -> int:
    """An argument that must be a whole number of at least 1 (``--jobs``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


_RAW_HELP = "raw data folder (default: data/raw)"
_WAIT_HELP = "wait for another run writing the same outputs to finish, instead of stopping"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Local government use of data: validate, build and render council reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the raw data against the data contract")
    p.add_argument("--raw", type=Path, default=None, metavar="DIR", help=_RAW_HELP)
    p.add_argument(
        "--language",
        choices=("en", "cy", "both"),
        default="en",
        help="check for the reports in this language: cy and both also check every Welsh "
        "text the Welsh reports print (default: en)",
    )

    p = sub.add_parser("build", help="validate, then write data/processed/ and outputs/summary/")
    p.add_argument("--raw", type=Path, default=None, metavar="DIR", help=_RAW_HELP)
    p.add_argument("--wait", action="store_true", help=_WAIT_HELP)

    p = sub.add_parser("report", help="render council reports (notebook + HTML, PDF with --pdf)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--council", nargs="+", metavar="X", help="council code or short name")
    which.add_argument("--all", action="store_true", help="every council in councils.csv")
    p.add_argument(
        "--jobs",
        type=_positive_int,
        default=None,
        metavar="N",
        help="reports rendered in parallel (default: the number of CPU cores)",
    )
    p.add_argument(
        "--force", action="store_true", help="render even the reports whose inputs are unchanged"
    )
    p.add_argument(
        "--language",
        choices=("en", "cy", "both"),
        default="both",
        help="the reports' language: en (English), cy (Welsh) or both (default)",
    )
    p.add_argument(
        "--raw",
        type=Path,
        default=None,
        metavar="DIR",
        help="render this raw data folder's figures (default: data/raw); builds from it first",
    )
    p.add_argument("--wait", action="store_true", help=_WAIT_HELP)
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to outputs/pdf/<code>-<slug>[.cy].pdf (tagged, A4) with "
        "headless Chromium, which must be installed",
    )
    p.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="render on Dask: 'local' (a cluster of --jobs worker processes here) or an existing "
        "scheduler, tcp://HOST:PORT, whose workers share this folder (needs the [dask] extra)",
    )

    p = sub.add_parser("synth", help="regenerate the shipped synthetic data set in data/raw/")
    p.add_argument("--raw", type=Path, default=None, help="target folder (default: data/raw)")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace data files that differ from the synthetic ones (real exports, perhaps)",
    )
    return parser


def _validate(args: argparse.Namespace) -> int:
    from helpers.data import contract

    if args.language == "en":
        report = contract.validate(args.raw)
    else:  # the Welsh check reports the contract's own problems too
        report = contract.check_welsh(args.raw)
    for problem in report.problems:
        print(problem)
    print(report.summary, file=sys.stderr if report.problems else sys.stdout)
    return 2 if report.problems else 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from helpers import runlock
    from helpers.build import pipeline

    with runlock.hold(wait=args.wait, on_wait=_say):
        result = pipeline.build(args.raw)
    print(result)
    return 0


def _report(args: argparse.Namespace) -> int:
    from helpers import runlock
    from helpers.batch import run as batch
    from helpers.i18n import parse_languages

    languages = parse_languages(args.language)
    factory = None
    if args.dask is not None:
        from helpers.batch import cluster

        factory = cluster.DaskExecutorFactory(args.dask)  # exit 2 here if dask is missing
    with runlock.hold(wait=args.wait, on_wait=_say):
        return batch.run_reports(
            councils=None if args.all else args.council,
            languages=languages,
            raw_dir=args.raw,
            jobs=args.jobs,
            force=args.force,
            executor_factory=factory,
            pdf=args.pdf,
        )


def _synth(args: argparse.Namespace) -> int:
    from helpers.data import synth

    written = synth.write_synthetic(args.raw, overwrite=args.force)
    for path in written:
        print(f"wrote {path}")
    return 0


COMMANDS = {"validate": _validate, "build": _build, "report": _report, "synth": _synth}


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    args = _parser().parse_args(argv)
    from helpers import runlock
    from helpers.batch import failures

    runlock.set_command(["python -m helpers", *(sys.argv[1:] if argv is None else argv)])
    try:
        with failures.terminate_like_interrupt():
            failures.check_start(args.command, getattr(args, "raw", None))
            status = COMMANDS[args.command](args)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return status
    except ContractError as exc:
        # one problem per line, each in the FILE:LINE: form validate prints
        print("error: the raw data break the data contract:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return exc.exit_status
    except WorkbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_status
    except Terminated:
        print("terminated", file=sys.stderr)
        return failures.EXIT_TERMINATED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return failures.EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped reading (validate | head -1)
        failures.drop_output()
        return failures.EXIT_BROKEN_PIPE
    except OSError as exc:  # permissions, full disk, a file where a folder should be
        print(f"error: {failures.describe_os_error(exc)}", file=sys.stderr)
        return failures.EXIT_ENVIRONMENT


if __name__ == "__main__":
    sys.exit(main())
