"""Commands for looking things up: search, the glossary and the evidence explorer.

No `from __future__ import annotations` in this package: Typer reads every command's
annotations on every run, and string annotations would each be evaluated (several
milliseconds per command line).
"""
from typing import List, Optional

import typer

from hormonecli.cli.app import app, complete, emit_json
from hormonecli.context import Course
from hormonecli.errors import UsageError


@app.command()
def search(
    ctx: typer.Context,
    query: List[str] = typer.Argument(..., help='Words to look for; "quoted words" must appear together.'),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix).",
                                         autocompletion=complete("module")),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="Only one kind of hit: page, term, claim or question.",
                                       autocompletion=complete("kind")),
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
        emit_json(hits_json(res, course.commands))
    else:
        results(course.lines(), res, course.commands)


@app.command()
def claims(
    ctx: typer.Context,
    sentence: Optional[List[str]] = typer.Argument(
        None, help='A claim met elsewhere, in your words, e.g. "peptides bring back the GH of your twenties".'),
    label: Optional[str] = typer.Option(
        None, "--label", "-L", help="Only this evidence label: established, mixed, emerging or not-established.",
        autocompletion=complete("label")),
    module: Optional[str] = typer.Option(None, "--module", "-m", help="Only this module (slug, alias or prefix).",
                                         autocompletion=complete("module")),
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
            emit_json(view.matches_json(res, course.commands))
        else:
            view.matches(course.lines(), res, course.commands)
        return
    from hormonecli.claims.catalog import catalog

    cat = catalog(course.content, label=label, module=module, by=by)
    if json_out:
        emit_json(view.list_json(cat, course.commands))
    else:
        view.claim_list(course.lines(), cat, course.commands)


# -- export: the course outside the terminal (Anki, HTML, Markdown) ------------------

@app.command()
def define(ctx: typer.Context,
           term: List[str] = typer.Argument(..., help="A glossary term or alias, e.g. GnRH or 'free testosterone'.",
                                            autocompletion=complete("term")),
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
        emit_json(term_json(entry, course.commands))
    else:
        term_entry(course.lines(), entry, course.commands)
