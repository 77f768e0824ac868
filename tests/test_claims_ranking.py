"""Ranking for `claims "SENTENCE"` over the shipped content: sentences in advert and gym voice.

Each sentence was written for this test (not taken from the course or its source articles) with
the label and module of the course claim it restates. The first result must carry that label and
come from that module. A few sentences restate a claim the course makes in two modules in
different words; for those, either module is right (a tuple).

TUNED holds the sentences the ranking was developed against; HELD_OUT was written afterwards and
first run untouched (label 13/16, module 11/16 then; the everyday-word table grew from its misses,
and the module of four of them is a claim the course makes twice).
"""
from __future__ import annotations

import pytest

TUNED = [
    ("Every guy goes through male menopause in his forties; it's called andropause.", 'not-established', 'hpg-axis'),
    ('Lifting weights three times a week will permanently raise your resting testosterone.', 'mixed', 'hpg-axis'),
    ('Drop the belly fat and watch your testosterone climb, guys.', 'established', 'hpg-axis'),
    ('Eating too little while training hard can shut down your hormones and stop your periods.', 'established', 'hpg-axis'),
    ('Normal testosterone but still exhausted? You have cellular androgen resistance and need TRT anyway.', 'not-established', 'hpg-axis'),
    ('Heavy squats reboot a sluggish hormone axis by cranking up your LH.', 'not-established', 'hpg-axis'),
    ('Training makes your androgen receptors more sensitive, so you need less testosterone.', 'not-established', 'hpg-axis'),
    ('Our clinic dials your testosterone back to the levels you had at 25.', 'not-established', 'hpg-axis'),
    ('Gonadorelin alongside your TRT keeps your natural production and fertility intact.', 'not-established', 'hpg-axis'),
    ('Testosterone cream can bring back sex drive in postmenopausal women with low desire.', 'established', 'hpg-axis'),
    ('Ladies, testosterone pellets will lift your mood, energy and muscle tone.', 'not-established', 'hpg-axis'),
    ('HGH injections make seniors stronger and more capable.', 'not-established', 'somatotropic-axis'),
    ('If your doctor confirms true growth hormone deficiency, replacement therapy genuinely helps.', 'established', 'somatotropic-axis'),
    ('Deep sleep is the secret to stopping your growth hormone from fading with age.', 'emerging', 'somatotropic-axis'),
    ('CJC-1295 stretches out every natural GH pulse for longer-lasting results.', 'not-established', 'somatotropic-axis'),
    ('Ipamorelin builds lean muscle and strengthens your bones.', 'not-established', 'somatotropic-axis'),
    ('MK-677, the growth hormone pill, ups your IGF-1 and adds lean mass.', 'emerging', 'somatotropic-axis'),
    ('Take DHEA every morning to recharge your vitality after 50.', 'not-established', 'dhea-cortisol'),
    ('Chronic stress steals pregnenolone away from DHEA to make more cortisol.', 'not-established', 'dhea-cortisol'),
    ('Your DHEA-S drops a little every single year from your twenties on.', 'established', 'dhea-cortisol'),
    ('A long, brutal training session sends your cortisol through the roof.', 'established', 'dhea-cortisol'),
    ('Our cortisol-to-DHEA ratio test tells you exactly how healthy you are.', 'not-established', 'dhea-cortisol'),
    ('Burned out? Your adrenal glands are exhausted: classic adrenal fatigue.', 'not-established', 'dhea-cortisol'),
    ('Your muscles make their own androgens, and that is what actually makes them grow.', 'not-established', 'dhea-cortisol'),
    ('Vitamin K2 sends calcium into your bones instead of your arteries.', 'mixed', 'bone-remodeling'),
    ('HRT helps your body absorb magnesium and zinc for stronger bones.', 'not-established', 'bone-remodeling'),
    ("Without hormone therapy, exercise and diet can't do a thing for your bones.", 'not-established', 'bone-remodeling'),
    ('Progesterone cream rebuilds bone after menopause.', 'emerging', 'bone-remodeling'),
    ('Men, TRT will protect you from fractures as you age.', 'not-established', 'bone-remodeling'),
    ('Calcium and vitamin D pills alone will cure your osteoporosis.', 'not-established', 'bone-remodeling'),
    ('Bisphosphonates and denosumab cut fracture risk in high-risk women.', 'established', 'bone-remodeling'),
    ("It's never too late: even people in their nineties get stronger with weight training.", 'established', 'sarcopenia'),
    ('Hormone therapy is the foundation of fixing age-related muscle loss.', 'not-established', 'sarcopenia'),
    ("Older muscles just don't respond to protein and lifting the way young ones do.", 'established', 'sarcopenia'),
    ('Your grip strength says more about your future health than your muscle size.', 'established', 'sarcopenia'),
    ("Chronic inflammation is what's eating away your muscle as you age.", 'emerging', 'sarcopenia'),
    ('Your muscles are a gland that sends messages to your whole body.', 'established', 'myokines'),
    ('Irisin, the exercise hormone, melts fat.', 'not-established', 'myokines'),
    ('Muscle-made BDNF travels to your brain and sharpens your memory when you work out.', 'not-established', 'myokines'),
    ('Myokines are why active seniors are healthier than couch potatoes.', 'emerging', 'myokines'),
    ('Exercise makes your muscles more insulin-sensitive, no testosterone boost needed.', 'established', 'myokines'),
    ('Is adrenal fatigue real?', 'not-established', 'dhea-cortisol'),
    ('Does irisin really burn fat?', 'not-established', 'myokines'),
    ('Can HRT stop my bones breaking?', 'established', 'bone-remodeling'),
]

