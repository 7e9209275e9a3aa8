"""Nothing from outside reaches SQL except as a bound value, or HTML unescaped; the locked
DuckDB connection refuses file, network and configuration access; shared query results are
never changed in place."""
from __future__ import annotations

import ast
from pathlib import Path

import duckdb
import pytest

from doisanh import db

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SOURCES = sorted([ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py"),
                  *(ROOT / "doisanh").rglob("*.py")])
SQL_METHODS = {"sql", "execute", "executemany", "query", "from_query", "query_df"}
# our own wrappers named like an SQL method: they take a query NAME (a file of queries/)
WRAPPERS = {"data", "imports"}


def _rel(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


def _calls(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node, parents


def _function_of(node, parents) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _sql_calls() -> dict[str, list[ast.Call]]:
    found: dict[str, list[ast.Call]] = {}
    for path in SOURCES:
        for call, _ in _calls(path):
            owner = call.func.value
            if call.func.attr in SQL_METHODS and not (isinstance(owner, ast.Name) and owner.id in WRAPPERS):
                found.setdefault(_rel(path), []).append(call)
    return found


# ------------------------------------------------------------------------------ SQL call sites
def test_sql_is_sent_only_by_the_runner_and_the_loader():
    """Every page, widget and module goes through doisanh.sql.run (a file of queries/ by name,
    parameters bound); only doisanh/sql.py and doisanh/db.py hand SQL text to DuckDB."""
    assert set(_sql_calls()) <= {"doisanh/sql.py", "doisanh/db.py"}, _sql_calls().keys()


def test_the_runner_sends_only_the_text_of_a_query_file_with_bound_parameters():
    calls = _sql_calls()["doisanh/sql.py"]
    assert len(calls) == 1
    (call,) = calls
    assert ast.unparse(call) == "cur.execute(q.text, params)"
    tree = ast.parse((ROOT / "doisanh" / "sql.py").read_text(encoding="utf-8"))
    run = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run")
    assert "q = load(name, queries_dir)" in ast.unparse(run)    # q is a Query loaded from disk


def test_the_loader_builds_sql_only_from_whitelisted_names():
    """db.py: constant SQL, or SQL whose identifiers come from the table whitelist (checked by
    _check_name in the same function) or the module constant STORE; values are bound."""
    path = ROOT / "doisanh" / "db.py"
    for call, parents in _calls(path):
        if call.func.attr not in SQL_METHODS:
            continue
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            continue
        names = {n.id for n in ast.walk(arg) if isinstance(n, ast.Name)}
        assert names <= {"name", "table", "cols", "keys", "order", "STORE"}, ast.unparse(arg)
        if names <= {"STORE"}:
            continue
        fn = _function_of(call, parents)
        called = {c.func.id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
        assert "_check_name" in called, f"{fn.name}: non-constant SQL without _check_name"


def test_check_name_refuses_anything_outside_the_whitelist():
    for bad in ("observations; DROP TABLE units", "x", "", "units--"):
        with pytest.raises(ValueError):
            db._check_name(bad)
    for good in db.TABLE_NAMES:
        db._check_name(good)


def test_query_names_are_a_whitelist():
    from doisanh import sql
    for bad in ("../etc/passwd", "ranking; drop", "Ranking", "", "units.sql"):
        with pytest.raises(sql.QueryError):
            sql.load(bad)


# ------------------------------------------------------------------------------ locked connection
@pytest.fixture()
def app_cur(app_con):
    cur = app_con.cursor()
    yield cur
    cur.close()


@pytest.mark.parametrize("statement", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM sniff_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/etc/*')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET lock_configuration",
    "SET autoinstall_known_extensions = true",
    "SET memory_limit = '64GB'",
    "ATTACH '/tmp/doisanh-should-not-exist.duckdb' AS x",
    "COPY (SELECT 1) TO '/tmp/doisanh-should-not-exist.csv'",
    "SELECT * FROM read_parquet('https://example.com/x.parquet')",
])
def test_locked_connection_refuses(app_cur, statement):
    with pytest.raises(duckdb.Error):
        app_cur.execute(statement).fetchall()
    assert not Path("/tmp/doisanh-should-not-exist.csv").exists()
    assert not Path("/tmp/doisanh-should-not-exist.duckdb").exists()


# ------------------------------------------------------------------------------ shared frames
IN_PLACE = {"insert_column", "replace_column", "shrink_to_fit", "set_sorted_flag"}


def test_no_polars_frame_is_changed_in_place():
    """Query results are shared between sessions (st.cache_resource, ui/data.py): nothing may
    change a frame in place."""
    offenders = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in IN_PLACE:
                offenders.append(f"{_rel(path)}:{node.lineno}")
            if isinstance(node, ast.Call) and any(k.arg == "in_place" for k in node.keywords):
                offenders.append(f"{_rel(path)}:{node.lineno}")
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "columns"
                                                    for t in node.targets):
                offenders.append(f"{_rel(path)}:{node.lineno}")
    assert not offenders, offenders


# ------------------------------------------------------------------------------ HTML
def _false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


# the one place HTML is written: the compare table, built by doisanh.tables (which escapes
# every header and cell: tests/test_highlight.py) and sanitised again by st.html
# st.html's only callers, each with the one builder that escapes what it puts in: the compare
# table, the uploader's style rule (Streamlit's 'Upload' has no parameter: ui.upload.uploader_texts),
# the narrow views of tables on a phone and their breakpoint rule (ui/narrow.py, tests/test_narrow.py)
HTML_ALLOWED = {("ui/tables.py", "compare_table"), ("ui/upload.py", "uploader_texts"),
                ("ui/narrow.py", "pair"), ("ui/narrow.py", "style")}
HTML_BUILDERS = {"compare_table": "_compare_html", "uploader_texts": "_upload_style", "pair": "view_html",
                 "style": "style_rule"}


def _calls_with_function(tree: ast.AST):
    """(call, name of the innermost function around it or None) for every call in `tree`."""
    def visit(node, fn):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else fn
            if isinstance(child, ast.Call):
                yield child, fn
            yield from visit(child, inner)
    yield from visit(tree, None)


def test_no_raw_html_in_pages_or_widgets():
    offenders, allowed = [], set()
    for path in SOURCES:
        for node, fn in _calls_with_function(ast.parse(path.read_text(encoding="utf-8"))):
            if any(k.arg == "unsafe_allow_html" and not _false(k.value) for k in node.keywords):
                offenders.append(f"{_rel(path)}:{node.lineno} unsafe_allow_html")
            if isinstance(node.func, ast.Attribute) and node.func.attr == "html":
                if (_rel(path), fn) not in HTML_ALLOWED:
                    offenders.append(f"{_rel(path)}:{node.lineno} .html()")
                    continue
                allowed.add((_rel(path), fn))
                # its one argument is the escaping builder's output, nothing else
                assert len(node.args) == 1 and not node.keywords, ast.unparse(node)
                assert isinstance(node.args[0], ast.Call) and ast.unparse(node.args[0].func) == HTML_BUILDERS[fn]
    assert not offenders, offenders
    assert allowed == HTML_ALLOWED


def test_compare_html_is_built_by_the_escaping_builder():
    import inspect

    from ui import tables
    src = inspect.getsource(tables._compare_html)
    assert "tables.marked_table(" in src and "st." not in src


def test_narrow_views_are_built_by_the_escaping_builders():
    import inspect

    from ui import narrow
    src = inspect.getsource(narrow.view_html)
    assert "tables.marked_table(" in src and "html.escape(n)" in src and "st." not in src
    assert narrow.style_rule().count("<") == 2          # made of the module's constants only


def test_the_upload_style_cannot_be_broken_out_of():
    from ui.upload import _upload_style
    css = _upload_style("w_upload", 'x"}</style><script>alert(1)</script>')
    assert css.count("<") == 2 and css.startswith("<style>") and css.endswith("</style>")
    assert '"}' not in css.split("content:", 1)[1][1:-len('"}</style>')]
    assert "Chọn tệp" in _upload_style("w_upload", "Chọn tệp")


SCRIPT = "<script>alert(1)</script>"


def _assert_shown_as_text(at) -> None:
    from ui import narrow
    assert not at.exception
    assert [h.value for h in at.get("html")] in ([], [narrow.style_rule()])   # a page's breakpoint rule
    for md in at.get("markdown"):
        assert not md.proto.allow_html
    shown = [a.proto.body for kind in ("warning", "info", "error") for a in at.get(kind)]
    shown += [m.proto.body for m in at.get("markdown")]
    assert any(SCRIPT[:20] in s for s in shown), shown


def test_script_in_a_unit_code_is_shown_as_text(app):
    app.query_params.update({"unit": SCRIPT, "index": "par"})
    app.run()
    _assert_shown_as_text(app)


def test_the_unit_picker_accepts_only_its_own_options(app):
    """The search box is gone: one select box whose options are the registry's codes; a script
    set as its value (what a forged message could send) is refused by Streamlit, never shown."""
    app.run()
    with pytest.raises(Exception):  # noqa: B017 - Streamlit's own error for a value not in options
        app.selectbox(key="w_unit").set_value(SCRIPT).run()
