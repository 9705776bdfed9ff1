"""The README's command examples are the tool's real output (regenerate with `python docs/generate.py`)."""
import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", ROOT / "docs" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_readme_example_is_what_the_command_prints():
    if shutil.which("replylint") is None:
        pytest.skip("the replylint console script is not on PATH (pip install -e .)")
    generator = _generator()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(generator.README_BLOCK.findall(text)) >= 3
    assert generator.readme(text) == text, "README examples are stale: run python docs/generate.py"
