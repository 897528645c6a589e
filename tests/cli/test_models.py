from pathlib import Path

import pytest

from ikp import models
from ikp.config import Settings


def test_rollback_restores_previously_promoted_version(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    for version in ("v1", "v2"):
        (models.models_dir(settings) / version).mkdir(parents=True)
        models.promote(settings, version)
    assert models.active_model_dir(settings).name == "v2"
    assert models.rollback(settings) == "v1"
    assert models.active_model_dir(settings).name == "v1"
    with pytest.raises(LookupError):
        models.rollback(settings)


def test_models_commands_promote_list_and_roll_back(tmp_path, monkeypatch, capsys):
    from ikp.cli import main

    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path))
    for version in ("signals-a", "signals-b"):
        (tmp_path / "models" / version).mkdir(parents=True)
    assert main(["models", "promote", "signals-a"]) == 0
    assert main(["models", "promote", "signals-b"]) == 0
    capsys.readouterr()
    assert main(["models", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["  signals-a", "* signals-b"]
    assert main(["models", "rollback"]) == 0
    assert main(["models", "list"]) == 0
    assert "* signals-a" in capsys.readouterr().out
    assert main(["models", "promote", "signals-zzz"]) == 2
