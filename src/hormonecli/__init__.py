"""hormonecli: a terminal course on the endocrinology of exercise and aging."""

__version__ = "0.1.0"
