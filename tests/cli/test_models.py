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
