"""hormonecli: a terminal course on the endocrinology of exercise and aging."""

__version__ = "0.1.0"

# The content format version (model.FORMAT_VERSION); kept here so fingerprinting content imports no model.
FORMAT_VERSION = 1

# The "format" of every JSON document the commands print (list, search, define, quiz, review,
# progress, validate): bumped only when a key changes meaning or disappears. See docs/json.md.
JSON_FORMAT = 1

# A review card due within this many seconds counts as due now. Kept here, not in model.py,
# because the state store needs it and importing model costs milliseconds on every command.
REVIEW_LEARN_AHEAD_S = 20 * 60

# The educational notice: on the welcome screen, the first page of every level, and every export.
NOTICE = ("Educational only, not medical advice: hormonecli explains physiology; it does not diagnose or "
          "interpret results. Don't start, stop or change any treatment without a clinician.")
