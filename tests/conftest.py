import os
import tempfile

import pytest

from replylint.engine import Linter
from replylint.pack.load import load_pack

# Tests never touch the user's own compiled-pack cache.
os.environ["REPLYLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="replylint-test-cache-")


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def linter(pack):
    return Linter(pack)
