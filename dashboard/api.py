"""A read-only data API: every query the pages use, at /api/<query>.csv, .json or .parquet.

    pd.read_csv("http://HOST/api/county_values.csv?year=2017")

The query's parameters come from the query string. Each request goes through the same
door as the pages (dashboard/db.py): the access guard, the build-keyed cache, the time
limit and the row cap, on the reader's edition (a visitor to an official site, and every
reader of a public site, reads the public edition, and only its public queries). On a
public site the API is rate-limited like the pages' callbacks. /api lists every query the
reader may run with its definition, units, columns and parameters, from the SQL headers.
"""

import io
import json
import math
import re

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from flask import Flask, Response, request

import queries
from dashboard import access, settings
from dashboard.db import BadParameters, Database
from dashboard.security import client_ip, rate_limit, short
from layouts.export import source_note
from queries import thresholds

PREFIX = "/api"
FORMATS = ("csv", "json", "parquet")
MAX_VALUE = 64  # characters of a parameter value: a code, a year or a number
# Query-string values are text. These parameters are numbers where the pages pass numbers,
# so the guard, the cache and DuckDB see exactly what the pages send; the rest are text.
WHOLE_NUMBERS = {"year", "village_id"} | thresholds.COUNTS
ADCODES = {"adcode", "province"}  # six digits: anything else names no place, so is refused
DECIMALS = (set(thresholds.INTEGRITY) | set(thresholds.MONITORING)) - thresholds.COUNTS
WHOLE = re.compile(r"-?[0-9]{1,12}")
# For the listing's example addresses only.
EXAMPLES = {"year": "2017", "adcode": "522722", "province": "520000", "area": "520000",
            "village_id": "1"}


def configured() -> dict:
    """The thresholds in force: what a threshold parameter is when the address leaves it out,
    as on the pages."""
    return thresholds.integrity() | thresholds.monitoring()


def parameters(query: queries.Query, args) -> dict:
    """The query's parameters from a query string, typed as the pages pass them; BadParameters
    naming the parameter and what is wrong with it."""
    unknown = sorted(set(args) - set(query.params))
    if unknown:
        takes = ", ".join(query.params) or "no parameters"
        raise BadParameters(f"{query.name} takes {takes}; not {', '.join(unknown)}")
    defaults = configured()
    params = {}
    for name, meaning in query.params.items():
        values = args.getlist(name)
        if not values and name in defaults:
            params[name] = defaults[name]
            continue
        if not values:
            raise BadParameters(f"{query.name} needs {name} ({meaning})")
        if len(values) > 1:
            raise BadParameters(f"give {name} once, not {len(values)} times")
        params[name] = _typed(name, values[0], meaning)
    return params


def _typed(name: str, text: str, meaning: str):
    if len(text) > MAX_VALUE:
        raise BadParameters(f"{name} is longer than {MAX_VALUE} characters")
    if name in ADCODES and not access.is_adcode(text):
        raise BadParameters(f"{name} must be a 6-digit adcode ({meaning}), not {text!r}")
    if name in WHOLE_NUMBERS:
        if not WHOLE.fullmatch(text):
            raise BadParameters(f"{name} must be a whole number ({meaning}), not {text!r}")
        return int(text)
    if name in DECIMALS:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise BadParameters(f"{name} must be a number ({meaning}), not {text!r}")
        return value
    return text


def as_csv(frame: pd.DataFrame) -> str:
    """Plain CSV, the header first: nested values (the public edition's `suppressed`) as JSON,
    and counts as whole numbers (a count column with an empty cell comes out of DuckDB as
    floats: 37.0)."""
    nested = [c for c in frame.columns
              if frame[c].map(lambda v: isinstance(v, (dict, list))).any()]
    whole = [c for c in frame.select_dtypes("float").columns
             if frame[c].isna().any() and (frame[c].dropna() % 1 == 0).all()]
    frame = frame.assign(**{c: frame[c].map(_json_or_none) for c in nested},
                         **{c: frame[c].astype("Int64") for c in whole})
    return frame.to_csv(index=False)


