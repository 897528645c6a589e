from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import skops.io as sio
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import FunctionTransformer

from classifiers import ModelLoadError, SignalClassifier, data_hash, model
from classifiers.explain import is_content_word
from classifiers.masking import PLACEHOLDERS, sensitive_terms
from contract.vocabulary import NOT_A_SIGNAL, SIGNAL_TYPES
from tests.factories.mail import dutch_prose

SHAM = "De buurman is getrouwd voor de papieren en woont er niet, zijn vrouw woont alleen."
QUESTION = "Hoe lang duurt mijn aanvraag voor verlenging nog? Ik wacht al maanden."


def test_clear_texts_get_their_type_with_a_confident_score(small_model: SignalClassifier) -> None:
    sham, question = small_model.predict_many([SHAM, QUESTION])
    assert [s.code for s in sham.signal_types][:1] == ["schijnhuwelijk"]
    assert [s.code for s in question.signal_types] == [NOT_A_SIGNAL]
    assert not sham.uncertain and not question.uncertain
    assert sham.model_version == small_model.version


def test_signal_types_are_past_their_threshold_and_highest_first(
    small_model: SignalClassifier,
) -> None:
    result = small_model.predict(SHAM)
    scores = [s.score for s in result.signal_types]
    assert scores == sorted(scores, reverse=True)
    for s in result.signal_types:
        assert s.score >= small_model.thresholds_[s.code]
        assert result.scores[s.code] == s.score
    assert set(result.scores) == set(SIGNAL_TYPES)


def test_thresholds_lie_between_floor_and_ceiling(small_model: SignalClassifier) -> None:
    assert set(small_model.thresholds_) == set(small_model.codes_)
    for threshold in small_model.thresholds_.values():
        assert small_model.threshold_floor <= threshold <= small_model.threshold_ceiling


def test_types_with_too_few_examples_are_not_trained_and_score_zero(
    small_model: SignalClassifier,
) -> None:
    assert "oorlogsmisdrijven" not in small_model.codes_
    assert small_model.predict(SHAM).scores["oorlogsmisdrijven"] == 0.0


def test_a_real_signal_drops_algemene_vraag(small_model: SignalClassifier) -> None:
    permissive = copy.deepcopy(small_model)
    permissive.thresholds_ = dict.fromkeys(permissive.thresholds_, 0.0)  # everything passes
    codes = [s.code for s in permissive.predict(QUESTION).signal_types]
    assert NOT_A_SIGNAL not in codes
    assert len(codes) == len(permissive.codes_) - 1


def test_nothing_past_its_threshold_gives_no_types_and_uncertain(
    small_model: SignalClassifier,
) -> None:
    strict = copy.deepcopy(small_model)
    strict.thresholds_ = dict.fromkeys(strict.thresholds_, 1.01)
    result = strict.predict(SHAM)
    assert result.signal_types == ()
    assert result.uncertain
    assert max(result.scores.values()) > 0.5  # the scores are still reported


def test_a_low_best_score_is_uncertain_even_when_it_passes(small_model: SignalClassifier) -> None:
    timid = copy.deepcopy(small_model)
    timid.confident_score = 1.01
    result = timid.predict(SHAM)
    assert result.signal_types and result.uncertain


def test_why_cites_phrases_of_the_original_text(small_model: SignalClassifier) -> None:
    text = "Mijn Marokkaanse buurman Mohammed is getrouwd voor de papieren; hij woont er niet."
    top = small_model.predict(text).signal_types[0]
    assert top.code == "schijnhuwelijk"
    assert 1 <= len(top.why) <= small_model.max_why
    for phrase in top.why:
        assert phrase in text
        assert not any(p in phrase for p in PLACEHOLDERS)
        assert "Marokkaanse" not in phrase and "Mohammed" not in phrase
    assert any("woont er niet" in phrase or "voor de papieren" in phrase for phrase in top.why)


def test_fitting_twice_gives_the_same_scores(make_examples) -> None:
    examples = make_examples(per_template=3)
    texts, codes = [t for t, _ in examples], [c for _, c in examples]
    first = SignalClassifier(threshold_folds=3, min_df=1).fit(texts, codes)
    second = SignalClassifier(threshold_folds=3, min_df=1).fit(texts, codes)
    assert first.thresholds_ == second.thresholds_
    assert first.predict(SHAM).scores == second.predict(SHAM).scores


def test_version_names_the_day_and_the_training_data(
    small_model: SignalClassifier, make_examples
) -> None:
    examples = make_examples()
    digest = data_hash([t for t, _ in examples], [c for _, c in examples])
    assert re.fullmatch(rf"signals-\d{{8}}-{digest[:8]}", small_model.version)


def test_unknown_code_in_training_data_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown signal type"):
        SignalClassifier().fit(["tekst"], [["fraude"]])


def test_unfitted_model_refuses_to_predict() -> None:
    with pytest.raises(NotFittedError):
        SignalClassifier().predict(SHAM)


