"""The command line: parse, call one domain function, render, map errors to exit codes.

Every command gets the run's `Course` (context.py) as `ctx.obj`. Commands import
what they need inside their bodies so that start-up stays fast. There is no
`from __future__ import annotations` here: Typer reads every command's annotations on every
run, and string annotations would each be evaluated (several milliseconds per command line).
"""
import os
import sys
from typing import List, Optional

import typer
import typer.core

from hormonecli import __version__
from hormonecli.context import Course, Options
from hormonecli.errors import ExitStatus, HormoneError, Interrupted, UsageError

EPILOG = ("Educational only: hormonecli explains physiology; it is not medical advice, does not diagnose and "
          "cannot interpret your results. It gives no doses; don't start, stop or change any hormone, medicine, "
          "peptide or supplement without a clinician.")

COMMAND_ORDER = ("learn", "quiz", "review", "search", "define", "claims", "list", "progress", "export",
                 "validate")


class _CourseOrder(typer.core.TyperGroup):
    """--help lists commands in the order a learner meets them; Ctrl-C in any command is one error line."""

    def list_commands(self, ctx):
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: COMMAND_ORDER.index(n) if n in COMMAND_ORDER else len(COMMAND_ORDER))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer would end the run with a silent 130; the error boundary says why
            raise Interrupted("interrupted") from None


