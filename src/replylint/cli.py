"""The command line: arguments -> pack -> engine -> report -> exit code. Nothing else.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or
rule-pack error; 130 interrupted (Ctrl-C). Errors are one line on stderr, never a traceback.
"""
from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, languages
from .report import FORMATS as REPORT_FORMATS
from .report import HUMAN_FORMATS

LANG_CHOICES = ("auto", *languages.codes())
# `--lang RU` is ru, as a JSONL record's "lang" is.
_LANG = click.Choice(LANG_CHOICES, case_sensitive=False)
FAIL_ON = ("suggestion", "warning", "error", "none")
_UI_LANG_HELP = ("Language of messages, hints and explanations: auto (the default) speaks each reply's "
                 "language, English when it is unknown.")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _fail(message: str) -> None:
    from .model import one_line

    click.echo(f"replylint: error: {one_line(message)}", err=True)
    sys.exit(EXIT_ERROR)


def _load_pack(rules: tuple[str, ...]):
    from .pack.load import PackError, load_pack

    try:
        return load_pack(tuple(Path(r) for r in rules))
    except PackError as exc:
        _fail(str(exc))


@contextmanager
def _pack_errors():
    """Patterns are compiled per language on first use, so a bad one surfaces mid-run."""
    from .pack.schema import PackError

    try:
        yield
    except PackError as exc:
        _fail(str(exc))


@contextmanager
def _worker_errors():
    """A worker process that died mid-run (killed, out of memory) ends the run with one line."""
    from .runner import WorkerLost

    try:
        yield
    except WorkerLost as exc:
        _fail(str(exc))


def _load_compiled(rules: tuple[str, ...], use_cache: bool, verify_examples: bool = False):
    """The compiled pack; with `verify_examples` (check) a team rule whose own examples
    misbehave is refused like any other pack error (selftest lists them all instead)."""
    from .pack.cache import load_compiled
    from .pack.schema import PackError

    def verify(compiled) -> None:
        from .pack.selftest import verify_team_examples  # only when a pack is being built

        verify_team_examples(compiled)

    try:
        return load_compiled(tuple(Path(r) for r in rules), use_cache=use_cache,
                             verify=verify if verify_examples else None)
    except PackError as exc:
        _fail(str(exc))


def _read_text_file(path: str, max_bytes: int) -> str:
    from .bounded import OverLimit, read_limited
    from .inputs import InputError, decode

    try:
        raw = read_limited(path, max_bytes)
    except OverLimit as exc:
        _fail(f"{path}:1:1: {exc} (raise it with --max-bytes)")
    except OSError as exc:
        _fail(f"{path}:1:1: cannot read: {exc.strerror}")
    text = decode(raw, path)
    if isinstance(text, InputError):
        _fail(str(text))
    return text


def _split_ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _known_ids(ids: list[str], pack, option: str) -> list[str]:
    """`ids` when every one names a rule of `pack`; else one error line naming the option."""
    from .taxonomy import unknown_rule_id

    known = {r.id for r in pack.rules}
    for rule_id in ids:
        if rule_id not in known:
            _fail(f"{option}: {unknown_rule_id(rule_id, known)}")
    return ids


# Set by `check`: its process holds nothing that needs an orderly shutdown (files are closed,
# worker pools joined), so the console script may skip freeing the compiled pack's objects.
_exit_without_teardown = False


