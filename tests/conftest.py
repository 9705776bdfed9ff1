import pytest

from replylint.engine import Linter
from replylint.pack.load import load_pack


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def linter(pack):
    return Linter(pack)