def test_no_feature_contains_an_origin_or_religion_term(make_examples) -> None:
    loaded = [
        "De Marokkaanse moslim Mohammed woont er niet, hij is getrouwd voor de papieren.",
        "Een Turkse katholiek en een Syrische christen uit Syrië, getrouwd voor de papieren.",
        "Poolse arbeiders, paspoorten afgepakt door een joodse Nederlander in België.",
        "Islamitische Eritreeërs en Afghaanse hindoes moeten werken zonder loon in Duitsland.",
    ]
    examples = make_examples(per_template=2) + [(t, ("schijnhuwelijk",)) for t in loaded * 2]
    model = SignalClassifier(threshold_folds=3, min_df=1).fit(
        [t for t, _ in examples], [c for _, c in examples]
    )
    terms = {t for t in sensitive_terms() if len(t) >= 4}
    features = dict(model.pipeline_.named_steps["features"].transformer_list)
    words = {w for gram in features["word"].get_feature_names_out() for w in gram.split()}
    assert not words & sensitive_terms()
    char_grams = features["char"].get_feature_names_out()
    for term in ("marokka", "moslim", "turkse", "syri", "christen", "islam", "joods", "poolse"):
        assert term in terms or any(t.startswith(term) for t in terms)
        assert not any(term[:5] in gram for gram in char_grams), term


# -- persistence ---------------------------------------------------------------------------------


def test_save_and_load_give_the_same_predictions(
    small_model: SignalClassifier, tmp_path: Path
) -> None:
    small_model.save(tmp_path / "m")
    loaded = SignalClassifier.load(tmp_path / "m")
    assert loaded.version == small_model.version
    assert loaded.thresholds_ == small_model.thresholds_
    assert loaded.get_params() == small_model.get_params()
    assert loaded.predict_many([SHAM, QUESTION]) == small_model.predict_many([SHAM, QUESTION])


def test_saved_directory_holds_only_a_skops_archive_and_a_model_card(
    small_model: SignalClassifier, tmp_path: Path
) -> None:
    small_model.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["model.skops", "model_card.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["m"]  # no temporary directory left
    with zipfile.ZipFile(tmp_path / "m" / "model.skops") as archive:
        assert "schema.json" in archive.namelist()
        for name in archive.namelist():
            assert not archive.read(name).startswith(b"\x80"), f"{name} is a pickle"
    card = json.loads((tmp_path / "m" / "model_card.json").read_text())
    assert card["model_version"] == small_model.version
    assert card["data_hash"] == small_model.data_hash_
    assert card["thresholds"] == small_model.thresholds_
    assert card["counts"]["examples"] == small_model.n_examples_
    assert "train_cv_at_tuned_thresholds" in card["metrics"]
    assert card["created"] and card["files"]["model.skops"]["sha256"]


def test_saving_over_an_existing_model_replaces_it(
    small_model: SignalClassifier, tmp_path: Path
) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "stale.txt").write_text("old")
    small_model.save(tmp_path / "m")
    assert not (tmp_path / "m" / "stale.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_load_rejects_an_altered_archive(small_model: SignalClassifier, tmp_path: Path) -> None:
    small_model.save(tmp_path / "m")
    with (tmp_path / "m" / "model.skops").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelLoadError, match="checksum"):
        SignalClassifier.load(tmp_path / "m")


def test_load_refuses_types_outside_the_trusted_list(
    small_model: SignalClassifier, tmp_path: Path
) -> None:
    small_model.save(tmp_path / "m")
    path = tmp_path / "m" / "model.skops"
    sio.dump(FunctionTransformer(shutil.rmtree), path)
    card_path = tmp_path / "m" / "model_card.json"
    card = json.loads(card_path.read_text())
    card["files"]["model.skops"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelLoadError, match=r"untrusted types.*shutil\.rmtree"):
        SignalClassifier.load(tmp_path / "m")


def test_load_of_an_incomplete_directory_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match=r"model_card\.json"):
        SignalClassifier.load(tmp_path)


@pytest.mark.parametrize(
    "word", ["in", "een", "door", "hij", "er", "Haar", "the", "which", "nr", "12345", "_naam_"]
)
def test_stop_words_numbers_and_placeholders_are_no_content_words(word: str) -> None:
    assert not is_content_word(word.lower())


@pytest.mark.parametrize("word", ["paspoort", "getrouwd", "smuggler", "1f", "loon"])
def test_words_that_mean_something_are_content_words(word: str) -> None:
    assert is_content_word(word)


def test_why_never_gives_a_phrase_of_function_words_only(small_model: SignalClassifier) -> None:
    text = "Hij is in een huis en hij woont er niet, hij is getrouwd voor de papieren."
    proposals = small_model.predict(text).signal_types
    assert proposals and all(p.why for p in proposals)
    for proposal in proposals:
        for phrase in proposal.why:
            assert any(is_content_word(w) for w in phrase.lower().split()), phrase


def test_a_long_text_counted_in_pieces_gets_the_features_and_scores_of_the_whole(
    small_model, monkeypatch
):
    text = dutch_prose(3 * model.CHAR_PIECE + 12_345)  # four pieces, cut after whitespace
    char = dict(small_model.pipeline_.named_steps["features"].transformer_list)["char"]
    whole, pieces = char.transform([text, "kort"]), model.char_features(char, [text, "kort"])
    assert whole.nnz > 100 and abs(whole - pieces).max() < 1e-12
    [pieced] = small_model.predict_many([text])
    monkeypatch.setattr(model, "CHAR_PIECE", 10**9)  # the whole text at once
    assert small_model.predict_many([text])[0].scores == pieced.scores
