import pytest

from doisanh import db
from tests import fixture


@pytest.fixture(scope="session")
def fixture_con():
    con = db.connect(fixture.frames())
    yield con
    con.close()


@pytest.fixture()
def cur(fixture_con):
    c = fixture_con.cursor()
    yield c
    c.close()
