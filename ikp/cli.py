"""`ikp`: the command line of the contract's operating interface."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from ikp.config import ConfigError, Settings, load_settings, open_store

log = logging.getLogger("ikp")


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _parse_received(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"ikp: --received: not an ISO date-time: {value!r}") from None
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))  # what an operator means
    return moment


def cmd_analyse(args: argparse.Namespace) -> int:
    from ikp.model_versions import active_model_dir
    from ikp.pipeline import Analyzer, analysis_json
    from ikp.register import import_register
    from ingest import ExtractionError, extract_bytes
    from linking.register import RegisterFile
    from store import Store

    if not args.json:
        raise SystemExit("ikp analyse: only --json output exists; add --json")
    settings = _settings(args)
    received_override = _parse_received(args.received)
    analyzer = Analyzer.load(active_model_dir(settings))
    with tempfile.TemporaryDirectory(prefix="ikp-analyse-") as tmp:
        if args.dossiers:
            store = Store(f"sqlite:///{tmp}/register.sqlite3", Path(tmp))
            import_register(store, RegisterFile(Path(args.dossiers)).rows())
        else:
            store = open_store(settings)
        failures = 0
        try:
            for name in args.files:
                line: dict[str, object]
                try:
                    data = Path(name).read_bytes()
                    document = extract_bytes(data, Path(name).name, source=_source_for(data, name))
                    received = received_override or document.received or datetime.now(UTC)
                    analysis = analyzer.analyse(document, received=received, index=store.dossiers)
                    line = analysis_json(name, analysis)
                except (ExtractionError, OSError) as exc:
                    failures += 1
                    line = {"file": name, "error": _reason(exc)}
                except Exception as exc:  # one bad file must not stop the others
                    failures += 1
                    log.debug("analyse %s", name, exc_info=True)
                    line = {"file": name, "error": f"{exc.__class__.__name__}: {exc}"}
                print(json.dumps(line, ensure_ascii=False), flush=True)
        finally:
            store.close()
    return 1 if failures else 0


def _source_for(data: bytes, name: str) -> str:
    from ikp.intake import is_mail

    return "email" if is_mail(data, name) else "file"


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    return str(exc) or exc.__class__.__name__


def cmd_dossiers_import(args: argparse.Namespace) -> int:
    from ikp.register import import_register
    from linking import RegisterError
    from linking.register import ImportProgress, RegisterFile, RejectReport, TooManyRejects

    settings = _settings(args)
    file = Path(args.file)
    max_rejects = None if args.max_rejects < 0 else args.max_rejects
    with open_store(settings) as store:
        if args.rejects:
            report_path = Path(args.rejects)
        else:  # one report per run, kept with the application's data
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            report_path = settings.data_dir / "rejects" / f"{file.stem}-{stamp}.csv"
        try:
            report_path.parent.mkdir(parents=True, exist_ok=True)
            with RejectReport(report_path, max_rejects=max_rejects) as rejects:
                register = RegisterFile(file, rejects)
                with ImportProgress(register, quiet=args.quiet) as bar:
                    report = import_register(
                        store,
                        register.rows(),
                        batch_size=5000,
                        progress=bar.update,
                        use_row_hashes=not args.full,
                        skip_invalid=True,
                    )
        except TooManyRejects as exc:
            print(
                f"ikp dossiers import: {args.file}: {exc} (--max-rejects {max_rejects}); "
                f"the rows of that batch and after it were not loaded, earlier batches were; "
                f"the problems so far are in {report_path}",
                file=sys.stderr,
            )
            return 3
        except (RegisterError, OSError) as exc:
            print(f"ikp dossiers import: {args.file}: {exc}", file=sys.stderr)
            return 2
    print(
        f"{report.total} dossiers: {report.inserted} new, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    if rejects.rows:
        lines = ", ".join(map(str, rejects.first_lines))
        print(
            f"{rejects.rows_rejected} rows rejected, {rejects.rows_partial} loaded with invalid "
            f"cells left empty (lines {lines}{', ...' if rejects.rows > 5 else ''}); "
            f"see {report_path}"
        )
    return 0


def cmd_items(args: argparse.Namespace) -> int:
    from store.items import iter_items

    if not args.json:
        raise SystemExit("ikp items: only --json output exists; add --json")
    with open_store(_settings(args)) as store:
        for summary in iter_items(store.sessions):
            print(json.dumps(summary, ensure_ascii=False))
    return 0


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def cmd_search(args: argparse.Namespace) -> int:
    """Hits best first, one JSON line each: `ikp items --json`'s fields plus score and keys."""
    import getpass

    from ikp.search import reindex, run_search
    from store.items import item_summary
    from store.search import SearchFilter

    with open_store(_settings(args)) as store:
        if args.reindex:
            _progress(f"search keys of {reindex(store)} items recomputed")
            if not args.query:
                return 0
        if not args.query:
            raise SystemExit("ikp search: give a QUERY (or --reindex)")
        if not args.json:
            raise SystemExit("ikp search: only --json output exists; add --json")
        flt = SearchFilter(
            signal_type=args.type,
            since=args.since,
            until=args.until,
            source=args.source,
            status=args.status,
            destination=args.destination,
        )
        found = run_search(
            store,
            args.query,
            flt,
            actor=f"cli:{getpass.getuser()}",
            limit=args.limit,
            offset=args.offset,
        )
        for hit in found.page.hits:
            line = {**item_summary(hit.item), "score": round(hit.score, 4), "matched": hit.keys}
            print(json.dumps(line, ensure_ascii=False))
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    """Store files and mails from disk, then process the queue until it is empty."""
    from ikp.intake import store_arrival
    from ikp.model_versions import active_model_dir
    from ikp.pipeline import Analyzer
    from ikp.worker import process_batch

    settings = _settings(args)
    received = _parse_received(args.received)
    paths: list[Path] = []
    for name in args.paths:
        path = Path(name)
        paths.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    with open_store(settings) as store:
        for path in paths:
            stored = store_arrival(
                store, path.read_bytes(), path.name, source=args.source, received=received
            )
            _progress(f"{path}: item {stored.id}{'' if stored.created else ' (already stored)'}")
        if args.queue_only:
            return 0
        analyzer = Analyzer.load(active_model_dir(settings))
        while outcomes := process_batch(store, analyzer, "ikp-ingest", size=args.batch):
            for outcome in outcomes:
                detail = f": {outcome.error}" if outcome.error else ""
                _progress(f"item {outcome.item_id}: {outcome.status}{detail}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Retrain from the corpus plus confirmed decisions; promote only if not worse."""
    from ikp.training import retrain

    outcome = retrain(
        _settings(args),
        corpus=Path(args.corpus) if args.corpus else None,
        feedback=not args.no_feedback,
        limit=args.limit,
        force=args.force,
        progress=_progress,
    )
    print(outcome.report.to_markdown())
    if not outcome.promoted:
        print(
            f"ikp train: refused {outcome.report.model_version}: it scores worse than the "
            f"active model {outcome.active_dir.name} on the frozen test split "
            f"({'; '.join(outcome.reasons)}). It is kept, marked rejected, in "
            f"{outcome.report.model_dir}; the active model is unchanged. "
            "Use --force to promote it anyway.",
            file=sys.stderr,
        )
        return 3
    forced = f" (forced: {'; '.join(outcome.reasons)})" if outcome.reasons else ""
    _progress(f"model {outcome.report.model_version} is active{forced}")
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    from ikp.model_versions import list_models

    for info in list_models(_settings(args)):
        quality = (
            f"frozen-test macro-F1 {info.test_macro_f1:.3f}, "
            f"signal precision {info.test_signal_precision:.3f}"
            if info.test_macro_f1 is not None and info.test_signal_precision is not None
            else "no frozen-test metrics"
        )
        size = f"{info.examples} examples, " if info.examples is not None else ""
        notes = " (shipped)" if info.shipped else ""
        notes += f" (rejected: {info.rejected})" if info.rejected else ""
        print(f"{'*' if info.active else ' '} {info.version}  {size}{quality}{notes}")
    return 0


def cmd_models_promote(args: argparse.Namespace) -> int:
    from ikp.model_versions import RejectedModelError, promote

    try:
        promote(_settings(args), args.version, force=args.force)
    except (FileNotFoundError, RejectedModelError) as exc:
        print(f"ikp models promote: {exc}", file=sys.stderr)
        return 2
    print(f"model {args.version} is active")
    return 0


def cmd_models_rollback(args: argparse.Namespace) -> int:
    from ikp.model_versions import rollback

    try:
        version = rollback(_settings(args))
    except LookupError as exc:
        print(f"ikp models rollback: {exc}", file=sys.stderr)
        return 2
    print(f"model {version} is active again")
    return 0


def cmd_nlp_train(args: argparse.Namespace) -> int:
    from nlp.ner.train import main as ner_train

    return ner_train(args.rest)


def cmd_nlp_evaluate(args: argparse.Namespace) -> int:
    from nlp.ner.evaluate import main as ner_evaluate

    return ner_evaluate(args.rest)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from classifiers import DEFAULT_CORPUS_DIR, evaluate

    report = evaluate(Path(args.corpus or DEFAULT_CORPUS_DIR), folds=args.folds, progress=_progress)
    print(
        json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        if args.json
        else report.to_markdown()
    )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from store.users import UserError, add_user

    password = sys.stdin.readline().rstrip("\n")
    with open_store(_settings(args)) as store:
        try:
            created = add_user(store.sessions, args.name, args.role, password)
        except UserError as exc:
            print(f"ikp users add: {exc}", file=sys.stderr)
            return 2
    print(f"user {args.name} {'created' if created else 'updated'} with role {args.role}")
    return 0


def cmd_users_unlock(args: argparse.Namespace) -> int:
    from store.users import unlock

    with open_store(_settings(args)) as store:
        cleared = unlock(store.sessions, args.name)
    print(f"user {args.name} unlocked ({cleared} recent failed logins cleared)")
    return 0


def cmd_users_lock(args: argparse.Namespace) -> int:
    from store.users import UserError, lock

    with open_store(_settings(args)) as store:
        try:
            ended = lock(store.sessions, args.name)
        except UserError as exc:
            print(f"ikp users lock: {exc}", file=sys.stderr)
            return 2
    print(f"user {args.name} locked ({ended} web sessions ended); ikp users unlock lifts it")
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from store.retention import Policy, PolicyError, apply, describe, due

    settings = _settings(args)
    if args.dry_run == (args.action == "apply"):
        print("ikp retention: give either --dry-run or apply", file=sys.stderr)
        return 2
    try:
        policy = Policy.load(args.policy or settings.retention_policy)
    except PolicyError as exc:
        print(f"ikp retention: {exc}", file=sys.stderr)
        return 2
    with open_store(settings) as store:
        if args.dry_run:
            with store.sessions() as session:
                entries = due(session, policy, datetime.now(UTC))
            if entries:
                print(describe(entries))
            counts = {o: sum(e.outcome == o for e in entries) for o in policy.terms}
            print(f"would delete {len(entries)}: {json.dumps(counts)}", file=sys.stderr)
            return 0
        report = apply(store.sessions, store.blobs, policy, actor=_actor("retention"))
    print(json.dumps({"deleted": report.deleted, "blobs_removed": report.blobs}))
    return 0


def _actor(what: str) -> str:
    import getpass
    import socket

    return f"{what}:{getpass.getuser()}@{socket.gethostname()}"


def cmd_run(args: argparse.Namespace) -> int:
    from ikp.daemon import run_daemon

    settings = _settings(args)
    processes = args.processes if args.processes is not None else settings.worker_processes
    return run_daemon(settings, web=not args.no_web, workers=args.workers, processes=processes)


def build_parser() -> argparse.ArgumentParser:
    from contract.vocabulary import ROLES, SOURCES

    parser = argparse.ArgumentParser(prog="ikp", description=__doc__)
    parser.add_argument(
        "--config", type=Path, help="settings file (TOML); environment variables win"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyse", help="analyse files without storing them (JSON Lines)")
    p.add_argument("--json", action="store_true", required=True)
    p.add_argument(
        "--dossiers", help="dossier register CSV to link against instead of the database"
    )
    p.add_argument("--received", help="ISO date-time of receipt for every FILE")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_analyse)

    p = sub.add_parser("dossiers", help="the dossier register")
    dsub = p.add_subparsers(dest="dossiers_command", required=True)
    d = dsub.add_parser("import", help="load or update the register from CSV")
    d.add_argument("file", metavar="FILE.csv")
    d.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    d.add_argument(
        "--full", action="store_true", help="check every row, also rows imported unchanged before"
    )
    d.add_argument(
        "--rejects",
        metavar="REPORT.csv",
        help="where the reject report goes, written only when there are rejects: each "
        "rejected row or cell with its line number (default: a new file under "
        "IKP_DATA_DIR/rejects/)",
    )
    d.add_argument(
        "--max-rejects",
        type=int,
        default=1000,
        metavar="N",
        help="stop when more than N rows have a rejected cell or are rejected whole "
        "(default 1000; -1 for no limit)",
    )
    d.set_defaults(func=cmd_dossiers_import)

    p = sub.add_parser("items", help="stored items, one JSON line each")
    p.add_argument("--json", action="store_true", required=True)
    p.set_defaults(func=cmd_items)

    p = sub.add_parser("search", help="search items by text, identifier, name or address")
    p.add_argument("--json", action="store_true")
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--type", help="signal type code")
    p.add_argument("--since", type=_day, help="received on or after YYYY-MM-DD")
    p.add_argument("--until", type=_day, help="received on or before YYYY-MM-DD")
    p.add_argument("--source", choices=SOURCES)
    p.add_argument("--status")
    p.add_argument("--destination")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument(
        "--reindex", action="store_true", help="recompute every item's search keys first"
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ingest", help="store mails and files from disk and process them now")
    p.add_argument("--source", choices=[s for s in SOURCES if s != "email"], default="file")
    p.add_argument("--received", help="ISO date-time of receipt for every PATH (default: now)")
    p.add_argument(
        "--queue-only", action="store_true", help="store and queue only; process nothing yet"
    )
    p.add_argument(
        "--batch",
        type=int,
        default=1,
        help="items processed together (a batch proposes related items among its own items)",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("run", help="the daemon: watchers, workers and the web queue")
    p.add_argument("--no-web", action="store_true")
    p.add_argument("--workers", type=int, default=2, help="worker threads per process")
    p.add_argument(
        "--processes",
        type=int,
        help="worker processes (default IKP_WORKER_PROCESSES or 1: threads of the daemon)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "train",
        help="retrain the signal classifier from the corpus and confirmed decisions",
        description="Train a new version; it becomes active only if it scores no worse than "
        "the active model on the frozen test split (exit code 3 otherwise).",
    )
    p.add_argument("--corpus", help="corpus directory (default: training_data/signals)")
    p.add_argument("--limit", type=int, help="train on a sample of N corpus examples (quick runs)")
    p.add_argument("--no-feedback", action="store_true", help="leave confirmed decisions out")
    p.add_argument("--force", action="store_true", help="promote even if it scores worse")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="cross-validated quality of the signal classifier")
    p.add_argument("--corpus")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("models", help="trained signal classifiers")
    msub = p.add_subparsers(dest="models_command", required=True)
    m = msub.add_parser("list", help="shipped and trained versions; * marks the active one")
    m.set_defaults(func=cmd_models_list)
    m = msub.add_parser("promote", help="make a trained version active")
    m.add_argument("version")
    m.add_argument("--force", action="store_true", help="also a version ikp train refused")
    m.set_defaults(func=cmd_models_promote)
    m = msub.add_parser("rollback", help="make the previously promoted version active again")
    m.set_defaults(func=cmd_models_rollback)

    p = sub.add_parser("nlp", help="the NER model for names, organisations and places")
    nsub = p.add_subparsers(dest="nlp_command", required=True)
    n = nsub.add_parser("train", help="rebuild nlp/ner/model from its config and data")
    n.add_argument("rest", nargs=argparse.REMAINDER, help="options of python -m nlp.ner.train")
    n.set_defaults(func=cmd_nlp_train)
    n = nsub.add_parser("evaluate", help="P/R/F1 on CoNLL-2002 testb and the domain test set")
    n.add_argument("rest", nargs=argparse.REMAINDER, help="options of python -m nlp.ner.evaluate")
    n.set_defaults(func=cmd_nlp_evaluate)

    p = sub.add_parser("retention", help="delete items past their term (store/retention.yaml)")
    p.add_argument("action", nargs="?", choices=["apply"], help="delete what is due")
    p.add_argument("--dry-run", action="store_true", help="list what is due, delete nothing")
    p.add_argument("--policy", type=Path, help="policy file (default IKP_RETENTION_POLICY)")
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("users", help="web users")
    usub = p.add_subparsers(dest="users_command", required=True)
    u = usub.add_parser("add", help="create or update a user; password on standard input")
    u.add_argument("name")
    u.add_argument("--role", required=True, choices=ROLES)
    u.set_defaults(func=cmd_users_add)
    u = usub.add_parser("lock", help="refuse a user's logins and end their web sessions now")
    u.add_argument("name")
    u.set_defaults(func=cmd_users_lock)
    u = usub.add_parser("unlock", help="lift a lockout (failed logins or `users lock`)")
    u.add_argument("name")
    u.set_defaults(func=cmd_users_unlock)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"ikp: configuration: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
