"""How people outside the course say what the course says: everyday words, as data.

A sentence met in an advert or a gym ("our peptide protocol restores the growth hormone
of your twenties") rarely uses the course's words. Two small tables bridge the gap:
filler words that carry no claim (dropped before matching claims), and groups of phrases
that mean the same thing here (each phrase typed finds the others). Glossary names,
aliases and brands come from the glossary; these tables hold only everyday language.

The index build stems them once (`filler_words`, `phrases`) into the index, so a command
that reads them pays for no stemming at start-up.
"""
from __future__ import annotations

from typing import Iterator

from hormonecli.search.normalise import index_text

#: words of sales talk, address and grammar that say nothing a claim could be matched on
FILLER = (
    "a about after again all also am an any anyone anything are around as at be been before being both but by "
    "can could did do does doing done during each either else even ever every everyone everything for from "
    "had has have having he her here hers him his how however i if in into is it its itself just let lets me "
    "more most much must my myself no nor not now of off on once one only or other our ours ourselves out "
    "over own per same she should so some such than that the their theirs them themselves then there these "
    "they this those through to too under until up upon us very was we were what whatever when where whether "
    "which while who whom whose why will with within without would yet you your yours yourself yourselves "
    "actually absolutely amazing best better big biggest brand breakthrough certified clinic clinics "
    "clinically completely day days definitely doctor doctors easy effortless ever exclusive expert experts "
    "extra fast finally full fully get gets getting give gives go goes going got great guaranteed "
    "huge incredible instant just know latest like literally look looks love make makes making many "
    "massive miracle need needs new next now official online order people perfect "
    "premium program programme promise proven protocol quick quickly ready really revolutionary "
    "result results right science scientific scientifically secret see simple simply special stack start starts "
    "stuff super sure thing things today top totally truly trust try ultimate unique unlock "
    "want wants way ways week weeks works world year years yes"
)

