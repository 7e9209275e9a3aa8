"""The benchmark's floor (benchmarks/floor.py): a stand-in script must send exactly the
elements and blocks it is given — every kind it knows, and the shape of real pages — else the
floor it measures is not the floor of that page."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import floor
from benchmarks import stclient as sc
from tests.test_load import VIEWS, _run_async, _server

ARGS = ("--server.fileWatcherType", "none")


def _stand_in_shape(tmp: Path, elements: dict[str, int], blocks: int) -> tuple[dict[str, int], int]:
    script = tmp / f"stand_in_{len(list(tmp.iterdir()))}.py"
    script.write_text(floor.script(elements, blocks))
    root = Path(__file__).resolve().parents[1]
    with sc.Server(script, log_path=tmp / (script.stem + ".log"), env={"PYTHONPATH": str(root)},
                   args=ARGS) as srv:
        return _run_async(floor.shape(srv.ws_url))


def test_stand_in_sends_every_kind_it_knows(tmp_path):
    wanted = {kind: 2 for kind in floor.MAKERS}
    assert _stand_in_shape(tmp_path, wanted, 3) == (wanted, 3)


def test_stand_in_has_the_shape_of_the_real_pages(tmp_path):
    srv = _server(tmp_path)
    try:
        _run_async(sc.touch(srv.ws_url, timeout=60))   # first session of a server: streamlit#9992
        shapes = [_run_async(floor.shape(srv.ws_url, page, query)) for page, query in VIEWS[:3]]
    finally:
        srv.stop()
    for elements, blocks in shapes:
        assert sum(elements.values()) > 10 and blocks > 0
        assert _stand_in_shape(tmp_path, elements, blocks) == (elements, blocks)


def test_an_unknown_element_kind_is_refused():
    with pytest.raises(KeyError, match="no stand-in"):
        floor.script({"markdown": 1, "graphviz_chart": 1}, 0)
