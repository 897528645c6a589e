from pathlib import Path

import pytest

from classifiers import DEFAULT_MODEL_DIR
from ikp import model_versions as versions
from ikp.config import Settings


def test_rollback_restores_previously_promoted_version_then_the_shipped_one(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path)
    for version in ("v1", "v2"):
        (versions.models_dir(settings) / version).mkdir(parents=True)
        versions.promote(settings, version)
    assert versions.active_model_dir(settings).name == "v2"
    assert versions.rollback(settings) == "v1"
    assert versions.active_model_dir(settings).name == "v1"
    assert versions.rollback(settings) == versions.shipped_version()
    assert versions.active_model_dir(settings) == DEFAULT_MODEL_DIR
    with pytest.raises(LookupError):
        versions.rollback(settings)


def test_a_rejected_version_needs_force(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    (versions.models_dir(settings) / "v1").mkdir(parents=True)
    versions.mark_rejected(settings, "v1", ["macro-F1 0.5 < 0.9"])
    with pytest.raises(versions.RejectedModelError, match=r"macro-F1 0\.5"):
        versions.promote(settings, "v1")
    versions.promote(settings, "v1", force=True)
    assert versions.active_model_dir(settings).name == "v1"


def test_models_commands_promote_list_and_roll_back(tmp_path, monkeypatch, capsys):
    from ikp.cli import main

    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path))
    for version in ("signals-a", "signals-b"):
        (tmp_path / "models" / version).mkdir(parents=True)
    (tmp_path / "models" / ".signals-c.tmp-x").mkdir()  # an unfinished write is not listed
    assert main(["models", "list"]) == 0
    shipped = capsys.readouterr().out.splitlines()
    assert len(shipped) == 3 and shipped[0].startswith(f"* {versions.shipped_version()} ")
    assert "(shipped)" in shipped[0] and "frozen-test macro-F1" in shipped[0]
    assert main(["models", "promote", "signals-a"]) == 0
    assert main(["models", "promote", "signals-b"]) == 0
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines[1:]] == [["signals-a", "no"], ["*", "signals-b"]]
    assert lines[0].startswith("  ")
    assert main(["models", "rollback"]) == 0
    assert main(["models", "list"]) == 0
    assert "* signals-a" in capsys.readouterr().out
    assert main(["models", "promote", "signals-zzz"]) == 2
