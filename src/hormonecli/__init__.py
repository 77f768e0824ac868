"""hormonecli: a terminal course on the endocrinology of exercise and aging."""

__version__ = "0.1.0"

# The content format version (model.FORMAT_VERSION); kept here so fingerprinting content imports no model.
FORMAT_VERSION = 1
