"""`replylint serve`: POST /check answers with the --format json contract; limits and errors."""
import json

import pytest
from click.testing import CliRunner

from replylint.cli import main

pytest.importorskip("starlette", reason="the serve extra (starlette) is not installed")
pytest.importorskip("httpx", reason="starlette's test client needs httpx")

from starlette.testclient import TestClient  # noqa: E402

from replylint.serve import create_app  # noqa: E402

DRAFT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"


@pytest.fixture(scope="module")
def client(pack):
    return TestClient(create_app(pack, max_request_bytes=4096))


def test_check_has_the_json_contract_of_the_cli(client, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    cli = json.loads(CliRunner().invoke(main, ["check", str(draft), "--format", "json"]).stdout)
    answer = client.post("/check", json={"reply": DRAFT})
    assert answer.status_code == 200
    document = answer.json()
    assert set(document) == set(cli) and document["version"] == cli["version"] and document["errors"] == []
    served, expected = document["results"][0], cli["results"][0]
    assert served["path"] == "request"
    assert {k: v for k, v in served.items() if k != "path"} == {k: v for k, v in expected.items() if k != "path"}


def test_complaint_lang_and_id(client):
    answer = client.post("/check", json={"reply": "Thank you for choosing us! We value every customer.",
                                         "complaint": "My new phone arrived with a cracked screen and no charger.",
                                         "lang": "en", "id": 7}).json()
    result = answer["results"][0]
    assert result["id"] == "7" and result["lang"] == "en"
    assert "ignores-the-problem" in {f["rule"] for f in result["findings"]}


def test_requests_are_limited_and_checked(client):
    assert client.post("/check", content=json.dumps({"reply": "x" * 5000})).status_code == 413
    assert client.post("/check", content=b"{not json").status_code == 400
    assert client.post("/check", json={"text": "no reply key"}).status_code == 400
    assert client.post("/check", json={"reply": "hi", "lang": "fr"}).status_code == 400
    bad = client.post("/check", json=["reply"]).json()
    assert bad["results"] == [] and bad["errors"][0]["path"] == "request"
    assert client.get("/check").status_code == 405


def test_page_and_rules_are_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert "http://" not in page.text and "https://" not in page.text and "<link" not in page.text
    rules = client.get("/rules").json()
    assert rules["debt-wording"]["kind"] == "phrase" and rules["missing-apology"]["kind"] == "absence"
