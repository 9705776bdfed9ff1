"""--format sarif and --format github: the machine formats CI reads."""
import json

from replylint.inputs import InputError
from replylint.model import Finding, Result, Span
from replylint.report import FORMATS, renderer
from replylint.report import github, sarif


def result(record_id=None):
    finding = Finding(rule="debt-wording", severity="error", message="m", span=Span(3, 24), line=2, column=4,
                      end_line=2, end_column=25, text="аннулировали ваш долг", suggestions=("s",))
    note = Finding(rule="missing-thanks", severity="suggestion", message="n", span=Span(0, 5), line=1, column=1,
                   end_line=1, end_column=6, text="Привет")
    return Result(path="dir/a b.yaml", record_id=record_id, lang="ru", score=76, findings=(note, finding))


def test_formats_are_registered():
    assert {"text", "json", "sarif", "github"} <= set(FORMATS)
    for name in ("sarif", "github"):
        assert hasattr(renderer(name), "Writer")


def test_sarif_log_shape(pack):
    error = InputError("broken.json", 3, 7, "invalid JSON: x")
    log = json.loads(sarif.render([result("refund/ru"), result()], [error], pack=pack))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {r.id for r in pack.rules}
    first = run["results"][1]
    assert first["ruleId"] == "debt-wording" and rules[first["ruleIndex"]]["id"] == "debt-wording"
    assert first["level"] == "error" and run["results"][0]["level"] == "note"
    location = first["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "dir/a%20b.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 25,
                                                      "snippet": {"text": "аннулировали ваш долг"}}
    assert location["logicalLocations"] == [{"name": "refund/ru", "kind": "member"}]
    assert "logicalLocations" not in run["results"][3]["locations"][0]
    # the same finding in the same place keeps its fingerprint
    assert first["partialFingerprints"] == json.loads(sarif.render([result("refund/ru")], pack=pack))[
        "runs"][0]["results"][1]["partialFingerprints"]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 7}


def test_empty_sarif_log_is_valid_json():
    log = json.loads(sarif.render([]))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_github_annotations():
    lines = github.render([result("a,b")], [InputError("x:y.csv", 1, 1, "bad\nrow")]).splitlines()
    assert lines[0].startswith("::notice file=dir/a b.yaml,line=1,col=1,endLine=1,endColumn=6,title=replylint missing-thanks::")
    assert lines[1].startswith("::error file=dir/a b.yaml,line=2,col=4,endLine=2,endColumn=25,title=replylint debt-wording::")
    assert "[a,b]" in lines[1]  # the template name; data needs no comma escaping
    assert lines[2] == "::error file=x%3Ay.csv,line=1,col=1,title=replylint input error::bad%0Arow"
