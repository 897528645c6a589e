import pytest

from linking import organisation_key, surname_key


@pytest.mark.parametrize(
    "written", ["El Amrani", "el-Amrani", "EL AMRANI", "Elamrani", "Al Amrani"]
)
def test_el_amrani_spellings_share_one_surname_key(written: str) -> None:
    assert surname_key(written) == "elamrani"


@pytest.mark.parametrize(
    "written",
    ["van der Berg", "Van Der Berg", "v.d. Berg", "Berg, van der", "Berg", "VAN DEN BERG"],
)
def test_dutch_particles_are_left_out_of_the_surname_key(written: str) -> None:
    assert surname_key(written) == "berg"


def test_double_surname_keeps_both_parts_without_particles() -> None:
    assert surname_key("van der Berg-de Vries") == surname_key("Berg de Vries") == "bergvries"


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Şahin", "sahin"),
        ("Yılmaz", "yilmaz"),
        ("Østergård", "ostergard"),
        ("Müller", "muller"),
        ("'t Hart", "hart"),
    ],
)
def test_accents_and_apostrophes_are_folded(written: str, key: str) -> None:
    assert surname_key(written) == key


def test_surname_of_only_particles_keeps_its_words() -> None:
    assert surname_key("Van") == "van"


@pytest.mark.parametrize(
    "written",
    [
        "Bright Minds Consultancy B.V.",
        "Bright Minds Consultancy BV",
        "bright-minds consultancy b.v.",
        "BRIGHT MINDS CONSULTANCY",
    ],
)
def test_legal_form_and_punctuation_are_left_out_of_organisation_key(written: str) -> None:
    assert organisation_key(written) == "brightmindsconsultancy"


def test_stichting_and_vof_are_legal_forms() -> None:
    assert organisation_key("Stichting Hulp & Co") == organisation_key("Hulp & Co") == "hulpco"
    assert organisation_key("V.O.F. De Bakker") == organisation_key("De Bakker vof") == "debakker"


def test_holding_is_kept_because_it_is_another_legal_person() -> None:
    assert organisation_key("Bright Minds Holding B.V.") != organisation_key("Bright Minds B.V.")


def test_transliterations_share_a_phonetic_key() -> None:
    from linking.names import first_name_phonetic_key, surname_phonetic_key

    assert len({first_name_phonetic_key(n) for n in ("Mohammed", "Muhammad", "Mohamed")}) == 1
    assert first_name_phonetic_key("Khalid") == first_name_phonetic_key("Chalid")
    assert surname_phonetic_key("Öztürk") == surname_phonetic_key("Oeztuerk")
    assert surname_phonetic_key("El Amrani") == surname_phonetic_key("Al-Amrany")
    assert surname_phonetic_key("Bakker") != surname_phonetic_key("Visser")
