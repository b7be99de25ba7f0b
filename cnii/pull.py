"""``cnii refs pull SOURCE KEY``: a reference pack written from an official
source's SDMX data, with the source's own metadata as provenance.

The only code of cnii that touches the network, and only when that command
runs: ``sdmx1`` (the ``pull`` extra) asks the source for the data of one
series key of a dataflow, or reads a response recorded in a file
(``--file``), through the same conversion. Each observation becomes a
reference: its value as the source published it, its period, the unit the
series states (a currency pair, a currency with its power of ten) or the
one given with ``--unit``, the source and title of the series, the date
the source prepared the message, and a vintage from the observation's
status. The pack is loaded by cnii's own loader before it is written: a
response cnii cannot read whole is an error, never a pack of guesses.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from cnii.draft.model import quote
from cnii.errors import FactFileError, ReferenceDataError, SchemaError, UnknownNameError
from cnii.factbase import parse

# SDMX's code list of observation statuses (CL_OBS_STATUS), as vintages
_STATUSES = {"A": "confirmed", "P": "preliminary", "E": "preliminary", "F": "forecast"}
_SCALES = {0: "", 3: "thousand ", 6: "million ", 9: "billion ", 12: "trillion "}
_CODE = re.compile(r"[A-Z]{3}")
_KEY = re.compile(r"([A-Za-z0-9_@$-]+)/([A-Za-z0-9_.+@$-]*)")


def pull(source: str, key: str, recorded: str | None = None, unit: str | None = None) -> str:
    """The pack (TOML) of the series ``key`` ("EXR/M.USD.EUR.SP00.A": a
    dataflow and a series key) of the SDMX ``source`` ("ECB", "WB_WDI",
    "IMF", "ESTAT", "OECD", "UNSD", ...), from the network, or from the
    response recorded in the file ``recorded``."""
    found = _KEY.fullmatch(key.strip())
    if found is None:
        raise SchemaError(
            f"KEY is a dataflow and a series key, such as EXR/M.USD.EUR.SP00.A, not {key!r}"
        )
    flow, series_key = found.groups()
    message, url = _message(source, flow, series_key, recorded)
    text = "".join(_pack(message, source, key, url, unit, recorded or "the response"))
    try:  # what cnii cannot load whole is never written
        parse(text, f"the pack of {source} {key}")
    except (SchemaError, FactFileError, ReferenceDataError) as error:
        raise ReferenceDataError(f"the pulled data make no pack cnii can load: {error}") from None
    return text


def _message(
    source: str, flow: str, series_key: str, recorded: str | None
) -> tuple[Any, str | None]:
    import importlib

    try:  # untyped: sdmx1's calls are used as documented, through Any
        sdmx: Any = importlib.import_module("sdmx")
    except ImportError:
        raise ReferenceDataError(
            "cnii refs pull needs the pull extra: pip install 'cnii[pull]'"
        ) from None
    if recorded is not None:
        try:
            # sdmx1's reader prints its state to standard output when a
            # message is cut short: that is no report of cnii's
            with open(recorded, "rb") as stream, contextlib.redirect_stdout(io.StringIO()):
                return sdmx.read_sdmx(stream), None
        except OSError as error:
            raise FactFileError(f"cannot read: {error.strerror}", file=recorded) from None
        except Exception as error:  # sdmx1's many parse errors: one line, with the reason
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            raise FactFileError(
                f"not an SDMX message sdmx1 reads: {reason}", file=recorded
            ) from None
    try:
        client = sdmx.Client(source)
    except Exception:
        known = ", ".join(sorted(sdmx.list_sources()))
        raise UnknownNameError(f"sdmx1 knows no source {source!r} (it knows: {known})") from None
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            message = client.data(flow, key=series_key)
    except Exception as error:  # no network, an unknown flow or key: the source's words
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise ReferenceDataError(
            f"cannot pull {flow}/{series_key} from {source}: {reason}"
        ) from None
    response = getattr(message, "response", None)
    return message, getattr(response, "url", None)


def _pack(
    message: Any, source: str, key: str, url: str | None, unit: str | None, where: str
) -> Iterator[str]:
    flow = key.partition("/")[0]
    header = getattr(message, "header", None)
    prepared = getattr(header, "prepared", None)
    if not isinstance(prepared, datetime.datetime):
        raise ReferenceDataError(
            f"{where} says not when it was prepared: no date to give its figures"
        )
    sender = getattr(getattr(header, "sender", None), "id", None) or source
    day = prepared.date().isoformat()
    datasets = getattr(message, "data", None) or []
    if not datasets or not any(dataset.series for dataset in datasets):
        raise ReferenceDataError(f"{where} holds no series")
    yield (
        f"# A reference pack pulled by cnii refs pull {source} {key}: SDMX data\n"
        f"# of {sender}, prepared {prepared.isoformat()}. Include it with\n"
        '# include = ["THIS FILE"]; pull it again to update it.\n'
    )
    for dataset in datasets:
        for series_key, observations in dataset.series.items():
            dims = {name: str(value.value) for name, value in series_key.values.items()}
            attrs = {name: str(getattr(v, "value", v)) for name, v in series_key.attrib.items()}
            code = ".".join(dims.values())
            measured = unit or _unit_of(dims, attrs, f"{where}, series {code}")
            title = attrs.get("TITLE_COMPL") or attrs.get("TITLE") or code
            said = f"{sender}, {flow} {code}: {title} (SDMX data prepared {day})"
            for observation in observations:
                yield _entry(observation, sender, flow, code, measured, said, day, url, title)


def _unit_of(dims: dict[str, str], attrs: dict[str, str], where: str) -> str:
    """The unit a series states: a currency per another (an exchange rate),
    or a currency with its power of ten (UNIT_MULT)."""
    if _CODE.fullmatch(dims.get("CURRENCY", "")) and _CODE.fullmatch(
        dims.get("CURRENCY_DENOM", "")
    ):
        return f"{dims['CURRENCY']} / {dims['CURRENCY_DENOM']}"
    code = attrs.get("UNIT_MEASURE") or attrs.get("UNIT") or ""
    power = attrs.get("UNIT_MULT", "0")
    if _CODE.fullmatch(code) and power.isdigit() and int(power) in _SCALES:
        return f"{_SCALES[int(power)]}{code}"
    raise ReferenceDataError(f"{where} states no unit cnii reads: give it with --unit")


def _entry(
    observation: Any,
    sender: str,
    flow: str,
    code: str,
    unit: str,
    said: str,
    day: str,
    url: str | None,
    title: str,
) -> str:
    period = str(observation.dim.values["TIME_PERIOD"].value)
    try:
        value = (
            Decimal(repr(observation.value))
            if isinstance(observation.value, float)
            else Decimal(str(observation.value))
        )
    except InvalidOperation:
        raise ReferenceDataError(
            f"{code} {period}: {observation.value!r} is not a number"
        ) from None
    if not value.is_finite():
        raise ReferenceDataError(f"{code} {period}: no value published")
    attached = {
        name: str(getattr(v, "value", v)) for name, v in observation.attached_attribute.items()
    }
    status = _STATUSES.get(attached.get("OBS_STATUS", "A"), "confirmed")
    lines = [
        f"\n[references.{_id(sender, flow, code, period)}]\n",
        f'value = "{value:f} {unit}"\n',
        f'period = "{period}"\n',
        f"source = {quote(said)}\n",
        *([f"url = {quote(url)}\n"] if url and url.startswith(("https://", "http://")) else []),
        f"date = {day}\n",
        f'status = "{status}"\n',
        f"statement = {quote(f'{title}, {period}.')}\n",
        'unchecked = "A reference pack: figures for the checks that need them."\n',
    ]
    return "".join(lines)


def _id(sender: str, flow: str, code: str, period: str) -> str:
    """An entry id of at most 64 characters that keeps the period whole."""

    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")

    when = slug(period)
    series = slug(f"{sender}_{flow}_{code}")[: 63 - len(when)].rstrip("_")
    entry_id = f"{series}_{when}"
    return entry_id if entry_id[0].isalpha() else f"s{entry_id}"[:64]
