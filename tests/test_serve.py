"""`replylint serve`: POST /check answers with the --format json contract; limits and errors."""
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from replylint.cli import main

pytest.importorskip("starlette", reason="the serve extra (starlette) is not installed")
pytest.importorskip("httpx", reason="starlette's test client needs httpx")

from starlette.testclient import TestClient  # noqa: E402

from replylint import serve  # noqa: E402
from replylint.serve import LOOPBACK_NAMES, SECURITY_HEADERS, create_app  # noqa: E402

DRAFT = "Здравствуйте!\nМы аннулировали ваш долг за вторые сутки.\n"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def client(pack):
    with TestClient(create_app(pack, max_request_bytes=4096)) as client:
        yield client


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
    assert client.post("/check", content=json.dumps({"reply": "x" * 5000}), headers=JSON).status_code == 413
    assert client.post("/check", content=b"{not json", headers=JSON).status_code == 400
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


def _error(answer, status: int) -> str:
    """The JSON error document's one message, checked against the contract."""
    assert answer.status_code == status and answer.headers["content-type"] == "application/json"
    document = answer.json()
    assert document["results"] == [] and len(document["errors"]) == 1
    assert document["errors"][0]["path"] == "request"
    return document["errors"][0]["message"]


@pytest.mark.parametrize("body", [
    b'{"reply": "hi", "id": ' + b"9" * 5000 + b"}",  # past Python's int conversion limit
    b"[" * 100_000,
    b'{"reply": "hi", "more": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"reply": "\xff"}',
], ids=["5000-digit-integer", "100k-nested-brackets", "nested-inside-object", "invalid-utf8"])
def test_hostile_bodies_get_the_json_error_document(pack, body):
    with TestClient(create_app(pack)) as client:  # the default size limit
        _error(client.post("/check", content=body, headers=JSON), 400)


def test_lone_surrogates_are_replaced_as_in_jsonl(client):
    """A lone surrogate (id, inside the flagged words, complaint) becomes U+FFFD with a notice,
    one character for one: the findings keep their columns."""
    body = '{"reply": "Мы аннулировали ваш\\ud800 долг.", "id": "\\ud800", "complaint": "\\udfff"}'
    answer = client.post("/check", content=body.encode(), headers=JSON)
    assert answer.status_code == 200
    result = answer.json()["results"][0]
    clean = client.post("/check", json={"reply": "Мы аннулировали ваш\ufffd долг.", "complaint": "\ufffd"}).json()
    assert result["id"] == "\ufffd" and len(result["notices"]) == len(clean["results"][0]["notices"]) + 1
    assert result["findings"] == clean["results"][0]["findings"]
    assert any(f["rule"] == "debt-wording" and "\ufffd" in f["text"] for f in result["findings"])


def test_every_response_is_json_or_the_page_with_security_headers(client):
    answers = [client.get("/"), client.get("/rules"), client.post("/check", json={"reply": DRAFT}),
               client.post("/check", json={"reply": 1}), client.get("/nothing"), client.get("/check"),
               client.post("/check", content=b'{"reply": "x"}', headers={"Content-Type": "text/plain"}),
               client.post("/check", json={"reply": "x"}, headers={"Origin": "http://elsewhere.example"})]
    for answer in answers:
        assert {k: answer.headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert [a.status_code for a in answers] == [200, 200, 200, 400, 404, 405, 415, 403]
    for answer in answers[3:]:
        _error(answer, answer.status_code)


def test_internal_error_is_the_json_error_document(pack, monkeypatch):
    with TestClient(create_app(pack), raise_server_exceptions=False) as client:
        monkeypatch.setattr(serve, "_reply_from", lambda payload: 1 / 0)
        _error(client.post("/check", json={"reply": DRAFT}), 500)


def test_a_loopback_server_answers_only_loopback_names_and_its_own_pages(pack):
    """DNS rebinding (a foreign name pointing at 127.0.0.1) and cross-site requests are refused."""
    with TestClient(create_app(pack, allowed_hosts=LOOPBACK_NAMES), base_url="http://127.0.0.1:8765") as client:
        assert client.post("/check", json={"reply": DRAFT}).status_code == 200
        assert client.post("/check", json={"reply": DRAFT}, headers={"Origin": "http://127.0.0.1:8765"}).status_code == 200
        assert client.post("/check", json={"reply": DRAFT}, headers={"Host": "localhost:8765"}).status_code == 200
        _error(client.post("/check", json={"reply": DRAFT}, headers={"Host": "rebound.example:8765"}), 403)
        _error(client.get("/", headers={"Host": "rebound.example:8765"}), 403)
        for origin in ("http://elsewhere.example", "null", "http://127.0.0.1:9999"):
            _error(client.post("/check", json={"reply": DRAFT}, headers={"Origin": origin}), 403)
        for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
            _error(client.post("/check", content=json.dumps({"reply": DRAFT}), headers={"Content-Type": content_type}), 415)


_PARENT = os.getpid()


def _die_in_worker(reply):
    if os.getpid() != _PARENT:
        os._exit(9)  # as if killed (out of memory)


def test_a_lint_worker_that_dies_fails_one_request_not_the_server(pack, monkeypatch):
    with TestClient(create_app(pack)) as client:
        monkeypatch.setattr(serve, "_lint_record", _die_in_worker)
        _error(client.post("/check", json={"reply": DRAFT}), 500)
        monkeypatch.undo()
        assert client.post("/check", json={"reply": DRAFT}).status_code == 200


@pytest.fixture(scope="module")
def live(pack):
    """`replylint serve` as run by the CLI (uvicorn, real sockets), with short timeouts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    instance = serve.server(pack, "127.0.0.1", port, header_timeout=0.5, body_timeout=0.5, workers=2)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield port
    instance.should_exit = True
    thread.join(timeout=10)


def _closed_within(connection: socket.socket, seconds: float) -> bytes:
    """What the server sends until it closes the connection; fails if it is still open."""
    connection.settimeout(seconds)
    received = b""
    try:
        while chunk := connection.recv(65536):
            received += chunk
    except socket.timeout:
        pytest.fail(f"the connection is still open after {seconds} s")
    return received


def test_slow_headers_and_bodies_are_cut_off(live):
    with socket.create_connection(("127.0.0.1", live)) as slow_headers:
        slow_headers.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert _closed_within(slow_headers, 5) == b""
    with socket.create_connection(("127.0.0.1", live)) as slow_body:
        slow_body.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          b"Content-Length: 100\r\n\r\n{\"reply\": ")
        answer = _closed_within(slow_body, 5)
        assert answer.startswith(b"HTTP/1.1 408") and b'"errors":[{"path":"request"' in answer


def test_a_short_request_does_not_wait_behind_long_ones(live):
    import httpx

    records = [json.loads(line) for path in sorted(Path(__file__).parent.joinpath("corpus").glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    long_reply = ""
    while len(long_reply.encode()) < 220 * 1024:
        long_reply += records[len(long_reply) % len(records)]["reply"] + "\n"
    url = f"http://127.0.0.1:{live}/check"
    finished: list[str] = []

    def post(name: str, reply: str) -> None:
        assert httpx.post(url, json={"reply": reply}, timeout=120).status_code == 200
        finished.append(name)

    long_ones = [threading.Thread(target=post, args=(f"long{n}", long_reply)) for n in range(5)]
    for thread in long_ones:
        thread.start()
    time.sleep(0.5)  # the long ones are in the server
    post("short", DRAFT)
    for thread in long_ones:
        thread.join()
    assert finished.index("short") < 3, finished
