"""Commands for authors and for taking the course elsewhere: the linter and the exports.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
from typing import List, Optional

import typer

from hormonecli.cli.app import app, emit_json
from hormonecli.context import Course
from hormonecli.errors import ExitStatus, UsageError


@app.command()
def validate(
    ctx: typer.Context,
    paths: Optional[List[str]] = typer.Argument(None, help="Content directories or files (default: all content)."),
    rules: bool = typer.Option(False, "--rules", help="List the rules and their codes."),
    errors_only: bool = typer.Option(False, "--errors-only", help="Hide warnings."),
    output: str = typer.Option("text", "--format", "-f", metavar="FORMAT",
                               help="text (one line per finding) or json."),
) -> None:
    """Check content files for mistakes (the linter).

    Prints coded findings with file, line and YAML path; exits 1 on any error.
    """
    from pathlib import Path

    from hormonecli.courseware import lint
    from hormonecli.courseware.library import content_files
    from hormonecli.courseware.names import resolve
    from hormonecli.render import screens

    course: Course = ctx.obj
    as_json = resolve(output, {"text": "text", "json": "json"}, what="format", choices="text or json") == "json"
    out = course.lines()
    if rules:
        if as_json:
            emit_json({"rules": [{"code": code, "message": text} for code, text in lint.RULES.items()]})
        else:
            screens.rules(out, lint.RULES)
        return
    context = course.content.dirs
    targets = [Path(p) for p in paths or []]
    from hormonecli.escapes import shorten
    from hormonecli.paths import exists

    for t in targets:
        if not exists(t):
            raise UsageError(f"no such file or directory: {shorten(str(t), 120)}")
        if not content_files([t]):
            raise UsageError(f"no content files (*.yaml) in {shorten(str(t), 120)}")
    found = lint.validate(context, targets or None)
    counted = len(content_files(targets or context))
    shown = [f for f in found if f.severity == "error"] if errors_only else found
    if as_json:
        emit_json(screens.findings_json(shown, counted))
    else:
        screens.findings(out, shown, counted)
    if any(f.severity == "error" for f in found):
        raise typer.Exit(ExitStatus.ERROR)


export_app = typer.Typer(
    name="export", help="Export the course: an Anki deck, an HTML site or Markdown.",
    invoke_without_command=True, add_completion=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export")
_EXPORT_MODULES = typer.Argument(None, metavar="[MODULE...|all]",
                                 help="Modules to export (slug, alias or prefix), or 'all' (the default).")
_EXPORT_FORCE = typer.Option(False, "--force", help="Replace an existing file, or a folder a previous export made.")


@export_app.callback()
def _export_root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:  # a bare 'hormonecli export' shows its help, as a group should
        print(ctx.get_help())


def _export(course: Course, kind: str, modules: Optional[List[str]], output: str, force: bool) -> None:
    """Resolve the modules as learn and quiz do, run one exporter, print its one-line summary."""
    from importlib import import_module
    from pathlib import Path

    from hormonecli.escapes import clean

    names = list(modules or [])
    chosen = list(course.library.modules)
    if names and "all" not in (n.strip().lower() for n in names):
        slugs = {course.module(name).slug for name in names}
        chosen = [mod for mod in chosen if mod.slug in slugs]  # course order, each once
    run = getattr(import_module(f"hormonecli.export.{kind}"), f"export_{kind}")
    progress = course.progress()
    try:
        summary = run(course.library, chosen, Path(output), commands=course.commands, force=force, progress=progress)
    finally:
        if progress is not None:
            progress("", 1, 1)  # a bar left by an interruption is erased before the error line
    print(clean(summary))


@export_app.command("anki")
def export_anki(ctx: typer.Context, modules: Optional[List[str]] = _EXPORT_MODULES,
                output: str = typer.Option(..., "--output", "-o", metavar="FILE.apkg", help="The deck file to write."),
                force: bool = _EXPORT_FORCE) -> None:
    """Write the quiz questions as an Anki deck (.apkg), one deck per module.

    Note ids come from question ids, so importing a newer export updates your cards instead of
    adding copies.
    """
    if not output.lower().endswith(".apkg"):
        raise UsageError(f"the deck's file name must end in .apkg, which is how Anki opens it (got '{output}')")
    _export(ctx.obj, "anki", modules, output, force)


@export_app.command("html")
def export_html(ctx: typer.Context, modules: Optional[List[str]] = _EXPORT_MODULES,
                output: str = typer.Option(..., "--output", "-o", metavar="DIR", help="The folder to write the site to."),
                force: bool = _EXPORT_FORCE) -> None:
    """Write an offline HTML course: index, one file per page, glossary and references.

    Open index.html from disk or host the folder anywhere; nothing is loaded from the network.
    """
    _export(ctx.obj, "html", modules, output, force)


@export_app.command("markdown")
def export_markdown(ctx: typer.Context, modules: Optional[List[str]] = _EXPORT_MODULES,
                    output: str = typer.Option(..., "--output", "-o", metavar="DIR",
                                               help="The folder to write the Markdown to."),
                    force: bool = _EXPORT_FORCE) -> None:
    """Write the course as Markdown: one file per page, an index and a glossary."""
    _export(ctx.obj, "markdown", modules, output, force)