def _json_or_none(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return value


def _plain(value):
    return value.tolist() if hasattr(value, "tolist") else str(value)


def as_parquet(frame: pd.DataFrame, source: str, build_id: str) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = {**(table.schema.metadata or {}), b"poverty.source": source.encode(),
                b"poverty.build": build_id.encode()}
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(metadata), buffer)
    return buffer.getvalue()


def answer(db: Database, name: str, fmt: str) -> Response:
    """One query through the door, in one format."""
    query = queries.indicators().get(name)
    if query is None or fmt not in FORMATS:
        return short(404, f"No such data: {PREFIX}/{name}.{fmt}. {PREFIX} lists what there is.")
    params = parameters(query, request.args)
    frame = db.run(name, **params).frame
    source = source_note(db.is_synthetic, db.build_id, f"query {name}", params)
    stem = "_".join([name, *(f"{k}-{v}" for k, v in request.args.items())])
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", stem)[:120]
    if fmt == "csv":
        response = Response(as_csv(frame), mimetype="text/csv")
        response.charset = "utf-8"
    elif fmt == "json":
        response = Response(frame.to_json(orient="records", force_ascii=False,
                                          date_format="iso"), mimetype="application/json")
    else:
        response = Response(as_parquet(frame, source, db.build_id),
                            mimetype="application/vnd.apache.parquet")
    response.headers["Content-Disposition"] = f'inline; filename="{stem}.{fmt}"'
    response.headers["X-Poverty-Source"] = source.encode("ascii", "replace").decode()
    response.headers["X-Poverty-Build"] = db.build_id
    response.headers["Cache-Control"] = "private, no-store"
    return response


def listing(db: Database) -> Response:
    """Every query the reader may run, with its definition from its SQL header."""
    user = access.current_user()
    entries = []
    for query in queries.indicators().values():
        if not user.reaches(query.access):
            continue
        example = "&".join(f"{p}={EXAMPLES[p]}" for p in query.params if p in EXAMPLES)
        entries.append({
            "name": query.name,
            "definition": query.definition,
            "definition_zh": query.definition_zh,
            "units": query.units,
            "columns": query.columns,
            "parameters": query.params,
            "parameters_defaulted": sorted(set(query.params) & set(configured())),
            "access": query.access,
            "urls": {fmt: f"{PREFIX}/{query.name}.{fmt}" + (f"?{example}" if example else "")
                     for fmt in FORMATS},
        })
    body = {
        "about": ("Read-only data: every query the dashboard's pages use, with its "
                  "parameters in the query string. Threshold parameters default to the "
                  "thresholds in force. Answers are capped at "
                  f"{db.row_cap:,} rows."),
        "synthetic": db.is_synthetic,
        "build": db.build_id,
        "edition": db.build.get("edition", "full"),
        "formats": list(FORMATS),
        "queries": entries,
    }
    return Response(json.dumps(body, ensure_ascii=False, indent=1),
                    mimetype="application/json")


def install(server: Flask, database, public: bool) -> None:
    """The /api routes; `database()` is the reader's database. On a public site, the same
    per-address limit as the pages' callbacks (counted apart from them)."""
    server.add_url_rule(PREFIX, "api", lambda: listing(database()))
    server.add_url_rule(f"{PREFIX}/<name>.<fmt>", "api_query",
                        lambda name, fmt: answer(database(), name, fmt))
    # Anything else under /api is not a page of the app either.
    server.add_url_rule(f"{PREFIX}/<path:rest>", "api_none", lambda rest: short(
        404, f"No such data: {PREFIX}/{rest[:100]}. {PREFIX} lists what there is."))
    if public:
        limit = rate_limit(settings.callbacks_per_minute(), "api")

        @server.before_request
        def limit_api():
            if request.path.startswith(PREFIX) and not limit.allow(client_ip()):
                return short(429, "Too many requests: wait a minute. 请求过多，请稍候。")
