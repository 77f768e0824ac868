"""Commands for practice: quizzes, reviews and progress.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
import sys
from typing import Optional

import typer

from hormonecli.cli.app import app, complete, count, emit_json
from hormonecli.context import Course
from hormonecli.errors import ExitStatus, UsageError


@app.command()
def quiz(
    ctx: typer.Context,
    module: Optional[str] = typer.Argument(
        None, help="Module slug, alias or unambiguous prefix, or 'all'; omitted: the module you are reading.",
        autocompletion=complete("module-or-all")),
    level: Optional[str] = typer.Option(
        None, "--level", "-l", help="fundamentals, intermediate, academic or all (default: the levels you have read).",
        autocompletion=complete("level-or-all")),
    count: int = typer.Option(10, "--count", "-n", min=1, max=1000, help="How many questions (default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Pick and shuffle reproducibly."),
    qtype: Optional[str] = typer.Option(
        None, "--type", "-t", help="single, multiple, true-false, order, match or numeric.",
        autocompletion=complete("type")),
    question: Optional[str] = typer.Option(None, "--question", "-q", help="Ask this one question (its id).",
                                           autocompletion=complete("question")),
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
    run_quiz(course, module, level, count=count, seed=seed, qtype=qtype, question=question, json_out=json_out)


def run_quiz(course: Course, module: Optional[str], level: Optional[str], *, count: int = 10,
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
        asked, named = session.questions[0], course.slug(module) if module is not None else None
        if named is not None and named != asked.module:
            raise UsageError(f"question {asked.id} belongs to {asked.module}, not {named}; leave the module out")
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
                                         autocompletion=complete("module")),
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

            emit_json({"due": 0, "met": plan.met, "next_due": iso_time(plan.next_due), "questions": []})
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
                                           autocompletion=complete("module")),
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
            emit_json({"module": slug, "removed": removed})
        else:
            counts = [count(removed["answer"], "answer"), count(removed["card"], "review card"),
                      count(removed["page_read"], "page read", "pages read")]
            print(f"Reset {what}: forgot {', '.join(counts)}.")
        return
    data = pg.progress(course.store(), course.manifest, slug, weakest=5 if slug else 3)
    if json_out:
        emit_json(data.to_json(lambda slug, page: course.commands.learn(slug, page)))
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
            emit_json({"file": import_, "added": merged.added, "updated": merged.updated, "unchanged": merged.unchanged})
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
        emit_json({"file": export, "exported": counts})
    else:
        print(exported(counts, export))