#: phrases that mean the same in this course, lay words first; each phrase typed finds the rest
GROUPS: tuple[tuple[str, ...], ...] = (
    ("young", "younger", "youth", "youthful", "twenties", "20s", "thirties", "30s", "teenager",
     "rejuvenate", "rejuvenation", "anti-aging", "anti-ageing"),
    ("rebuild", "rebuilds", "formation", "bone building"),
    ("restore", "return", "reverse", "rewind", "turn back", "bring back", "reset", "reboot", "undo", "recover",
     "revive", "resets"),
    ("boost", "raise", "increase", "elevate", "rise", "spike", "surge", "skyrocket", "pump up", "jack up", "amplify",
     "maximise", "maximize", "supercharge", "double", "higher", "shoot up", "shoots up", "jump", "jumps", "soar",
     "soars", "go up", "goes up", "climb", "climbs"),
    ("short", "short-lived", "for a while", "brief", "briefly", "temporary", "temporarily", "transient", "acute",
     "acutely"),
    ("intense", "hard", "brutal", "tough", "all-out", "high-intensity", "vigorous"),
    ("reprogram", "reprograms", "rewire", "rewires", "remodel", "remodels", "shift", "shifts"),
    ("check", "checked", "screen", "screened", "assess", "assessed", "evaluate", "evaluated"),
    ("lower", "reduce", "decrease", "cut", "drop", "fall", "decline", "less", "shrink"),
    ("muscle growth", "hypertrophy", "gains", "bulk", "build muscle", "muscle size", "bigger muscles",
     "muscle mass", "lean mass", "lean muscle"),
    ("burn fat", "burns fat", "fat burning", "fat burner", "fat loss", "lose fat", "shred", "melt fat", "melt",
     "melts", "lipolysis"),
    ("grip strength", "grip", "handgrip", "muscle strength"),
    ("strong", "stronger", "strength", "strengthen", "strengthens", "power", "powerful"),
    ("workout", "training", "exercise", "lifting", "lift", "lifter", "lifters", "lifting weights", "weight training",
     "weightlifting", "gym", "sessions", "session", "rep", "reps",
     "working out", "pumping iron"),
    ("cardio", "endurance", "running", "cycling", "jogging"),
    ("intervals", "interval training", "sprints", "hiit"),
    ("older", "old", "elderly", "seniors", "aging", "ageing", "age", "over 40", "over 50", "over 60",
     "later life", "golden years", "midlife"),
    ("men", "man", "male", "guys", "dudes"),
    ("women", "woman", "female", "ladies"),
    ("bone", "bones", "skeleton", "bone density", "brittle bones"),
    ("fracture", "fractures", "broken bones", "break", "breaks"),
    ("brain", "brain fog", "memory", "focus", "cognition", "cognitive", "mind", "mental"),
    ("mood", "depression", "wellbeing", "well-being", "happiness"),
    ("energy", "vitality", "vigour", "vigor", "pep", "zest", "stamina"),
    ("sex drive", "libido", "sexual desire", "desire", "bedroom"),
    ("estrogen blocker", "oestrogen blocker", "estrogen control", "control estrogen", "manage estrogen",
     "aromatase inhibitor"),
    ("shots", "injections", "injection", "jabs"),
    ("pill", "pills", "capsule", "capsules", "tablet", "tablets", "supplement", "supplements", "powder"),
    ("natural", "naturally", "physiological", "bioidentical", "body's own"),
    ("cure", "cures", "treat", "treats", "fix", "fixes", "heal", "heals", "resolve", "resolves", "solve"),
    ("longevity", "lifespan", "live longer", "longer life", "mortality", "death", "die"),
    ("healthier", "health", "healthy", "wellness", "fitter"),
    ("blood sugar", "glucose", "insulin", "diabetes", "metabolism"),
    ("inflammation", "inflammatory", "inflamed", "anti-inflammatory"),
    ("stress", "stressed", "burnout", "overwhelm"),
    ("hormones", "hormone", "endocrine", "hormonal"),
    ("levels", "level", "numbers", "values", "blood levels", "blood test"),
    ("cause", "causes", "drives", "driver", "responsible", "trigger", "triggers", "behind", "reason"),
    ("sleep", "deep sleep", "sleeping"),
    ("diet", "food", "eating", "nutrition", "calories"),
    ("fat", "belly fat", "body fat", "fat mass", "obesity", "overweight"),
    ("weak", "weakness", "frail", "frailty"),
    ("sensitive", "sensitivity"),
)

#: slang whose words mean something else in the course: the slang finds the course's phrase, not back
ONE_WAY: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("test", "test levels"), ("testosterone",)),
    (("peptide", "peptides", "peptide therapy", "peptide protocol"),
     ("gh secretagogue", "secretagogue", "secretagogues", "sermorelin", "ipamorelin", "cjc 1295")),
    (("low test",), ("low testosterone", "testosterone deficiency", "hypogonadism")),
    (("juice", "gear", "roids"), ("anabolic steroids", "steroids")),
    (("steroid tablets", "steroid pills", "steroid tablet", "prednisone", "prednisolone", "cortisone"),
     ("glucocorticoid", "glucocorticoids")),
)


def filler_words() -> set[str]:
    """The filler words, stemmed as the index stems text."""
    return set(index_text(FILLER).split())


def phrases() -> Iterator[tuple[str, tuple[tuple[str, ...], ...]]]:
    """(stemmed phrase, every stemmed phrase it finds, itself first) for every everyday phrase."""
    table: dict[str, tuple[tuple[str, ...], ...]] = {}

    def stemmed(group) -> tuple[tuple[str, ...], ...]:
        return tuple(dict.fromkeys(tuple(index_text(p).split()) for p in group))

    def add(keys, found) -> None:
        for key in keys:
            joined = " ".join(key)
            table[joined] = tuple(dict.fromkeys(table.get(joined, ()) + (key,) + found))

    for group in GROUPS:
        add(stemmed(group), stemmed(group))
    for lay, course in ONE_WAY:
        add(stemmed(lay), stemmed(course))
    yield from table.items()
