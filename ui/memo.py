"""A process-wide, bounded memo for what the pages derive from frames (chart specs, formatted
tables), keyed by the frames' content.

st.cache_data / st.cache_resource hash every argument on every call with Streamlit's hasher:
for the profile page's frames that was the largest single cost of a rerun (~3 ms of ~25 ms,
measured with AppTest on the commune-scale snapshot), and cache_data then unpickled a copy of
the cached chart spec for each call. Here a frame's key is a digest of its schema and of
Polars' row hashes (one vectorised pass), and the cached value is returned as is.

The key is the content, so two sessions share an entry only when they derive from identical
frames (a session's imported figures give other frames, hence other entries). Cached values
are shared: callers must not modify them (Polars frames are immutable; Streamlit copies a spec
dict before it changes anything at its top level).
"""
from __future__ import annotations

import functools
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import polars as pl

T = TypeVar("T")


# fingerprints of frames still alive, by id: a cached query result is the same object on every
# rerun, so its rows are hashed once (an entry goes when its frame is collected)
_known: dict[int, tuple[weakref.ref, Hashable]] = {}


def _frame_fingerprint(df: pl.DataFrame) -> Hashable:
    hit = _known.get(id(df))
    if hit is not None and hit[0]() is df:
        return hit[1]
    h = hashlib.blake2b(repr(df.schema).encode(), digest_size=16)
    try:
        if df.height:
            h.update(df.hash_rows(seed=0).to_numpy().tobytes())
    except pl.exceptions.PolarsError:     # a type Polars cannot hash: a key that never matches
        return ("frame", id(df), object())
    fp = ("frame", df.height, h.digest())
    key = id(df)
    _known[key] = (weakref.ref(df, lambda _ref: _known.pop(key, None)), fp)
    return fp


_PLAIN = frozenset({str, int, float, bool, type(None)})


def fingerprint(value: Any) -> Hashable:
    """A hashable stand-in for `value`: frames by content, tuples and lists element-wise, dicts
    (a row of a frame) item by item, the rest as is (it must be hashable)."""
    kind = type(value)
    if kind in _PLAIN:                      # most values: no isinstance chain
        return value
    if isinstance(value, pl.DataFrame):
        return _frame_fingerprint(value)
    if isinstance(value, (tuple, list)):
        return (kind.__name__, *(v if type(v) in _PLAIN else fingerprint(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((k, v if type(v) in _PLAIN else fingerprint(v)) for k, v in sorted(value.items())))
    return value


class Bounded:
    """The last `maxsize` values by key, shared between threads. `get(key, compute)` returns the
    value kept for `key`, or computes it once: a second thread asking for the same new key waits
    for the first instead of computing it again; a computation that raises keeps nothing."""

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            once = self._pending.setdefault(key, threading.Lock())
        with once:
            with self._lock:
                if key in self._entries:           # computed by another thread meanwhile
                    return self._entries[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._pending.pop(key, None)
            with self._lock:
                self._entries[key] = value
                while len(self._entries) > self.maxsize:
                    self._entries.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def memo(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator: remember the last `maxsize` results of a pure function by fingerprint of its
    arguments (ui.memo.Bounded: computed once per key, even when threads ask together)."""
    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        entries = Bounded(maxsize)

        @functools.wraps(fn)
        def cached(*args: Any, **kwargs: Any) -> T:
            key = (fingerprint(args), fingerprint(tuple(sorted(kwargs.items()))))
            return entries.get(key, lambda: fn(*args, **kwargs))

        cached.clear = entries.clear            # type: ignore[attr-defined]
        cached.size = entries.__len__           # type: ignore[attr-defined]
        return cached
    return wrap