HELD_OUT = [
    ("Men over 40: your testosterone crashes overnight, just like a woman's hormones at menopause.", 'not-established', 'hpg-axis'),
    ('Pairing an aromatase inhibitor with testosterone is the smart way to keep estrogen under control.', 'not-established', ('hpg-axis', 'bone-remodeling')),
    ('Sermorelin and ipamorelin peptides are the anti-aging answer for weak, thinning bones.', 'not-established', 'bone-remodeling'),
    ('Growth hormone shots for healthy retirees improve strength and help you live longer.', 'not-established', 'somatotropic-axis'),
    ('One intense HIIT class and your growth hormone shoots up for a while, even at 70.', 'established', ('somatotropic-axis', 'myokines')),
    ('DHEA supplements boost immunity, strength and body composition in older adults.', 'not-established', 'dhea-cortisol'),
    ('Hard training reprograms your adrenal enzymes to make DHEA instead of cortisol.', 'not-established', 'dhea-cortisol'),
    ('Weight training makes your own muscles produce more DHT and DHEA as you get older.', 'emerging', 'dhea-cortisol'),
    ('Jumping and heavy lifting rebuild bone density in women after menopause when a coach builds it up slowly.', 'established', 'bone-remodeling'),
    ('Steroid tablets for asthma or arthritis? You should get your fracture risk checked.', 'established', 'bone-remodeling'),
    ('Why do I need HRT when weights and good food are enough for my bones?', 'not-established', 'bone-remodeling'),
    ('Stacking testosterone with lifting will reverse sarcopenia and fix every symptom.', 'not-established', ('sarcopenia', 'hpg-axis')),
    ('Lifting weights helps frail older people get stronger and move better.', 'established', 'sarcopenia'),
    ('Weak muscles and brittle bones together multiply your fracture risk.', 'established', 'sarcopenia'),
    ('The IL-6 from your muscles during a run is what pushes your cortisol up.', 'emerging', 'myokines'),
    ('Train hard and your hormones go back to what they were at 20.', 'not-established', ('myokines', 'sarcopenia')),
]

#: sentences about things the course does not teach: nothing should be called close
UNRELATED = [
    "The best pizza in town, baked fresh every morning.",
    "This crypto coin will make you rich by Christmas.",
    "Cold plunges boost your dopamine by 250%.",
    "Our memory-foam mattress gives you the sleep of a baby.",
    "Blue light glasses stop eye strain at the office.",
]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    import os

    from hormonecli.courseware.content import Content
    from hormonecli.search import index

    old = os.environ.get("HORMONECLI_HOME")
    os.environ["HORMONECLI_HOME"] = str(tmp_path_factory.mktemp("claims-rank-home"))
    os.environ.pop("HORMONECLI_BUILTIN_CONTENT", None)
    try:
        content = Content()
        index.open_index(content)
        yield content
    finally:
        if old is None:
            os.environ.pop("HORMONECLI_HOME", None)
        else:
            os.environ["HORMONECLI_HOME"] = old


def test_the_set_is_large_and_covers_every_label_and_module():
    cases = TUNED + HELD_OUT
    assert len(cases) >= 30
    assert {label for _s, label, _m in cases} == {"established", "mixed", "emerging", "not-established"}
    modules = {m for _s, _l, mod in cases for m in (mod if isinstance(mod, tuple) else (mod,))}
    assert modules == {"hpg-axis", "somatotropic-axis", "dhea-cortisol", "bone-remodeling", "sarcopenia", "myokines"}


@pytest.mark.parametrize("sentence,label,module", TUNED + HELD_OUT)
def test_the_first_claim_has_the_expected_label_and_module(shipped, sentence, label, module):
    from hormonecli.claims.rank import closest

    res = closest(shipped, sentence, limit=3)
    got = [(m.claim.label, m.claim.module, m.claim.text[:60]) for m in res.matches]
    assert got, f"nothing close to {sentence!r}"
    modules = module if isinstance(module, tuple) else (module,)
    assert got[0][0] == label and got[0][1] in modules, got


@pytest.mark.parametrize("sentence", UNRELATED)
def test_unrelated_sentences_are_not_close_to_any_claim(shipped, sentence):
    from hormonecli.claims.rank import closest

    res = closest(shipped, sentence)
    assert not res.matches, [(m.claim.text, m.score) for m in res.matches]
