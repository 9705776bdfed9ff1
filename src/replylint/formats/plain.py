"""Plain text: the file is the reply; suppression markers are blanked out of it."""
from __future__ import annotations

from collections.abc import Iterator

from ..model import Reply
from ..suppress import extract


def replies(path: str, text: str, options) -> Iterator[Reply]:
    body, suppressions = extract(text)
    yield Reply(path=path, text=body, lang=options.lang, complaint=options.complaint,
                suppressions=suppressions)
