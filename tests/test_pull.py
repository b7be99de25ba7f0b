"""cnii refs pull: a pack from an SDMX source, read here from a recorded
response (examples/sdmx) through the code path of a pull from the
network; no test needs the network."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import cnii
from cnii.cli import main

pytest.importorskip("sdmx")  # the pull extra: in the test extra too

RECORDED = Path(__file__).resolve().parent.parent / "examples" / "sdmx" / "ecb_exr_m_usd_eur.xml"
KEY = "EXR/M.USD.EUR.SP00.A"


def _pull(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["refs", "pull", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_recorded_response_becomes_a_pack_with_its_provenance(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _pull(capsys, "ECB", KEY, "--file", str(RECORDED))
    references = tomllib.loads(out)["references"]
    assert code == 0 and len(references) == 24  # every observation recorded
    first = references["ecb_exr_m_usd_eur_sp00_a_1999_01"]
    assert first == {
        "value": "1.16078 USD / EUR",
        "period": "1999-01",
        "source": "ECB, EXR M.USD.EUR.SP00.A: ECB reference exchange rate, US dollar/Euro, "
        "2:15 pm (C.E.T.) (SDMX data prepared 2020-01-16)",
        "date": __import__("datetime").date(2020, 1, 16),
        "status": "confirmed",
        "statement": "ECB reference exchange rate, US dollar/Euro, 2:15 pm (C.E.T.), 1999-01.",
        "unchecked": "A reference pack: figures for the checks that need them.",
    }
    # each value as the source published it, every digit
    assert references["ecb_exr_m_usd_eur_sp00_a_1999_03"]["value"] == "1.088295652173913 USD / EUR"
    assert all(r["source"] and r["date"] for r in references.values())


def test_a_pulled_pack_is_included_and_checked_like_any_other(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "ecb.toml"
    assert main(["refs", "pull", "ECB", KEY, "--file", str(RECORDED), "-o", str(pack)]) == 0
    facts = tmp_path / "facts.toml"
    facts.write_text(
        'include = ["ecb.toml"]\n[article]\ntitle = "t"\ndate = 2000-01-31\n'
        '[claims.rate]\nprinted = "1.01 dollars"\nvalue = "1.01 USD / EUR"\nperiod = "2000-01"\n'
        'statement = "The euro was worth 1.01 dollars in January 2000."\n'
        '[checks.rate_is_ecb]\nleft = "rate"\nright = "ecb_exr_m_usd_eur_sp00_a_2000_01"\n'
        'statement = "The rate is the ECB average of the month."\n',
        encoding="utf-8",
    )
    report = cnii.check(str(facts))
    (result,) = report.results
    assert result.verdict is cnii.Verdict.CONSISTENT  # 1.013695238095238 rounds to 1.01
    capsys.readouterr()


def test_a_series_that_states_no_unit_needs_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = RECORDED.read_text(encoding="utf-8")
    bare = tmp_path / "bare.xml"
    bare.write_text(
        text.replace('<generic:Value id="CURRENCY_DENOM" value="EUR"/>\n', "").replace(
            '<generic:Value id="UNIT" value="USD"/>\n', ""
        ),
        encoding="utf-8",
    )
    code, out, err = _pull(capsys, "ECB", KEY, "--file", str(bare))
    assert (code, out) == (2, "")
    assert err == (
        f"cnii: error: {bare}, series M.USD.SP00.A states no unit cnii reads: give it with --unit\n"
    )
    code, out, _ = _pull(capsys, "ECB", KEY, "--file", str(bare), "--unit", "USD / EUR")
    assert code == 0 and 'value = "1.16078 USD / EUR"' in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<not sdmx/>", "not an SDMX message sdmx1 reads"),
        ("", "not an SDMX message sdmx1 reads"),
    ],
)
def test_what_is_not_an_sdmx_message_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    code, out, err = _pull(capsys, "ECB", KEY, "--file", str(path))
    assert (code, out) == (2, "")
    assert err.startswith(f"cnii: error: {path}: {reason}") and err.count("\n") == 1


def test_a_truncated_response_never_yields_a_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(RECORDED.read_text(encoding="utf-8")[:4000], encoding="utf-8")
    code, out, err = _pull(capsys, "ECB", KEY, "--file", str(path))
    assert (code, out) == (2, "") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NO_SUCH_SOURCE", KEY], "sdmx1 knows no source 'NO_SUCH_SOURCE' (it knows: "),
        (["ECB", "no key"], "KEY is a dataflow and a series key, such as EXR/M.USD.EUR.SP00.A"),
        (["ECB"], "pull takes SOURCE and KEY"),
    ],
)
def test_a_source_or_key_that_cannot_be_pulled_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _pull(capsys, *args)
    assert (code, out) == (2, "")
    assert message in err and err.count("\n") == 1


def test_no_network_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sdmx

    class Offline:
        def __init__(self, source: str) -> None: ...

        def data(self, flow: str, key: str) -> Any:
            raise ConnectionError("Failed to establish a new connection")

    monkeypatch.setattr(sdmx, "Client", Offline)
    code, out, err = _pull(capsys, "ECB", KEY)
    assert (code, out) == (2, "")
    assert err == (
        "cnii: error: cannot pull EXR/M.USD.EUR.SP00.A from ECB: "
        "Failed to establish a new connection\n"
    )


def test_without_the_extra_pull_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "sdmx", None)  # import sdmx: ImportError
    code, _, err = _pull(capsys, "ECB", KEY, "--file", str(RECORDED))
    assert code == 2
    assert err == "cnii: error: cnii refs pull needs the pull extra: pip install 'cnii[pull]'\n"


def test_the_other_refs_commands_take_no_pull_options(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["refs", "nbs_gdp", "--unit", "USD"])
    _, err = capsys.readouterr()
    assert code == 2 and "go with pull only" in err


def test_a_recorded_sdmx_json_response_gives_a_reference_per_observation_of_each_series(
    capsys: pytest.CaptureFixture[str],
) -> None:
    recorded = RECORDED.with_name("ecb_exr_d_nzd_rub.json")
    code, out, _ = _pull(capsys, "ECB", "EXR/D.NZD+RUB.EUR.SP00.A", "--file", str(recorded))
    references = tomllib.loads(out)["references"]
    assert code == 0
    assert {name: r["value"] for name, r in references.items()} == {
        "ecb_exr_d_nzd_eur_sp00_a_2013_01_18": "1.5931 NZD / EUR",
        "ecb_exr_d_nzd_eur_sp00_a_2013_01_21": "1.5925 NZD / EUR",
        "ecb_exr_d_rub_eur_sp00_a_2013_01_18": "40.3426 RUB / EUR",
        # JSON carries a number, not its digits: 40.3000 is read as 40.3, a
        # wider interval than published, never a narrower one
        "ecb_exr_d_rub_eur_sp00_a_2013_01_21": "40.3 RUB / EUR",
    }
    assert {r["date"].isoformat() for r in references.values()} == {"2012-11-29"}