def entry_point() -> None:
    """The console script. After `check`, exit with os._exit once output is flushed: tearing
    down the interpreter's many small pack objects took about a fifth of a one-draft run."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if not _exit_without_teardown:
        sys.exit(code)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code if isinstance(code, int) else 0 if code is None else 1)


class _OneLineUsageError(click.UsageError):
    """A usage error told in one line on stderr, as every other replylint error is."""

    def show(self, file=None) -> None:
        from .model import one_line

        command = self.ctx.command_path if self.ctx is not None else "replylint"
        click.echo(f"replylint: error: {one_line(self.format_message())} (see '{command} --help')", err=True)


@contextmanager
def _one_line_usage():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # `replylint` alone shows the help
    except click.UsageError as exc:
        if isinstance(exc, _OneLineUsageError):
            raise
        raise _OneLineUsageError(exc.format_message(), exc.ctx) from None


class _Commands(click.Group):
    """The command group: click's three-line usage errors made one line, and Ctrl-C in any
    command ending it with exit 130 and one line (click's own is exit 1, the findings code,
    which a CI step would take for a lint result)."""

    def make_context(self, *args, **kwargs):
        with _one_line_usage():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        try:
            with _one_line_usage():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nreplylint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replylint")
def main() -> None:
    """Lint customer-service replies to complaints before they are sent."""
    import signal

    # `replylint check … | head` must end quietly, as Unix tools do, not with a traceback.
    if hasattr(signal, "SIGPIPE") and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--complaint", "complaint_path", type=click.Path(dir_okay=False),
              help="The customer's message the reply answers (enables ignores-the-problem).")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the replies; auto (the default) detects it per reply and per sentence.")
@click.option("--ui-lang", type=_LANG, default=None, help=_UI_LANG_HELP)
@click.option("--format", "output_format", type=click.Choice(REPORT_FORMATS), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--min-score", type=click.IntRange(0, 100), default=None,
              help="Exit 1 when a reply scores below this.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids (comma-separated, repeatable).")
@click.option("--severity", "severities", multiple=True, metavar="RULE=LEVEL",
              help="Override a rule's severity (suggestion, warning, error or off; repeatable).")
@click.option("--rules", multiple=True, type=click.Path(),
              help="Extra rule file or directory; a rule with a built-in id replaces it.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A configuration file read after the ones found beside the linted files.")
@click.option("--extend-exclude", multiple=True, help="More gitignore-style patterns to skip in a walk.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files that .gitignore ignores (default: on).")
@click.option("--force-exclude", is_flag=True,
              help="Apply excludes to files named on the command line too (for pre-commit).")
@click.option("--csv-column", default=None, help="The CSV column that holds the template text.")
@click.option("--report-unused-suppressions/--no-report-unused-suppressions", default=None,
              help="Report replylint-disable markers that silence nothing.")
@click.option("--statistics", is_flag=True, help="Also print how often each rule fired.")
@click.option("-q", "--quiet", is_flag=True,
              help="Findings only: no summary line, no reply without findings, no warnings.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse input files (and --complaint) larger than this; in JSONL, each line.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output (default: on a terminal, unless NO_COLOR is set, or FORCE_COLOR).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the compiled rule pack cache.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for large batches (default: all cores).")
def check(paths, complaint_path, lang, ui_lang, output_format, fail_on, min_score, select, ignore, severities, rules,
          config_file, extend_exclude, respect_gitignore, force_exclude, csv_column, report_unused_suppressions,
          statistics, quiet, max_bytes, color, no_cache, jobs):
    """Lint replies: files, directories, globs, template collections, or - for standard input."""
    global _exit_without_teardown
    _exit_without_teardown = True
    from .config import Resolver
    from .configured import ConfiguredLinter
    from .inputs import InputError, SkippedInput
    from .interrupt import deferred_interrupt
    from .model import NOT_LINTED
    from .report import renderer
    from .report.statistics import Tally
    from .runner import default_jobs, run

    flags = {
        "lang": lang, "ui_lang": ui_lang, "fail_on": fail_on, "min_score": min_score, "csv_column": csv_column,
        "select": tuple(_split_ids(select)) or None, "ignore": tuple(_split_ids(ignore)) or None,
        "severity": _severity_flags(severities) or None,
        "rules": tuple(str(Path(r).resolve()) for r in rules) or None,
        "extend_exclude": tuple(extend_exclude) or None, "respect_gitignore": respect_gitignore,
        "report_unused_suppressions": report_unused_suppressions,
    }
    with _config_errors():
        resolver = Resolver(config_file, flags)
        configured = ConfiguredLinter(
            resolver, lambda packs: _load_compiled(packs, use_cache=not no_cache, verify_examples=True))
        # The rule table of SARIF and html, and the language of their labels: the first
        # path's configuration (loading another pack here would evict that one from the
        # on-disk cache).
        default_settings = configured.settings_for(_settings_probe(paths[0]))
        default_pack = configured.pack_for(default_settings)
    complaint = _read_text_file(complaint_path, max_bytes) if complaint_path else None

    writer = renderer(output_format).Writer(sys.stdout, color=_use_color(color), width=_text_width(),
                                            quiet=quiet, pack=default_pack.pack, ui_lang=default_settings.ui_lang)
    errors: list[InputError] = []
    # With `--fail-on none` a reply under --min-score is the only reason the run fails.
    below_min_score = _ReplyNotes("replylint: ", "more replies below the minimum score")
    not_linted = _ReplyNotes("replylint: warning: ", "more replies not linted")
    failed = False
    tally = Tally()
    progress = _progress(output_format)
    writer.begin()
    # Ctrl-C stops at the next whole result and the report is closed: never half a document.
    with _pack_errors(), _config_errors(), _worker_errors(), deferred_interrupt() as interrupt:
        forced_lang = lang if lang not in (None, "auto") else None
        replies = _configured_replies(paths, configured, forced_lang, complaint, max_bytes, force_exclude)
        for outcome, piece in interrupt.interruptible(run(replies, configured, jobs or default_jobs(),
                                                          piece=writer.piece, brief=not writer.reads_findings)):
            if isinstance(outcome, SkippedInput):
                click.echo(f"replylint: notice: {outcome}", err=True)
                continue
            if isinstance(outcome, InputError):
                errors.append(outcome)
                click.echo(f"replylint: error: {outcome}", err=True)
                continue
            writer.result(outcome, piece)
            tally.add(outcome)
            settings = configured.settings_for(outcome.path)
            if _fails_on(outcome, settings.fail_on):
                failed = True
            if outcome.min_score_failure:
                failed = True
                below_min_score.add(outcome, outcome.min_score_failure)
            if any(f.rule == NOT_LINTED for f in outcome.findings):
                # Its reason is the reply's last notice (findings from workers carry no message).
                not_linted.add(outcome, f"not linted: {outcome.notices[-1]}")
            progress.advance()
        progress.close()
        writer.end(errors)
        if statistics:
            # Beside text on stdout; beside a machine format on stderr, so the document stays valid.
            click.echo(tally.render(), nl=False, err=output_format not in HUMAN_FORMATS)
        sys.stdout.flush()
    if interrupt.requested:
        click.echo("replylint: interrupted: the report is closed after the last reply checked, not complete",
                   err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        not_linted.tell()
    below_min_score.tell()
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _fails_on(result, fail_on: str) -> bool:
    """A finding at or above --fail-on: the exit rule `check` and `fix` share."""
    from .model import severity_rank

    return fail_on != "none" and any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.findings)


class _ReplyNotes:
    """Lines about replies told on stderr after the report (whatever the format): the first
    few by name, then how many more. For what the exit code alone would not explain."""

    SHOWN = 10

    def __init__(self, prefix: str, more: str):
        self.prefix = prefix  # "replylint: " or "replylint: warning: "
        self.more = more  # "more replies below the minimum score"
        self.lines: list[str] = []
        self.count = 0

    def add(self, result, message: str) -> None:
        from .model import one_line

        self.count += 1
        if self.count <= self.SHOWN:
            name = result.path if result.record_id is None else f"{result.path} [{result.record_id}]"
            self.lines.append(f"{self.prefix}{one_line(name)}: {message}")

    def tell(self) -> None:
        for line in self.lines:
            click.echo(line, err=True)
        if self.count > self.SHOWN:
            click.echo(f"{self.prefix}… and {self.count - self.SHOWN} {self.more}", err=True)


def _use_color(flag: bool | None) -> bool:
    """--color/--no-color, else the NO_COLOR and FORCE_COLOR conventions (no-color.org,
    force-color.org: set and not empty; NO_COLOR wins, as in CPython), else a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _text_width() -> int:
    """Columns to wrap the text output to: the terminal's (or COLUMNS), else 80."""
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return shutil.get_terminal_size((80, 24)).columns
    return 80


