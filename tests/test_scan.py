"""cnii scan: reading an archive, a record per article, the outputs, and a
run that is parallel, resumable and never stopped by one article."""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from cnii import scan as scanning
from cnii.cli import main
from cnii.scan import Article, Fields, articles, scan_article

REPO = Path(__file__).resolve().parent.parent
ARTICLE = (REPO / "cnii" / "article.txt").read_text(encoding="utf-8")
# a trade balance that does not add up: 3.2 - 2.1 is 1.1, not 1.4
TRADE = (
    "Trade in 2023\n2024-01-12\n\nIn 2023, exports were 3.2 trillion yuan and imports "
    "2.1 trillion yuan, leaving a trade surplus of 1.4 trillion yuan.\n"
)
PLAIN = "A quiet day\n2024-03-01\n\nNothing happened in the town hall on Friday.\n"


def _records(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


def _jsonl(path: Path, items: Sequence[object]) -> Path:
    path.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8"
    )
    return path


def _archive(folder: Path, copies: int = 1) -> Path:
    items = []
    for n in range(copies):
        items += [
            {"id": f"trade-{n}", "title": "Trade", "date": "2024-01-12", "text": TRADE},
            {"id": f"plain-{n}", "text": PLAIN},
        ]
    return _jsonl(folder / "archive.jsonl", items)


# ---------------------------------------------------------------- reading


def test_directories_are_read_recursively_in_name_order_without_hidden_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TRADE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(PLAIN, encoding="utf-8")
    found = list(articles([str(tmp_path)]))
    assert [a.source for a in found] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]
    assert found[0].text == TRADE and found[0].error is None


def test_a_json_lines_archive_gives_an_article_a_line_and_an_error_a_broken_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"id": 7, "text": TRADE, "published": "2024-01-12T08:00:00Z", "link": "u"})
        + "\n\nnot json\n"
        + json.dumps({"body": 3})
        + "\n[1]\n"
        + json.dumps({"content": PLAIN})
        + "\n",
        encoding="utf-8",
    )
    found = list(articles([str(path)]))
    assert [(a.id, a.error) for a in found] == [
        ("7", None),
        (f"{path}:3", f"{path}:3: is not JSON: Expecting value"),
        (f"{path}:4", f"{path}:4: has no text in 'text' or 'content' or 'body'"),
        (f"{path}:5", f"{path}:5: is not a JSON object"),
        (f"{path}:6", None),
    ]
    assert (found[0].date, found[0].url, found[0].source) == (
        "2024-01-12T08:00:00Z",
        "u",
        f"{path}:1",
    )


def test_named_fields_are_read_instead_of_the_defaults(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path / "a.jsonl", [{"key": "k", "story": TRADE, "text": "other", "when": "2024-01-12"}]
    )
    (article,) = articles([str(path)], Fields(text="story", id="key", date="when"))
    assert (article.id, article.text, article.date) == ("k", TRADE, "2024-01-12")
    (missing,) = articles([str(path)], Fields(text="absent"))
    assert missing.error == f"{path}:1: has no text in absent"


def test_what_is_not_an_article_is_an_error_never_a_hang(tmp_path: Path) -> None:
    (tmp_path / "binary.dat").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"1 " * (scanning.MAX_ARTICLE_BYTES // 2 + 1))
    os.mkfifo(tmp_path / "pipe")  # nobody writes to it: opening it would block
    long_line = tmp_path / "long.jsonl"
    long_line.write_bytes(
        b'{"text": "' + b"x" * (scanning.MAX_ARTICLE_BYTES + 10) + b'"}\n{"text": "ok 5"}\n'
    )
    errors = {Path(a.source).name: a.error for a in articles([str(tmp_path)])}
    assert errors == {
        "binary.dat": f"{tmp_path}/binary.dat: is binary, not text",
        "empty.txt": f"{tmp_path}/empty.txt: is empty",
        "huge.txt": f"{tmp_path}/huge.txt: is larger than 1 MiB",
        "latin.txt": f"{tmp_path}/latin.txt: is not UTF-8 text (byte 0xe9)",
        "long.jsonl:1": f"{tmp_path}/long.jsonl:1: line is larger than 1 MiB",
        "long.jsonl:2": None,
        "pipe": f"{tmp_path}/pipe: is not a regular file",
    }
    (gone,) = articles([str(tmp_path / "nowhere")])
    assert gone.error == f"{tmp_path}/nowhere: cannot read: No such file or directory"


@pytest.mark.parametrize(
    ("given", "ids"),
    [
        (b'\n  {"id": "s1", "text": "5 apples"}\n{"id": "s2", "text": "6 pears"}\n', ["s1", "s2"]),
        (PLAIN.encode(), ["-"]),
    ],
)
def test_standard_input_is_json_lines_or_one_article(
    monkeypatch: pytest.MonkeyPatch, given: bytes, ids: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(given)))
    assert [a.id for a in articles(["-"])] == ids


