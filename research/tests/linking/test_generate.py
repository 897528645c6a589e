"""The generated register and mentions: fictional, deterministic, offsets right."""

from stdnum.nl import bsn

from research.linking.generate import MentionGenerator, RegisterGenerator


def test_register_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    assert list(RegisterGenerator(seed=1).records(200)) == list(
        RegisterGenerator(seed=1).records(200)
    )
    assert list(RegisterGenerator(seed=1).records(50)) != list(
        RegisterGenerator(seed=2).records(50)
    )


def test_generated_bsns_pass_the_11_proef_and_some_are_issued_twice() -> None:
    rows = list(RegisterGenerator(seed=3, bsn_reissued_share=0.05).records(2000))
    numbers = [r.bsn for r in rows if r.bsn]
    assert all(bsn.is_valid(n) for n in numbers)
    assert len(set(numbers)) < len(numbers)


def test_register_holds_no_nationality() -> None:
    assert all(r.nationaliteit is None for r in RegisterGenerator().records(500))


def test_mention_entities_point_at_their_text_and_truth_is_a_register_row_or_none() -> None:
    register = list(RegisterGenerator(seed=4).records(1000))
    ids = {r.dossier_id for r in register}
    mentions = list(MentionGenerator(register, seed=5).mentions(300))
    for m in mentions:
        assert m.truth is None or m.truth in ids
        for e in m.entities:
            assert m.text[e.start : e.end] == e.text
    assert 0.1 < sum(m.truth is None for m in mentions) / len(mentions) < 0.4


def test_mentions_carry_spelling_variants_of_register_names() -> None:
    register = list(RegisterGenerator(seed=4).records(3000))
    by_id = {r.dossier_id: r for r in register}
    differing = 0
    for m in MentionGenerator(register, seed=6).mentions(500):
        person = next((e for e in m.entities if e.label == "PERSOON"), None)
        if m.truth and person and by_id[m.truth].soort == "persoon":
            differing += by_id[m.truth].achternaam not in person.text
    assert differing > 30