@contextmanager
def _config_errors():
    from .config import ConfigError

    try:
        yield
    except ConfigError as exc:
        _fail(str(exc))


def _severity_flags(values: tuple[str, ...]) -> dict[str, str]:
    levels = {}
    for value in values:
        rule_id, sep, level = value.partition("=")
        if not sep or level.strip() not in ("suggestion", "warning", "error", "off"):
            raise click.BadParameter(f"expected RULE=LEVEL (suggestion, warning, error or off), got {value!r}",
                                     param_hint="--severity")
        levels[rule_id.strip()] = level.strip()
    return levels


def _settings_probe(raw: str) -> str | None:
    """The path whose settings apply to a command-line argument: a directory's own
    configuration counts for it; stdin takes the working directory's."""
    if raw == "-":
        return None
    return str(Path(raw) / "_") if Path(raw).is_dir() else raw


def _configured_replies(paths, configured, forced_lang, complaint, max_bytes, force_exclude=False):
    """Replies of every path, each read with the settings found for it (exclude patterns,
    .gitignore, CSV column; `forced_lang` is --lang) and prepared in this process."""
    from .inputs import InputError, read_replies

    for raw in paths:
        settings = configured.settings_for(_settings_probe(raw))
        file_filter = _file_filter(configured, raw, force_exclude)
        for item in read_replies((raw,), lang=forced_lang, complaint=complaint, max_bytes=max_bytes,
                                 csv_column=settings.csv_column, file_filter=file_filter, defer_records=True):
            yield item if isinstance(item, InputError) else configured.prepare(item)