# --------------------------------------------------------------- scanning


def test_an_article_whose_numbers_do_not_add_up_is_recorded_with_its_finding() -> None:
    record = scan_article(Article("trade", "trade.txt", TRADE)).record
    assert record["error"] is None and record["inconsistent"] >= 1
    (balance,) = [f for f in record["findings"] if "1.4 trillion" in json.dumps(f)]
    assert balance["proposed"] is True
    assert "(A check proposed by cnii draft, not reviewed yet.)" in balance["explanation"]
    assert balance["gap"]["ratio"] is not None
    json.dumps(record)  # a JSON line as it is


def test_the_bundled_article_is_flagged_for_its_share_of_gdp() -> None:
    record = scan_article(Article("bundled", "article.txt", ARTICLE)).record
    pointed = [p["printed"] for f in record["findings"] for p in f["points_at"]]
    assert "3.81 percent" in pointed
    assert record["looked_up"] >= 1  # the GDP and the rates: filled, not typed


def test_an_article_with_nothing_wrong_has_no_findings() -> None:
    record = scan_article(Article("plain", "plain.txt", PLAIN)).record
    assert (record["error"], record["inconsistent"], record["findings"]) == (None, 0, [])


def test_a_title_and_date_from_the_archive_are_what_the_draft_reads() -> None:
    article = Article(
        "t",
        "a.jsonl:1",
        "Sales were 5 million yuan in the year.",
        date="2019-06-30",
        title="Sales up",
    )
    assert scanning._as_drafted(article).startswith("Sales up\n2019-06-30\n\n")
    assert scan_article(article).record["title"] == "Sales up"
    titled = Article(
        "t", "a", "Sales up\nSales were 5 million yuan.", date="2019-06-30", title="Sales up"
    )
    assert scanning._as_drafted(titled) == "2019-06-30\n\nSales up\nSales were 5 million yuan."


def test_a_text_file_s_record_has_the_date_its_text_states() -> None:
    record = scan_article(Article("t", "t.txt", TRADE)).record
    assert record["date"] == "2024-01-12"


def test_a_failure_inside_cnii_is_the_article_s_record_not_the_scan_s_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cnii import draft

    def broken(text: str, source: str) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(draft, "draft", broken)
    record = scan_article(Article("a", "a.txt", TRADE)).record
    assert record["error"] == (
        "cnii failed on this article (a bug to report): ZeroDivisionError: boom"
    )


def test_the_per_article_step_pickles_and_keeps_no_state() -> None:
    article = pickle.loads(pickle.dumps(Article("trade", "t.txt", TRADE)))
    step = pickle.loads(pickle.dumps(scan_article))
    assert step(article) == scan_article(article)


def test_kept_files_are_the_draft_the_text_and_a_page_for_a_flagged_article() -> None:
    kept = scan_article(Article("trade", "t.txt", TRADE), keep=True)
    assert kept.text == TRADE and kept.facts is not None and "[checks." in kept.facts
    assert kept.page is not None and kept.page.startswith("<!DOCTYPE html>")
    assert "1.4 trillion" in kept.page
    assert scan_article(Article("p", "p.txt", PLAIN), keep=True).page is None


def test_slugs_are_file_names_and_differ_for_articles_of_one_id() -> None:
    one, other = scanning.slug("a/b c", "x.jsonl:1"), scanning.slug("a/b c", "x.jsonl:2")
    assert one != other and one.startswith("a-b-c-") and "/" not in one


