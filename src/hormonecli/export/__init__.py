"""The course outside the terminal: an Anki deck, an offline HTML course, Markdown.

walk (what every format shares) · output (safe, all-or-nothing writing) · anki · html · svg · markdown.
Nothing here imports Rich, Typer or render/: the CLI passes in the run's Commands and progress line.
"""