def _file_filter(configured, raw: str, force_exclude: bool = False):
    """What a walk of the command-line path `raw` keeps, under the settings found for it."""
    from .discover import FileFilter

    settings = configured.settings_for(_settings_probe(raw))
    return FileFilter(
        exclude=settings.exclude, extend_exclude=settings.extend_exclude,
        respect_gitignore=settings.respect_gitignore, root=settings.root,
        skip_paths=frozenset(Path(r).resolve() for r in settings.rules), force_exclude=force_exclude)


class _NoProgress:
    def advance(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Progress:
    """A rich counter on stderr, shown only after the first few hundred replies."""

    SHOW_AFTER = 500

    def __init__(self):
        self.count = 0
        self.bar = None

    def advance(self) -> None:
        self.count += 1
        if self.bar is None and self.count >= self.SHOW_AFTER:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.bar = Progress(SpinnerColumn(), TextColumn("{task.completed} replies"), TimeElapsedColumn(),
                                console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("lint", total=None)
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _progress(output_format: str):
    """Progress only for people: on a terminal, outside CI, with the human format."""
    import os

    if output_format not in HUMAN_FORMATS or os.environ.get("CI") or not sys.stderr.isatty() or sys.stdout.isatty():
        return _NoProgress()
    return _Progress()


@main.command(name="eval")
@click.argument("corpora", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True)
@click.option("--rules", multiple=True, type=click.Path(), help="Extra rule file or directory.")
@click.option("--details", is_flag=True, help="List every reply whose rules differ from its labels.")
@click.option("--use-lang", is_flag=True, help="Trust each record's 'lang' instead of detecting it.")
def evaluate_command(corpora, output_format, rules, details, use_lang):
    """Per-rule precision and recall on labelled JSONL corpora."""
    import json

    from .engine import Linter
    from .evaluation import CorpusError, eval_json, evaluate, load_corpus, report_eval
    from .taxonomy import CANONICAL_RULES

    records = []
    for corpus in corpora:
        try:
            records.extend(load_corpus(Path(corpus)))
        except CorpusError as exc:
            _fail(str(exc))
    linter = Linter(_load_pack(rules))
    with _pack_errors():
        tables = evaluate(records, linter, CANONICAL_RULES, use_lang=use_lang)
    if output_format == "json":
        click.echo(json.dumps(eval_json(tables), ensure_ascii=False, indent=2))
    else:
        click.echo(report_eval(tables, details=details), nl=False)


@main.command(name="rules")
@click.option("--lang", type=click.Choice(LANG_CHOICES[1:], case_sensitive=False),
              help="Only rules with patterns in this language.")
@click.option("--ui-lang", type=_LANG, default=None,
              help="Language of the messages: auto (the default) is --lang's, else English.")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
def list_rules(lang, ui_lang, extra):
    """List every rule: id, severity, languages, message (and validate every pattern)."""
    ui_lang = _ui_lang(ui_lang, lang)
    pack = _load_compiled(extra, use_cache=True, verify_examples=True).pack
    for rule in sorted(pack.rules, key=lambda r: r.id):
        if lang and lang not in rule.languages:
            continue
        click.echo(f"{rule.id:<24} {rule.severity:<10} {','.join(rule.languages):<12} {rule.message.get(ui_lang)}")


def _ui_lang(flag: str | None, lang: str | None) -> str:
    """The interface language of a command that lints no reply (rules, explain): --ui-lang,
    else the configuration's ui-lang (found from the working directory); auto speaks the
    language asked about with --lang, else English."""
    from .config import Resolver
    from .ui_text import ui_lang_for

    with _config_errors():
        chosen = Resolver(None, {"ui_lang": flag}).settings_for(None).ui_lang
    return ui_lang_for(chosen, lang)


@main.command()
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(LANG_CHOICES[1:] + ("all",), case_sensitive=False), default="all",
              show_default=True,
              help="Language of the bad/good example pair (all: one pair per language).")
@click.option("--ui-lang", type=_LANG, default=None,
              help="Language of the explanation: auto (the default) is --lang's, else English.")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
def explain(rule_id, lang, ui_lang, extra):
    """Why a rule's pattern hurts the customer, what to write instead, and an example pair."""
    from .engine import Linter
    from .explain import explain_rule, format_explanation

    ui_lang = _ui_lang(ui_lang, None if lang == "all" else lang)
    compiled = _load_compiled(extra, use_cache=True)
    rule = compiled.pack.rule(_known_ids([rule_id], compiled.pack, "explain")[0])
    languages = rule.languages if lang == "all" else (lang,)
    if lang != "all" and lang not in rule.examples:
        _fail(f"rule '{rule_id}' has no examples in {lang} (it has: {', '.join(rule.languages)})")
    with _pack_errors():
        click.echo(format_explanation(explain_rule(rule, languages, Linter(compiled)), ui_lang=ui_lang), nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--write", is_flag=True,
              help="Apply the fixes to the files instead of printing a diff (for - : print the fixed text).")
@click.option("--backup/--no-backup", default=True, show_default=True,
              help="With --write, keep the original as FILE.orig.")
@click.option("--lang", type=_LANG, default=None,
              help="Language of the replies; auto (the default) detects it per reply and per sentence.")
@click.option("--ui-lang", type=_LANG, default=None, help=_UI_LANG_HELP)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest severity that makes the exit code 1 (default: warning).")
@click.option("--min-score", type=click.IntRange(0, 100), default=None,
              help="Exit 1 when a reply scores below this.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids (comma-separated, repeatable).")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A configuration file read after the ones found beside the files.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse input files larger than this.")
def fix(paths, write, backup, lang, ui_lang, fail_on, min_score, select, ignore, extra, config_file, max_bytes):
    """Print a unified diff of the safe fixes (or apply them with --write): files,
    directories, globs, or - for standard input, as `check` takes them.

    Only rules with replacements are fixed, and only in text, Markdown and HTML files; every
    finding left is listed on stderr with its hint (a missing apology, say): replylint never
    invents text. The exit code is check's, for the files as they are when fix is done
    (with --write: fixed; without: unchanged).
    """
    from .config import Resolver
    from .configured import ConfiguredLinter
    from .discover import discover
    from .inputs import InputError

    flags = {"lang": lang, "ui_lang": ui_lang, "fail_on": fail_on, "min_score": min_score,
             "select": tuple(_split_ids(select)) or None, "ignore": tuple(_split_ids(ignore)) or None,
             "rules": tuple(str(Path(r).resolve()) for r in extra) or None}
    with _config_errors():
        configured = ConfiguredLinter(Resolver(config_file, flags),
                                      lambda packs: _load_compiled(packs, use_cache=True))
    run = _FixRun(configured, lang if lang not in (None, "auto") else None, max_bytes, write, backup)
    with _pack_errors(), _config_errors():
        for raw in paths:
            for item in discover((raw,), _file_filter(configured, raw)):
                if isinstance(item, InputError):
                    run.error(item)
                else:
                    run.fix(item)
    sys.exit(EXIT_ERROR if run.had_error else EXIT_FINDINGS if run.failed else EXIT_OK)


class _FixRun:
    """`fix` over the files of a run: what it prints, and the exit code it comes to."""

    def __init__(self, configured, forced_lang: str | None, max_bytes: int, write: bool, backup: bool):
        self.configured = configured
        self.forced_lang = forced_lang
        self.max_bytes = max_bytes
        self.write = write
        self.backup = backup
        self.fixers: dict[object, object] = {}  # Linter -> its Fixer
        self.had_error = self.failed = False

    def error(self, message) -> None:
        self.had_error = True
        click.echo(f"replylint: error: {message}", err=True)

    def _gate(self, name: str, results) -> None:
        """Check's exit rules: a finding at or above --fail-on (listed already), or a score
        below --min-score (said here, since no finding says it)."""
        from .model import one_line

        settings = self.configured.settings_for(name)
        for result in results:
            if _fails_on(result, settings.fail_on):
                self.failed = True
            if settings.min_score is not None and result.score < settings.min_score:
                self.failed = True
                where = f"{name} [{result.record_id}]" if result.record_id is not None else name
                click.echo(one_line(f"{where}: {self.configured.below_min_score(result.score, name)}"), err=True)

    def _left(self, name: str, placed) -> None:
        """Every finding left after the fixes, at its (line, column)."""
        from .model import one_line

        for (line, column), finding in placed:
            click.echo(one_line(f"{name}:{line}:{column}: {finding.rule}: not fixed automatically; {finding.hint}"),
                       err=True)

    def fix(self, item) -> None:
        """One file found in a walk, or "-"."""
        from .fix import rewritable

        if item == "-" or rewritable(str(item)):
            self._fix_file(item)
        else:
            self._lint_collection(str(item))

    def _lint_collection(self, name: str) -> None:
        """A template collection (YAML, JSON, CSV, JSONL) is linted as check does, not rewritten."""
        from .inputs import InputError, read_replies

        settings = self.configured.settings_for(name)
        results = []
        for reply in read_replies((name,), lang=self.forced_lang, max_bytes=self.max_bytes,
                                  csv_column=settings.csv_column):
            if isinstance(reply, InputError):
                self.error(reply)
            else:
                results.append(self.configured.lint(self.configured.prepare(reply)))
        self._left(name, (((f.line, f.column), f) for r in results for f in r.findings))
        self._gate(name, results)

    def _fix_file(self, item) -> None:
        from .fix import Fixer, fix_text
        from .formats import ReadOptions, read_text
        from .inputs import InputError
        from .model import one_line
        from .rewrite import WriteError, read_source, read_stdin, unified_diff, write_fixed

        source = read_stdin(self.max_bytes) if item == "-" else read_source(item, self.max_bytes)
        if isinstance(source, InputError):
            self.error(source)
            return
        name = source.name
        configured = self.configured
        linter = configured.linter_for(name)
        if linter not in self.fixers:
            self.fixers[linter] = Fixer(linter)
        options = ReadOptions(lang=self.forced_lang, csv_column=configured.settings_for(name).csv_column)

        def read(text):
            for reply in read_text(name, text, options):
                yield reply if isinstance(reply, InputError) else configured.prepare(reply)

        outcome = fix_text(source.text, read, linter, self.fixers[linter])
        for problem in outcome.errors:
            self.error(problem)
        fixed_now = False  # whether what is left is the fixed text (else the file still as read)
        if self.write and source.path is None:  # stdin is never written to: its fixed text is printed
            click.echo(outcome.fixed, nl=False)
            fixed_now = True
        elif outcome.edits and self.write:
            try:
                kept = write_fixed(source, outcome.fixed, backup=self.backup)
            except WriteError as exc:
                self.error(exc)
                return
            count = len(outcome.edits)
            note = f", original kept in {kept}" if kept else ""
            click.echo(one_line(f"{name}: {count} fix{'es' * (count != 1)} written{note}"), err=True)
            fixed_now = True
        elif outcome.edits:
            click.echo(unified_diff(source, outcome.fixed), nl=False)
        if fixed_now or not outcome.edits:
            self._left(name, (((f.line, f.column), f) for r in outcome.after for f in r.findings))
        else:  # beside a diff: places in the file as it still is
            self._left(name, ((outcome.position_before(f.span.start), f) for r in outcome.after for f in r.findings))
        self._gate(name, outcome.after if fixed_now else outcome.before)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; keep the default unless a proxy is in front.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
def serve(host, port, extra):
    """A playground page for trainers and a JSON endpoint (POST /check) for help desks."""
    try:
        import uvicorn  # noqa: F401 - only to say which extra is missing

        from .serve import server
    except ImportError:
        _fail("serve needs the web extra: pip install 'replylint[serve]'")
    compiled = _load_compiled(extra, use_cache=True)
    listening = _listen(host, port)
    port = listening.getsockname()[1]  # the one the system chose for --port 0
    click.echo(f"replylint playground on http://{host}:{port}/  (POST /check for JSON)", err=True)
    server(compiled, host, port).run(sockets=[listening])


@main.command()
def lsp():
    """An editor language server on stdio: diagnostics as you type, hovers, safe fixes (extra: [lsp])."""
    try:
        import pygls  # noqa: F401
    except ImportError:
        _fail("lsp needs the lsp extra: pip install 'replylint[lsp]'")
    from .lsp import serve as serve_lsp

    serve_lsp()


@main.command(name="mcp")
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A configuration file for every reply (default: the built-in rules and settings).")
def mcp_command(config_file):
    """A Model Context Protocol server on stdio for AI agents: tools check_reply and explain_rule (extra: [mcp])."""
    try:
        import mcp.server.mcpserver  # noqa: F401
    except ImportError:
        _fail("mcp needs the mcp extra: pip install 'replylint[mcp]'")
    from .mcp_server import create_server

    with _config_errors(), _pack_errors():
        server = create_server(config_file)
    server.run("stdio")


def _listen(host: str, port: int):
    """A socket bound to host:port before anything is announced: a busy port or an unknown
    host is one error line (exit 2), not the playground's address and then a server's trace."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except socket.gaierror as exc:
        _fail(f"cannot listen on {host}:{port}: unknown host ({exc.strerror})")
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {os.strerror(exc.errno) if exc.errno else exc}")


@main.command()
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated, repeatable).")
def selftest(extra, select):
    """Run every rule's own fail/pass examples; list the ones that misbehave."""
    from .engine import Linter
    from .pack.selftest import check_example, example_cases

    compiled = _load_compiled(extra, use_cache=True)
    linter = Linter(compiled)
    pack = compiled.pack
    wanted = frozenset(_known_ids(_split_ids(select), pack, "--select")) or None
    total = failed = 0
    for case in example_cases(pack, wanted):
        total += 1
        with _pack_errors():
            problem = check_example(case, linter)
        if problem:
            failed += 1
            click.echo(f"{case.location}: {problem}: {case.text}")
    click.echo(f"{total - failed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _audit_columns(values: tuple[str, ...]):
    from .audit.config import Columns

    mapping = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or name.strip() not in Columns.field_names() or not column.strip():
            _fail(f"--column expects FIELD=NAME with FIELD one of {', '.join(Columns.field_names())}, not '{value}'")
        mapping[name.strip()] = column.strip()
    return Columns(**mapping)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--by", multiple=True, help="Break down by agent, team, channel and/or lang (comma-separated).")
@click.option("--period", type=click.Choice(("day", "week", "month", "none")), default="week", show_default=True,
              help="Period of the trend, from each reply's created_at.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="audit-report", show_default=True,
              help="Directory for summary.json and index.html.")
@click.option("--engine", "engine_name", type=click.Choice(("local", "dask", "spark")), default="local",
              show_default=True, help="local: this machine's cores; dask or spark: a cluster (extras).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for local, a Dask LocalCluster or Spark local[N] (default: all cores).")
@click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster on this machine).")
@click.option("--master", help="Spark master URL (default: $SPARK_MASTER, else local[N]).")
@click.option("--column", "columns", multiple=True,
              help="FIELD=NAME: the export's column for reply, id, agent, team, channel, created_at, complaint, lang.")
@click.option("--examples", type=click.IntRange(min=0), default=5, show_default=True,
              help="Worst replies kept per rule.")
@click.option("--split-mb", type=click.IntRange(min=1), default=32, show_default=True,
              help="Size of a JSONL split for dask and spark.")
@click.option("--rules", multiple=True, type=click.Path(), help="Extra rule file or directory.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the compiled rule pack cache.")
@click.option("--ui-lang", type=_LANG, default="auto", show_default=True,
              help="Language of the page's labels and rule messages: auto is the audited replies' most frequent.")
def audit(paths, by, period, out_dir, engine_name, jobs, scheduler, master, columns, examples, split_mb, rules,
          no_cache, ui_lang):
    """Audit an export of sent replies (.jsonl, .csv, .parquet): summary.json and index.html."""
    from .audit.config import AuditConfig
    from .audit.engines import EngineUnavailable, engine
    from .audit.records import ExportError
    from .runner import default_jobs

    try:
        config = AuditConfig(columns=_audit_columns(columns), dimensions=tuple(dict.fromkeys(_split_ids(by))),
                             period=period, examples=examples, rules=tuple(rules), use_cache=not no_cache)
    except ValueError as exc:
        _fail(str(exc))
    try:
        from .audit.report import write_report  # the page needs matplotlib: fail before hours of linting
        from .audit import charts  # noqa: F401
    except ImportError:
        _fail("audit needs the audit extra for its charts: pip install 'replylint[audit]'")
    try:
        module = engine(engine_name)
    except EngineUnavailable as exc:
        _fail(str(exc))
    pack = _load_compiled(rules, use_cache=not no_cache).pack
    options = {"jobs": jobs or default_jobs()}
    if engine_name == "dask":
        options.update(scheduler=scheduler, split_bytes=split_mb * 1024 * 1024)
    elif engine_name == "spark":
        options.update(master=master, split_bytes=split_mb * 1024 * 1024)
    with _pack_errors():
        try:
            summary = module.run(list(paths), config, **options)
        except ExportError as exc:
            _fail(str(exc))
        except Exception as exc:  # noqa: BLE001 - a cluster failure is reported in one line, not a trace
            if type(exc).__name__ == "PackError":
                raise
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            _fail(f"the {engine_name} engine failed: {first}")
    try:
        written = write_report(summary, Path(out_dir), rules={r.id: r for r in pack.rules}, ui_lang=ui_lang)
    except OSError as exc:
        _fail(f"{out_dir}: cannot write the report: {exc.strerror or exc}")
    unreadable = sum(summary.errors.values())
    note = f", {unreadable:,} unreadable records skipped" if unreadable else ""
    click.echo(f"audited {summary.total.replies:,} replies{note}: {written[1]}", err=True)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
