"""`policy.default` with a memo of parsed headers: the same parse is not repeated.

The stdlib's modern header parser builds a new header object on every access,
and reading one mail asks for Content-Type about eight times and for every kept
header more than once (2.1 ms of CPU per small text mail, two thirds of it
header parsing). Header objects are immutable, so one parse can serve every
later access with the same name and value. Long values are not kept (memory).

A value is cut at MAX_HEADER_VALUE characters before it is parsed: the modern
parser needs about 2,000 times a value's size in memory (a 1.2 MB Subject of
encoded words ran out of memory at 3 GB) and recurses once per nested comment.
No real header comes near the limit; the review page shows 1,000 characters.
"""

from __future__ import annotations

import functools
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry

MAX_CACHED_VALUE = 2000  # characters; a longer value is parsed on every access
MAX_HEADER_VALUE = 8000  # characters; the rest of a longer value is not parsed
_REGISTRY = HeaderRegistry()


@functools.lru_cache(maxsize=2048)
def _parsed(name: str, value: str) -> BaseHeader:
    return _REGISTRY(name, value)  # type: ignore[no-any-return]


class _CachingHeaderFactory:
    """A HeaderRegistry whose calls are memoised; anything else goes to the registry."""

    def __call__(self, name: str, value: str) -> BaseHeader:
        value = value[:MAX_HEADER_VALUE]
        if type(value) is str and type(name) is str and len(value) <= MAX_CACHED_VALUE:
            return _parsed(name, value)
        return _REGISTRY(name, value)  # type: ignore[no-any-return]

    def __getattr__(self, attr: str) -> object:
        return getattr(_REGISTRY, attr)


POLICY = policy.default.clone(header_factory=_CachingHeaderFactory())