# ------------------------------------------------------------- the command


def _scan(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["scan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_records_stream_as_json_lines_and_a_flagged_archive_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _scan([str(_archive(tmp_path)), "--jobs", "1"], capsys)
    records = _records(out)
    assert code == 1
    assert [r["id"] for r in records] == ["trade-0", "plain-0"]
    assert records[0]["inconsistent"] >= 1 and records[1]["inconsistent"] == 0


def test_an_archive_with_nothing_wrong_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _jsonl(tmp_path / "a.jsonl", [{"text": PLAIN}])
    assert _scan([str(path), "-j", "1"], capsys)[0] == 0


def test_an_empty_archive_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = _scan([str(tmp_path / "empty")], capsys)
    assert (code, out) == (2, "")
    assert err == f"cnii: error: no articles in {tmp_path / 'empty'}\n"


def test_the_table_ranks_the_flagged_articles_and_gives_the_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = _scan([str(_archive(tmp_path, 2)), "--format", "table", "-j", "1"], capsys)
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "Articles whose numbers do not add up, largest gap first"
    assert lines[1].startswith("1. trade-0: ") and any(
        line.startswith("2. trade-1: ") for line in lines
    )
    assert "plain-0" not in out
    assert out.endswith(
        "4 articles, 2 with at least one inconsistency (2 only by checks cnii"
        " proposed,\nnot reviewed yet)\n"
    )
    assert max(len(line) for line in lines) <= 80


def test_jobs_give_the_records_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = str(_archive(tmp_path, 3))
    one = _records(_scan([archive, "-j", "1"], capsys)[1])
    two = _records(_scan([archive, "-j", "2"], capsys)[1])
    assert sorted(two, key=lambda r: r["source"]) == sorted(one, key=lambda r: r["source"])


def test_an_output_folder_holds_records_drafts_pages_and_an_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    code, out, _ = _scan([str(_archive(tmp_path)), "-j", "1", "-o", str(folder)], capsys)
    assert code == 1
    assert (folder / "records.jsonl").read_text(encoding="utf-8") == out
    trade = scanning.slug("trade-0", f"{tmp_path / 'archive.jsonl'}:1")
    plain = scanning.slug("plain-0", f"{tmp_path / 'archive.jsonl'}:2")
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "records.jsonl",
            "index.html",
            *(f"{trade}.{s}" for s in ("txt", "toml", "html")),
            f"{plain}.txt",
            f"{plain}.toml",
        ]
    )
    assert f'href="{trade}.html"' in (folder / "index.html").read_text(encoding="utf-8")
    # each draft is checked by cnii check as it is, beside its article
    assert main(["check", "-f", str(folder / f"{trade}.toml"), "--format", "json"]) == 0
    capsys.readouterr()


def test_html_names_the_folder_its_pages_are_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _scan([str(_archive(tmp_path)), "--format", "html"], capsys)
    assert code == 2
    assert err == "cnii: error: --format html links each article's page in --output DIR: name it\n"
    code, out, _ = _scan(
        [str(_archive(tmp_path)), "--format", "html", "-o", str(tmp_path / "o"), "-j", "1"], capsys
    )
    assert code == 1 and out == (tmp_path / "o" / "index.html").read_text(encoding="utf-8")


