"""Commands for reading: the module list and the lessons.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
import sys
from typing import Optional

import typer

from hormonecli.cli.app import app, complete, emit_json, read_state
from hormonecli.cli.practice import run_quiz
from hormonecli.context import Course


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
    _, read = read_state(course.store(create=False))
    if json_out:
        emit_json({"modules": screens.module_json(modules, read)})
    else:
        screens.module_list(course.lines(), modules, read)


@app.command()
def learn(
    ctx: typer.Context,
    module: Optional[str] = typer.Argument(
        None, help="Module slug, alias or unambiguous prefix (e.g. hpg, bone); omitted: where you left off.",
        autocompletion=complete("module")),
    level: Optional[str] = typer.Option(None, "--level", "-l", help="fundamentals, intermediate or academic.",
                                        autocompletion=complete("level")),
    page: Optional[str] = typer.Option(None, "--page", "-p", help="Page id or number within the level.",
                                       autocompletion=complete("page")),
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
            run_quiz(course, pager.then.module, pager.then.level)
            return
        step = nextstep.next_step(modules, nextstep.state_of(store, course.due(store)))
        if not (step.kind == "read" and step.resume):  # 'resumes here' was just said
            from hormonecli.render.screens import next_step_line

            next_step_line(course.lines(), step, course.commands)
        return
    from hormonecli.render import printed
    from hormonecli.render.lines import colour_wanted, reading_width

    styled, _ = colour_wanted(sys.stdout, course.plain, course.no_color)
    printed.write_page(sys.stdout, course.content, mod.slug, start.id, width=reading_width(sys.stdout),
                       plain=course.plain, styled=styled, no_color=course.no_color)


def _print_selection(course: Course, slug: str, level: Optional[str]) -> None:
    """Write a whole module (or one level) out once (see render/printed.py)."""
    from hormonecli.render import printed
    from hormonecli.render.lines import colour_wanted, reading_width

    styled, _ = colour_wanted(sys.stdout, course.plain, course.no_color)
    printed.write(sys.stdout, course.content, slug, level, width=reading_width(sys.stdout), plain=course.plain,
                  styled=styled, no_color=course.no_color)