app = typer.Typer(
    cls=_CourseOrder,
    name="hormonecli",
    help="A terminal course on the endocrinology of exercise and aging.",
    epilog=EPILOG,
    add_completion=True,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete(what: str):
    """Tab completion of the course's own names (completion.py serves them from the caches)."""
    def complete(ctx: typer.Context, incomplete: str) -> list:
        from hormonecli.completion import candidates

        dirs = ctx.find_root().params.get("content_dir") or []
        # While an option waits for its value, Click leaves the words before it unparsed in ctx.args.
        params = {**dict(ctx.params), "module": ctx.params.get("module") or next(iter(ctx.args), None)}
        return candidates(what, incomplete, list(dirs), params)
    return complete


def _version(value: bool) -> None:
    if value:
        print(f"hormonecli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    content_dir: Optional[List[str]] = typer.Option(
        None, "--content-dir", metavar="PATH", help="Add a content pack (repeatable; also HORMONECLI_CONTENT_PATH)."),
    plain: bool = typer.Option(False, "--plain", help="No colour and no box drawing (screen readers, logs)."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (NO_COLOR is honoured too)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """A terminal course on the endocrinology of exercise and aging."""
    ctx.obj = Course(Options(list(content_dir or []), plain, no_color, debug))
    if ctx.invoked_subcommand is None:
        _welcome(ctx.obj)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _json(data: dict) -> None:
    """A JSON document on stdout, versioned by its "format" (docs/json.md)."""
    import json

    from hormonecli import JSON_FORMAT
    from hormonecli.escapes import json_visible

    sys.stdout.write(json_visible(json.dumps({"format": JSON_FORMAT, **data}, indent=2, ensure_ascii=False)) + "\n")


def _read_state(store) -> tuple[dict, dict]:
    if store is None:
        return {}, {}
    return store.positions(), store.pages_read()


def _welcome(course: Course) -> None:
    from hormonecli import nextstep
    from hormonecli.render import screens

    modules = course.manifest
    store = course.store(create=False)
    known = {qid for mod in modules for qid in mod["question_ids"]}
    due = course.due(store, known) if store is not None else 0
    state = nextstep.state_of(store, due)
    screens.welcome(course.lines(), modules, state.positions, state.read, due,
                    nextstep.next_step(modules, state), course.commands)


# -- commands -------------------------------------------------------------------

@app.command("list")
def list_modules(ctx: typer.Context,
                 json_out: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List the modules, their levels and your progress.

    Shows each module's slug, title, aliases, pages per level, questions and pages read.
    """
    from hormonecli.render import screens

    course: Course = ctx.obj
    course.machine = json_out
    modules = course.manifest
    _, read = _read_state(course.store(create=False))
    if json_out:
        _json({"modules": screens.module_json(modules, read)})
    else:
        screens.module_list(course.lines(), modules, read)


@app.command()
def learn(
    ctx: typer.Context,
    module: Optional[str] = typer.Argument(
        None, help="Module slug, alias or unambiguous prefix (e.g. hpg, bone); omitted: where you left off.",
        autocompletion=_complete("module")),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="fundamentals, intermediate or academic.",
                                        autocompletion=_complete("level")),
    page: Optional[str] = typer.Option(None, "--page", "-p", help="Page id or number within the level.",
                                       autocompletion=_complete("page")),
    print_: bool = typer.Option(False, "--print", help="Write the selection out once instead of paging."),
) -> None:
    """Read a module, one page at a time.

    Keys: n/space next, p previous, g/G first/last page, / find, t contents, 1-9 follow a
    link, b back, l switch level, ? help, q quit. Resumes where you left off. When output is
    not a terminal, or with --print, the selection is written out once.
    """
    from hormonecli.courseware.names import resolve_level, start_page

    course: Course = ctx.obj
    if level is not None:
        level = resolve_level(level)
    if module is None:
        module = course.last_read()
    interactive = not print_ and course.interactive()
    if interactive:
        from hormonecli.render.terminal import unusable

        why = unusable(out_fd=sys.stdout.fileno())
        if why:  # as `less` does on a dumb terminal: say so, and print
            course.warn(f"{why}; the lesson is printed instead")
            interactive = False
    if not interactive and page is None:
        _print_selection(course, course.slug(module), level)
        return
    mod = course.module(module)
    store = course.store()
    start = start_page(mod, level=level, page=page, position=store.position(mod.slug) if store else None)
    if interactive:
        from hormonecli import nextstep
        from hormonecli.reading import Tracker
        from hormonecli.render.pager import Pager

        modules = course.manifest
        pager = Pager(course.library, mod, start, course.style(), course.commands, store=store,
                      no_color=course.no_color, tracker=Tracker(store),
                      offer=lambda slug, lv: nextstep.level_end(modules, nextstep.state_of(store), slug, lv))
        pager.run()
        if pager.then is not None and pager.then.kind == "quiz":
            _quiz(course, pager.then.module, pager.then.level)
            return
        step = nextstep.next_step(modules, nextstep.state_of(store, course.due(store)))
        if not (step.kind == "read" and step.resume):  # 'resumes here' was just said
            from hormonecli.render.screens import next_step_line

            next_step_line(course.lines(), step, course.commands)
        return
    from hormonecli.render.lines import reading_width
    from hormonecli.render.page import print_pages

    print_pages(course.console(width=reading_width(sys.stdout)), course.library, mod, [start], course.style())


def _print_selection(course: Course, slug: str, level: Optional[str]) -> None:
    """Write a whole module (or one level) out once (see render/printed.py)."""
    from hormonecli.render import printed
    from hormonecli.render.lines import colour_wanted, reading_width

    styled, _ = colour_wanted(sys.stdout, course.plain, course.no_color)
    printed.write(sys.stdout, course.content, slug, level, width=reading_width(sys.stdout), plain=course.plain,
                  styled=styled, no_color=course.no_color)


@app.command()
def define(ctx: typer.Context,
           term: List[str] = typer.Argument(..., help="A glossary term or alias, e.g. GnRH or 'free testosterone'.",
                                            autocompletion=_complete("term")),
           json_out: bool = typer.Option(False, "--json", help="Print the entry as JSON.")) -> None:
    """Look up a glossary term and where it is taught.

    Shows the definition, aliases, evidence status for therapies, and the pages that teach it.
    """
    from hormonecli.render.search import term_entry, term_json
    from hormonecli.search.index import define as lookup

    course: Course = ctx.obj
    course.machine = json_out
    entry = lookup(course.content, " ".join(term))
    if json_out:
        _json(term_json(entry, course.commands))
    else:
        term_entry(course.lines(), entry, course.commands)


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
            _json({"rules": [{"code": code, "message": text} for code, text in lint.RULES.items()]})
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
        _json(screens.findings_json(shown, counted))
    else:
        screens.findings(out, shown, counted)
    if any(f.severity == "error" for f in found):
        raise typer.Exit(ExitStatus.ERROR)


@app.command()
def quiz(
    ctx: typer.Context,
    module: Optional[str] = typer.Argument(
        None, help="Module slug, alias or unambiguous prefix, or 'all'; omitted: the module you are reading.",
        autocompletion=_complete("module-or-all")),
    level: Optional[str] = typer.Option(
        None, "--level", "-l", help="fundamentals, intermediate, academic or all (default: the levels you have read).",
        autocompletion=_complete("level-or-all")),
    count: int = typer.Option(10, "--count", "-n", min=1, max=1000, help="How many questions (default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Pick and shuffle reproducibly."),
    qtype: Optional[str] = typer.Option(
        None, "--type", "-t", help="single, multiple, true-false, order, match or numeric.",
        autocompletion=_complete("type")),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Ask this one question (its id).",
                                           autocompletion=_complete("question")),
    json_out: bool = typer.Option(False, "--json", help="Read answers from stdin, print the result as JSON."),
) -> None:
    """Take a quiz, with feedback after every answer.

    Questions come from the levels you have read (fundamentals to begin with); --level picks one,
    --level all mixes every level. Answer by letter or number; each answer shows why every option
    is right or wrong and which page teaches it; the score by level and the next step come at the
    end. Piped input is read one answer per line.
    """
    course: Course = ctx.obj
    if question is None and module is None:
        module = course.last_read()
    _quiz(course, module, level, count=count, seed=seed, qtype=qtype, question=question, json_out=json_out)


def _quiz(course: Course, module: Optional[str], level: Optional[str], *, count: int = 10,
          seed: Optional[int] = None, qtype: Optional[str] = None, question: Optional[str] = None,
          json_out: bool = False) -> None:
    from hormonecli import nextstep
    from hormonecli import review as rv
    from hormonecli.courseware.names import resolve_level
    from hormonecli.quiz import engine
    from hormonecli.render.quiz import scope_view
    from hormonecli.render.session import play

    course.machine = json_out
    library = course.library
    store = course.store()
    if question is not None:
        session = engine.single(library, question, seed=seed)
    else:
        assert module is not None
        reached = None
        if level is None:  # the levels the learner has read
            state = nextstep.state_of(store)
            reached = {mod["slug"]: nextstep.reached_levels(course.manifest, state, mod["slug"])
                       for mod in course.manifest}
        chosen = None if level is None or level.strip().lower() == "all" else resolve_level(level)
        session = engine.start(library, module, level=chosen, reached=reached, count=count, seed=seed, qtype=qtype)
        if reached is not None and not json_out:
            course.console().print(scope_view(session, course.commands))
    modules = course.manifest
    outcome = play(course.console(), session, library=library, style=course.style(), commands=course.commands,
                   save=rv.Recorder(store, "quiz") if store else None, unsaved=course.store_problem,
                   due=lambda: course.due(store), json_mode=json_out, warn=course.warn,
                   next_step=lambda: nextstep.next_step(modules, nextstep.state_of(store, course.due(store))))
    if outcome.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


@app.command()
def review(
    ctx: typer.Context,
    count: Optional[int] = typer.Option(None, "--count", "-n", min=1, max=10000, help="At most this many questions."),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix).",
                                         autocompletion=_complete("module")),
    cram: bool = typer.Option(False, "--cram", help="Practise your weakest questions now; the schedule is untouched."),
    json_out: bool = typer.Option(False, "--json", help="Read answers from stdin, print the result as JSON."),
) -> None:
    """Review what you are about to forget.

    Spaced repetition (FSRS) over every question you have met, due ones first; --cram
    practises your weakest questions without touching the schedule.
    """
    from hormonecli import nextstep
    from hormonecli import review as rv
    from hormonecli.quiz.engine import Quiz
    from hormonecli.render.quiz import nothing_due_view
    from hormonecli.render.session import play

    course: Course = ctx.obj
    course.machine = json_out
    library = course.library
    mod = course.module(module) if module else None
    store = course.store(required=True)
    assert store is not None
    plan = rv.plan(store, library, module=mod.slug if mod else None, count=count, cram=cram)
    if not plan.questions:
        if json_out:
            from hormonecli.progress import iso_time

            _json({"due": 0, "met": plan.met, "next_due": iso_time(plan.next_due), "questions": []})
        else:
            course.console().print(nothing_due_view(plan.met, plan.next_due, mod.slug if mod else None,
                                                    course.commands))
        return
    mode = "cram" if cram else "review"
    outcome = play(course.console(), Quiz(plan.questions), library=library, style=course.style(),
                   commands=course.commands,
                   save=rv.Recorder(store, mode),
                   due=lambda: course.due(store), json_mode=json_out, ask_rating=not cram,
                   title="Cram" if cram else "Review", warn=course.warn,
                   next_step=lambda: nextstep.next_step(course.manifest, nextstep.state_of(store, course.due(store))))
    if outcome.interrupted:
        raise typer.Exit(ExitStatus.INTERRUPTED)


@app.command()
def progress(
    ctx: typer.Context,
    module: Optional[str] = typer.Argument(None, help="Only this module (and the one --reset forgets).",
                                           autocompletion=_complete("module")),
    json_out: bool = typer.Option(
        False, "--json", help="Print JSON: per module, level and page: read, answered, right, due; forecast."),
    reset: bool = typer.Option(False, "--reset", help="Forget answers, reviews and reading (of MODULE, or all)."),
    export: Optional[str] = typer.Option(None, "--export", metavar="FILE",
                                         help="Write all your progress to FILE (JSON; - for stdout)."),
    import_: Optional[str] = typer.Option(None, "--import", metavar="FILE",
                                          help="Merge progress from FILE made by --export (- for stdin)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before --reset or replacing a file (for scripts)."),
) -> None:
    """Show your progress: pages read, answers, reviews ahead, the pages to reread.

    Per module and level: pages read, questions answered, share right, reviews due; the weakest
    pages with the command to reread each; reviews due over the next 14 days. --reset forgets a
    module's or all progress; --export and --import move it to another machine (importing merges,
    and twice is once).
    """
    from hormonecli import progress as pg
    from hormonecli.render.progress import progress_view

    course: Course = ctx.obj
    course.machine = json_out
    if export is not None or import_ is not None:
        given = [name for name, value in (("--export", export), ("--import", import_), ("--reset", reset or None),
                                          ("MODULE", module)) if value is not None]
        if len(given) > 1:
            raise UsageError(f"{' and '.join(given)} do not go together; progress moves whole, one way at a time")
        _transfer(course, export, import_, yes, json_out)
        return
    slug = course.slug(module) if module else None
    if reset:
        what = slug or "every module"
        if not yes:
            if not sys.stdin.isatty():
                raise UsageError("--reset asks before forgetting; add --yes when input is not a terminal")
            if not typer.confirm(f"Forget answers, review cards and reading progress for {what}?", default=False):
                print("Nothing was reset.")
                return
        store = course.store(required=True)
        assert store is not None
        removed = pg.reset(store, slug)
        if json_out:
            _json({"module": slug, "removed": removed})
        else:
            counts = [_count(removed["answer"], "answer"), _count(removed["card"], "review card"),
                      _count(removed["page_read"], "page read", "pages read")]
            print(f"Reset {what}: forgot {', '.join(counts)}.")
        return
    data = pg.progress(course.store(), course.manifest, slug, weakest=5 if slug else 3)
    if json_out:
        _json(data.to_json(lambda slug, page: course.commands.learn(slug, page)))
    else:
        progress_view(course.lines(), data, course.commands)


def _transfer(course: Course, export: Optional[str], import_: Optional[str], yes: bool, json_out: bool) -> None:
    """progress --export / --import: the whole store to or from a JSON file."""
    from pathlib import Path

    from hormonecli import transfer
    from hormonecli.render.screens import exported, imported

    store = course.store(required=True)
    assert store is not None
    if import_ is not None:
        text, source = transfer.load(import_)
        merged = transfer.import_text(store, text, source)
        if json_out:
            _json({"file": import_, "added": merged.added, "updated": merged.updated, "unchanged": merged.unchanged})
        else:
            print(imported(merged, source))
        return
    assert export is not None
    doc = transfer.export(store)
    if export == "-":
        sys.stdout.write(transfer.dumps(doc))
        return
    if Path(export).exists() and not yes and (not sys.stdin.isatty() or not typer.confirm(f"Replace {export}?")):
        raise UsageError(f"{export} exists; add --yes to replace it")
    transfer.write(doc, Path(export))
    counts = {name: len(rows) for name, rows in doc["tables"].items()}
    if json_out:
        _json({"file": export, "exported": counts})
    else:
        print(exported(counts, export))


@app.command()
def search(
    ctx: typer.Context,
    query: List[str] = typer.Argument(..., help='Words to look for; "quoted words" must appear together.'),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix).",
                                         autocompletion=_complete("module")),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only one kind of hit: page, term, claim or question.",
                                       autocompletion=_complete("kind")),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=1000, help="At most this many hits."),
    json_out: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
) -> None:
    """Search pages, claims, glossary and questions.

    Hits are ranked and grouped, with the matched words highlighted and the command that
    opens each one. Questions in plain words ("why does testosterone fall with age") match
    pages that answer most of their words, at your level first.
    """
    from hormonecli.render.search import hits_json, results
    from hormonecli.search.index import search as run

    course: Course = ctx.obj
    course.machine = json_out
    def level() -> str:  # the learner's level, read only for questions in plain words
        from hormonecli.nextstep import learner_level, state_of

        return learner_level(state_of(course.store(create=False)))

    res = run(course.content, " ".join(query), kind=kind, module=module, limit=limit, level=level)
    if json_out:
        _json(hits_json(res, course.commands))
    else:
        results(course.lines(), res, course.commands)


@app.command()
def claims(
    ctx: typer.Context,
    sentence: Optional[List[str]] = typer.Argument(
        None, help='A claim met elsewhere, in your words, e.g. "peptides bring back the GH of your twenties".'),
    label: Optional[str] = typer.Option(
        None, "--label", "-L", help="Only this evidence label: established, mixed, emerging or not-established.",
        autocompletion=_complete("label")),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix).",
                                         autocompletion=_complete("module")),
    by: Optional[str] = typer.Option(None, "--by", help="Group the list by module (default) or label."),
    limit: int = typer.Option(3, "--limit", "-n", min=1, max=100, help="At most this many claims for a sentence."),
    json_out: bool = typer.Option(False, "--json", help="Print the claims as JSON."),
) -> None:
    """List labelled claims, or find those closest to a sentence.

    Lists every claim with its label (established, mixed, emerging, not established), its
    sources and the page that weighs it; with a SENTENCE, the course's closest claims, best first.
    """
    from hormonecli.render import claims as view

    course: Course = ctx.obj
    text = " ".join(sentence or [])
    if sentence:
        if by is not None:
            raise UsageError("--by groups the list of claims; leave it out when checking a sentence")
        from hormonecli.claims.rank import closest

        res = closest(course.content, text, label=label, module=module, limit=limit)
        if json_out:
            _json(view.matches_json(res, course.commands))
        else:
            view.matches(course.lines(), res, course.commands)
        return
    from hormonecli.claims.catalog import catalog

    cat = catalog(course.content, label=label, module=module, by=by)
    if json_out:
        _json(view.list_json(cat, course.commands))
    else:
        view.claim_list(course.lines(), cat, course.commands)


# -- export: the course outside the terminal (Anki, HTML, Markdown) ------------------

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


# -- error boundary -------------------------------------------------------------

def _fail(message: str, status: int) -> int:
    from hormonecli.escapes import clean

    print(f"hormonecli: error: {clean(message)}", file=sys.stderr)
    return status


def main(argv: Optional[List[str]] = None) -> None:
    from hormonecli.context import hoist_global_options

    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in args
    try:
        status = app(args=args, prog_name="hormonecli", standalone_mode=False)
        code = status if isinstance(status, int) else 0
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except typer.TyperException as exc:  # Click's errors (public as Typer's base class): usage errors exit 2
        usage = exc.exit_code == ExitStatus.USAGE
        hint = ""
        if usage:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path if ctx else 'hormonecli'} --help')"
        code = _fail(exc.format_message().replace("\n", " ") + hint, ExitStatus.USAGE if usage else ExitStatus.ERROR)
    except HormoneError as exc:
        if debug:
            raise
        code = _fail(str(exc), exc.exit_status)
    except KeyboardInterrupt:
        code = _fail("interrupted", ExitStatus.INTERRUPTED)
    except BrokenPipeError:  # the reader closed the pipe (`| head`): quietly, status 1, as Click and Rich do
        _silence_stdout()
        code = ExitStatus.ERROR
    except Exception as exc:  # the boundary: one line, unless --debug
        if debug:
            raise
        code = _fail(f"unexpected {type(exc).__name__}: {exc} (run with --debug for details)", ExitStatus.ERROR)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = ExitStatus.ERROR
    sys.exit(code)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
