"""hormonecli: a terminal course on the endocrinology of exercise and aging."""

__version__ = "0.1.0"

# The content format version (model.FORMAT_VERSION); kept here so fingerprinting content imports no model.
FORMAT_VERSION = 1

# A review card due within this many seconds counts as due now. Kept here, not in model.py,
# because the state store needs it and importing model costs milliseconds on every command.
REVIEW_LEARN_AHEAD_S = 20 * 60
