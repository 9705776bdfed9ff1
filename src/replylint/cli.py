"""The command line: arguments -> pack -> engine -> report -> exit code. Nothing else.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or
rule-pack error. Errors are one line on stderr, never a traceback.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__

LANG_CHOICES = ("auto", "ru", "uk", "bg", "en")
FAIL_ON = ("suggestion", "warning", "error", "none")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"replylint: error: {message}", err=True)
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


def _load_compiled(rules: tuple[str, ...], use_cache: bool):
    from .pack.cache import load_compiled
    from .pack.schema import PackError

    try:
        return load_compiled(tuple(Path(r) for r in rules), use_cache=use_cache)
    except PackError as exc:
        _fail(str(exc))


def _read_text_file(path: str) -> str:
    from .inputs import InputError, decode

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        _fail(f"{path}:1:1: cannot read: {exc.strerror}")
    text = decode(raw, path)
    if isinstance(text, InputError):
        _fail(str(text))
    return text


def _split_ids(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replylint")
def main() -> None:
    """Lint customer-service replies to complaints before they are sent."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--complaint", "complaint_path", type=click.Path(dir_okay=False),
              help="The customer's message the reply answers (enables ignores-the-problem).")
@click.option("--lang", type=click.Choice(LANG_CHOICES), default="auto", show_default=True,
              help="Language of the replies; auto detects it per reply and per sentence.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text",
              show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--select", multiple=True, help="Only these rule ids (comma-separated, repeatable).")
@click.option("--ignore", multiple=True, help="Skip these rule ids (comma-separated, repeatable).")
@click.option("--rules", multiple=True, type=click.Path(),
              help="Extra rule file or directory; a rule with a built-in id replaces it.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse input files larger than this.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the compiled rule pack cache.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for large batches (default: all cores).")
def check(paths, complaint_path, lang, output_format, fail_on, select, ignore, rules, max_bytes, color,
          no_cache, jobs):
    """Lint replies: files, directories, JSONL batches, or - for standard input."""
    from .engine import Linter, Selection
    from .inputs import InputError, read_replies
    from .model import severity_rank
    from .report import renderer
    from .runner import default_jobs, run

    compiled = _load_compiled(rules, use_cache=not no_cache)
    known = {r.id for r in compiled.pack.rules}
    selected, ignored = _split_ids(select), _split_ids(ignore)
    for rule_id in selected + ignored:
        if rule_id not in known:
            _fail(f"unknown rule id '{rule_id}' (see 'replylint rules')")
    complaint = _read_text_file(complaint_path) if complaint_path else None
    selection = Selection(select=frozenset(selected) if selected else None, ignore=frozenset(ignored))
    linter = Linter(compiled, selection)

    if color is None:
        color = sys.stdout.isatty()
    writer = renderer(output_format).Writer(sys.stdout, color=color)
    replies = read_replies(paths, lang=None if lang == "auto" else lang, complaint=complaint,
                           max_bytes=max_bytes)
    errors: list[InputError] = []
    failed = False
    threshold = severity_rank(fail_on) if fail_on != "none" else None
    progress = _progress(output_format)
    writer.begin()
    with _pack_errors():
        for outcome, text in run(replies, linter, jobs or default_jobs()):
            if isinstance(outcome, InputError):
                errors.append(outcome)
                click.echo(f"replylint: error: {outcome}", err=True)
                continue
            writer.result(outcome, text)
            if threshold is not None and any(severity_rank(f.severity) >= threshold for f in outcome.findings):
                failed = True
            progress.advance()
    progress.close()
    writer.end(errors)
    sys.stdout.flush()
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


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

    if output_format != "text" or os.environ.get("CI") or not sys.stderr.isatty() or sys.stdout.isatty():
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
@click.option("--lang", type=click.Choice(LANG_CHOICES[1:]), help="Only rules with patterns in this language.")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
def list_rules(lang, extra):
    """List every rule: id, severity, languages, message (and validate every pattern)."""
    pack = _load_compiled(extra, use_cache=True).pack
    for rule in sorted(pack.rules, key=lambda r: r.id):
        if lang and lang not in rule.languages:
            continue
        click.echo(f"{rule.id:<24} {rule.severity:<10} {','.join(rule.languages):<12} {rule.message}")


@main.command()
@click.argument("rule_id")
@click.option("--lang", type=click.Choice(LANG_CHOICES[1:]), default="en", show_default=True,
              help="Language of the example pair.")
@click.option("--rules", "extra", multiple=True, type=click.Path(), help="Extra rule file or directory.")
def explain(rule_id, lang, extra):
    """Why a rule's pattern hurts the customer, what to write instead, and an example pair."""
    pack = _load_pack(extra)
    try:
        rule = pack.rule(rule_id)
    except KeyError:
        _fail(f"unknown rule id '{rule_id}' (see 'replylint rules')")
    click.echo(f"{rule.id}  ({rule.severity}, kind: {rule.kind})\n")
    click.echo(f"{rule.message}\n")
    click.echo(f"Why it hurts: {rule.why}\n")
    if rule.hint:
        click.echo(f"Instead: {rule.hint}\n")
    if rule.suggestions.get(lang):
        click.echo("Try: " + " / ".join(rule.suggestions[lang]) + "\n")
    examples = rule.examples.get(lang) or next(iter(rule.examples.values()))
    click.echo(f"Flagged:  {examples.fail[0].text}")
    click.echo(f"Fine:     {examples.passing[0].text}")


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
    wanted = frozenset(_split_ids(select)) or None
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


if __name__ == "__main__":
    main()
