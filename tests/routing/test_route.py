from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contract.records import Classification, DossierLink, SignalScore
from routing import RulesError, load_rules, route

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
SATURDAY = datetime(2026, 3, 7, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def classified(*codes: str, uncertain: bool = False) -> Classification:
    return Classification(
        signal_types=tuple(SignalScore(c, 0.9) for c in codes),
        uncertain=uncertain,
        model_version="test",
    )


def links(n: int) -> list[DossierLink]:
    return [DossierLink(f"D-{i:06d}", 0.9, ("V_NUMMER exact",)) for i in range(n)]


def test_general_question_goes_to_ketenservicelijn_without_informing_hik() -> None:
    r = route(classified("algemene_vraag"), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("ketenservicelijn", (), "normaal")
    assert r.rules == ("algemene_vraag",)
    assert r.due == date(2026, 3, 9)


def test_uncertain_general_question_still_goes_to_ketenservicelijn() -> None:
    # Triage by toezicht replaces only rule 4 (contract); rule 1 holds when unsure.
    r = route(classified("algemene_vraag", uncertain=True), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("ketenservicelijn", (), "normaal")


def test_national_security_goes_to_usz_same_day_with_spoed() -> None:
    r = route(classified("nationale_veiligheid"), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("usz", ("hik",), "spoed")
    assert r.due == date(2026, 3, 2)


def test_war_crimes_received_on_saturday_are_due_monday() -> None:
    r = route(classified("oorlogsmisdrijven"), [], SATURDAY)
    assert r.primary == "usz"
    assert r.due == date(2026, 3, 9)


def test_uncertain_national_security_still_goes_to_usz() -> None:
    assert route(classified("nationale_veiligheid", uncertain=True), [], MONDAY).primary == "usz"


def test_unlinked_trafficking_goes_to_toezicht_and_informs_emm() -> None:
    r = route(classified("mensenhandel"), [], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("toezicht", ("emm", "hik"), "hoog")
    assert r.due == date(2026, 3, 9)


def test_smuggling_linked_to_one_dossier_goes_to_primair_proces_and_informs_emm() -> None:
    r = route(classified("mensensmokkel"), links(1), MONDAY)
    assert (r.primary, r.inform) == ("primair_proces", ("emm", "hik"))


def test_pure_information_request_goes_to_juridisch_and_informs_nobody() -> None:
    r = route(classified("informatieverzoek"), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("juridisch", (), "normaal")


def test_information_request_that_also_passes_on_a_signal_informs_hik() -> None:
    r = route(classified("informatieverzoek", "verblijfsfraude"), links(1), MONDAY)
    assert (r.primary, r.inform) == ("juridisch", ("hik",))


def test_information_request_about_national_security_goes_to_usz_informing_hik_only() -> None:
    r = route(classified("nationale_veiligheid", "informatieverzoek"), [], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("usz", ("hik",), "spoed")


def test_trafficking_that_is_also_national_security_keeps_spoed_and_informs_emm() -> None:
    r = route(classified("mensenhandel", "nationale_veiligheid"), [], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("usz", ("emm", "hik"), "spoed")


def test_signal_about_one_linked_dossier_goes_to_primair_proces() -> None:
    r = route(classified("schijnhuwelijk"), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("primair_proces", ("hik",), "normaal")
    assert r.rules == ("primair_proces_een_dossier", "hik_elk_signaal")


@pytest.mark.parametrize("n", [0, 2, 3])
def test_signal_not_linkable_or_about_several_dossiers_goes_to_toezicht(n: int) -> None:
    r = route(classified("verblijfsfraude"), links(n), MONDAY)
    assert (r.primary, r.inform) == ("toezicht", ("hik",))
    assert r.rules == ("hik_elk_signaal", "toezicht")


def test_uncertain_item_without_types_about_one_person_goes_to_primair_proces() -> None:
    # Contract rule 4 needs only the single person link; nothing to inform without a type.
    r = route(classified(uncertain=True), links(1), MONDAY)
    assert (r.primary, r.inform, r.priority) == ("primair_proces", (), "normaal")


def test_uncertain_item_without_types_or_links_goes_to_toezicht() -> None:
    r = route(classified(uncertain=True), [], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("toezicht", (), "normaal")


PERSON = DossierLink("D-000001", 0.97, ("V_NUMMER exact",), "persoon")
ORGANISATION = DossierLink("R-999999", 0.91, ("naam organisatie exact",), "organisatie")


def test_uncertain_signal_about_one_linked_person_goes_to_primair_proces() -> None:
    # The single person link decides the destination; the reviewer confirms the weak type.
    r = route(classified("verblijfsfraude", uncertain=True), [PERSON], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("primair_proces", ("hik",), "normaal")
    assert r.due == date(2026, 3, 9)


def test_uncertain_signal_about_one_organisation_still_goes_to_toezicht() -> None:
    r = route(classified("referentfraude", uncertain=True), [ORGANISATION], MONDAY)
    assert (r.primary, r.inform) == ("toezicht", ("hik",))


def test_uncertain_signal_about_two_persons_goes_to_toezicht() -> None:
    second = DossierLink("D-000002", 0.6, ("naam exact",), "persoon")
    r = route(classified("schijnhuwelijk", uncertain=True), [PERSON, second], MONDAY)
    assert r.primary == "toezicht"


def test_signal_about_one_linked_person_goes_to_primair_proces() -> None:
    r = route(classified("referentfraude"), [PERSON], MONDAY)
    assert (r.primary, r.inform) == ("primair_proces", ("hik",))


def test_signal_about_one_linked_organisation_is_a_phenomenon_for_toezicht() -> None:
    r = route(classified("referentfraude"), [ORGANISATION], MONDAY)
    assert (r.primary, r.inform) == ("toezicht", ("hik",))
    assert r.rules == ("hik_elk_signaal", "toezicht")


def test_signal_about_a_person_and_an_organisation_goes_to_toezicht() -> None:
    r = route(classified("mensenhandel"), [PERSON, ORGANISATION], MONDAY)
    assert (r.primary, r.inform, r.priority) == ("toezicht", ("emm", "hik"), "hoog")


def test_a_weak_organisation_link_beside_one_person_makes_it_a_phenomenon() -> None:
    weak = DossierLink("R-999998", 0.6, ("naam organisatie gelijkend",), "organisatie")
    assert route(classified("referentfraude"), [PERSON, weak], MONDAY).primary == "toezicht"


def test_routing_sees_the_kind_of_a_link_not_its_evidence_or_identifier() -> None:
    other = DossierLink("D-123456", 0.85, ("naam exact", "GEBOORTEDATUM exact"), "persoon")
    c = classified("asielfraude")
    assert route(c, [PERSON], MONDAY) == route(c, [other], MONDAY)


def test_every_proposed_link_counts_so_a_weak_second_dossier_makes_it_cross_dossier() -> None:
    strong = DossierLink("D-000001", 0.99, ("V_NUMMER exact",), "persoon")
    weak = DossierLink("D-000002", 0.5, ("achternaam exact", "POSTCODE exact"), "persoon")
    c = classified("schijnhuwelijk")
    assert route(c, [strong], MONDAY).primary == "primair_proces"
    assert route(c, [strong, weak], MONDAY).primary == "toezicht"


def test_a_link_under_linkings_floor_does_not_count() -> None:
    strong = DossierLink("D-000001", 0.99, ("V_NUMMER exact",), "persoon")
    below = DossierLink("D-000002", 0.3, ("achternaam fonetisch",), "persoon")
    assert route(classified("schijnhuwelijk"), [strong, below], MONDAY).primary == "primair_proces"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


FALLBACK = "  - name: rest\n    primary: toezicht\n"


def test_unknown_destination_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - name: oeps\n    primary: politie\n" + FALLBACK)
    with pytest.raises(RulesError, match=r"rule 'oeps': unknown destination 'politie'"):
        load_rules(path)


def test_unknown_signal_type_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    text = "rules:\n  - name: fraude\n    when: {types_any: [fraude]}\n    inform: [hik]\n"
    with pytest.raises(RulesError, match=r"rule 'fraude': unknown signal type 'fraude'"):
        load_rules(write(tmp_path, text + FALLBACK))


def test_unknown_condition_is_an_error(tmp_path: Path) -> None:
    text = "rules:\n  - name: x\n    when: {nationaliteit: [x]}\n    inform: [hik]\n"
    with pytest.raises(RulesError, match=r"rule 'x': unknown conditions \['nationaliteit'\]"):
        load_rules(write(tmp_path, text + FALLBACK))


def test_rules_without_unconditional_fallback_are_refused(tmp_path: Path) -> None:
    text = "rules:\n  - name: x\n    when: {uncertain: true}\n    primary: toezicht\n"
    with pytest.raises(RulesError, match="last rule must have no conditions"):
        load_rules(write(tmp_path, text))


def test_duplicate_rule_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="rule 'rest': duplicate name"):
        load_rules(write(tmp_path, "rules:\n" + FALLBACK + FALLBACK))


def test_custom_rules_file_is_used(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "rules:\n" + FALLBACK))
    r = route(classified("algemene_vraag"), [], MONDAY, rules=rules)
    assert (r.primary, r.inform, r.rules) == ("toezicht", (), ("rest",))


def test_unknown_dossier_kind_in_a_links_condition_is_an_error(tmp_path: Path) -> None:
    text = "rules:\n  - name: x\n    when: {links: {kind: bedrijf}}\n    primary: usz\n"
    with pytest.raises(RulesError, match=r"rule 'x': unknown dossier kind 'bedrijf'"):
        load_rules(write(tmp_path, text + FALLBACK))