def test_a_folder_that_holds_a_scan_is_resumed_or_started_again_never_mixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, folder = str(_archive(tmp_path, 2)), str(tmp_path / "out")
    _scan([archive, "-j", "1", "-o", folder], capsys)
    whole = (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8")
    code, out, err = _scan([archive, "-o", folder], capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"cnii: error: {folder}: holds a scan: continue it with --resume,"
        " or start again with --force\n"
    )
    # cut short after two records and half of the third, as an interruption leaves it
    lines = whole.splitlines(keepends=True)
    (tmp_path / "out" / "records.jsonl").write_text(
        "".join(lines[:2]) + lines[2][:20], encoding="utf-8"
    )
    code, out, _ = _scan([archive, "-j", "1", "-o", folder, "--resume"], capsys)
    assert code == 1
    assert [r["id"] for r in _records(out)] == ["trade-1", "plain-1"]  # only the rest
    assert (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8") == whole
    code, out, _ = _scan([archive, "-j", "1", "-o", folder, "--force"], capsys)
    assert (tmp_path / "out" / "records.jsonl").read_text(encoding="utf-8") == whole


def test_a_path_that_is_not_there_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _scan([str(_archive(tmp_path)), str(tmp_path / "typo")], capsys)
    assert (code, out) == (2, "")
    assert err == f"cnii: error: {tmp_path / 'typo'}: no such file or directory\n"


def test_resume_needs_the_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _scan([str(_archive(tmp_path)), "--resume"], capsys)
    assert (code, err) == (2, "cnii: error: --resume continues the scan in --output DIR: name it\n")


@pytest.mark.slow
def test_ctrl_c_loses_nothing_finished_and_resume_completes_the_scan(tmp_path: Path) -> None:
    archive, folder = str(_archive(tmp_path, 12)), tmp_path / "out"
    command = [sys.executable, "-m", "cnii", "scan", archive, "-o", str(folder), "-j", "2"]
    records = folder / "records.jsonl"
    running = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and running.poll() is None:
        if records.exists() and records.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.05)
    running.send_signal(signal.SIGINT)
    _, err = running.communicate(timeout=120)
    assert running.returncode in (130, 1), err  # 1: it finished before the signal came
    assert b"Traceback" not in err
    kept = records.read_bytes()
    assert kept.count(b"\n") >= 3
    subprocess.run([*command, "--resume"], check=False, capture_output=True, timeout=300)
    resumed = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    sources = [r["source"] for r in resumed]
    assert len(sources) == len(set(sources)) == 24  # every article once, none twice
    fresh = tmp_path / "fresh"
    subprocess.run(
        [*command[:-4], "-o", str(fresh), "-j", "1"], check=False, capture_output=True, timeout=300
    )
    alone = [
        json.loads(line)
        for line in (fresh / "records.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert sorted(resumed, key=lambda r: r["source"]) == sorted(alone, key=lambda r: r["source"])


@pytest.mark.slow
def test_a_dask_cluster_gives_the_records_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    distributed = pytest.importorskip("distributed")
    archive = str(_archive(tmp_path, 3))
    alone = _records(_scan([archive, "-j", "1"], capsys)[1])
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        code, out, _ = _scan([archive, "--dask", cluster.scheduler_address], capsys)
    assert code == 1
    by_source = sorted(_records(out), key=lambda r: r["source"])
    assert by_source == sorted(alone, key=lambda r: r["source"])


def test_a_bound_that_fails_reads_as_a_sentence() -> None:
    text = "Income was USD 6.02 billion, with profits of USD 139.80 billion, in 2020."
    (found,) = scan_article(Article("a", "a.txt", text)).record["findings"]
    assert found["explanation"].startswith(
        "The figures give 139.8 billion USD, not at most 6.02 billion USD (ratio 23.2"
    )


def test_the_index_page_escapes_what_articles_say(tmp_path: Path) -> None:
    from cnii.render import scan as shown

    summary = shown.Summary()
    record = scan_article(Article('<script>alert("x")</script>', "a.txt", TRADE, title="<b>T</b>"))
    summary.add(record.record, 'x.html" onmouseover="alert(1)')
    page = io.StringIO()
    shown.index(summary, page)
    assert "<script>" not in page.getvalue() and "<b>" not in page.getvalue()
    assert 'href="x.html&quot; onmouseover=&quot;alert(1)"' in page.getvalue()


def test_a_dask_scheduler_out_of_reach_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")

    def unreachable(address: str, timeout: str) -> None:
        raise OSError(f"Timed out trying to connect to {address} after {timeout}")

    monkeypatch.setattr(distributed, "Client", unreachable)
    code, out, err = _scan([str(_archive(tmp_path)), "--dask", "tcp://10.0.0.1:8786"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "cnii: error: cannot reach the Dask scheduler at tcp://10.0.0.1:8786: "
        "Timed out trying to connect to tcp://10.0.0.1:8786 after 20s\n"
    )
