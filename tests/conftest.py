import os
import tempfile

import pytest

from replylint.engine import Linter
from replylint.pack.load import load_pack

# Tests never touch the user's own compiled-pack cache.
os.environ["REPLYLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="replylint-test-cache-")
# ... nor the user's cache key (kept in the state directory).
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="replylint-test-state-")


@pytest.fixture(scope="session")
def pack():
    return load_pack()


@pytest.fixture(scope="session")
def linter(pack):
    return Linter(pack)
