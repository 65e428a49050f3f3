"""Run by test_indicators.py in a fresh interpreter: declares one new rate in indicators/
(as a contributor would add one entry), then builds, publishes and serves a small database
and prints, as JSON, where the new rate turns up. Nothing else of the project is touched."""

import json
import sys
from pathlib import Path

import indicators

TOY = indicators.Indicator(
    "exit_rate", ("Exit rate", "脱贫率"), ("", ""), indicators.RATE,
    ("people exiting in the year over the people poor at some time in it",
     "当年脱贫人口占年内贫困人口的比例"), "share",
    "exited_people", "poor_people_in_year", on_map=True)
indicators.INDICATORS = (*indicators.INDICATORS, TOY)

# Imported after the declaration, as the app is started after the registry is edited.
import duckdb  # noqa: E402

from dashboard.app import create_app  # noqa: E402
from layouts import ids  # noqa: E402
from layouts.indicators import offered  # noqa: E402
from layouts.map_page import export_table, table_rows  # noqa: E402
from warehouse.build import build_synthetic  # noqa: E402
from warehouse.progress import Progress  # noqa: E402
from warehouse.publish import publish  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from roles import callback  # noqa: E402

folder, boundaries = Path(sys.argv[1]), Path(sys.argv[2])
full, public = folder / "toy.duckdb", folder / "toy-public.duckdb"
build_synthetic(full, boundaries, scale=0.001, seed=7, progress=Progress(quiet=True))
publish(full, public, progress=Progress(quiet=True))

app = create_app(full)
db = app.server.config["DATABASE"]
frame = db.run("county_values", year=2017).frame
response = callback(app.server.test_client(),
                    f"..{ids.MAP_GRAPH}.figure...{ids.MAP_DRAWN_YEAR}.data..",
                    [(ids.MAP_INDICATOR, "value", "exit_rate"), (ids.MAP_YEAR, "value", 2017)],
                    [(ids.MAP_URL, "search", "")])
with duckdb.connect(str(full), read_only=True) as con:
    by_hand = con.execute("""
        select sum(exited_people) / sum(poor_people_in_year)
        from county_year where province_adcode = '520000' and year = 2017""").fetchone()
    province = con.execute("""select exit_rate from province_year
                              where adcode = '520000' and year = 2017""").fetchone()[0]
with duckdb.connect(str(public), read_only=True) as con:
    published = con.execute("""
        select count(*) filter (where exit_rate is not null),
               -- 0 over any count tells nothing of it: only other values must go
               count(*) filter (where exit_rate <> 0 and (exited_people is null
                                                          or poor_people_in_year is null)),
               max(abs(exit_rate - round(exit_rate, 3)))
        from county_year""").fetchone()
    public_province = con.execute("""select exit_rate from province_year
                                     where adcode = '520000' and year = 2017""").fetchone()[0]
operations = response.get_json()["response"][ids.MAP_GRAPH]["figure"]["operations"]
print(json.dumps({
    "offered": [i.key for i in offered()],
    "map_status": response.status_code,
    "map_title": next(op["params"]["value"]["title"]["text"] for op in operations
                      if op["location"][-1] == "colorbar"),
    "table_values": [row.get("value") for row in table_rows(frame, "exit_rate", "zh")][:5],
    "export_columns": list(export_table(frame, "exit_rate", "en").columns),
    "province_rate": province, "province_by_hand": by_hand[0],
    "comparison_columns": list(db.run("province_comparison", province="520000").frame.columns),
    "published_values": published[0], "published_beside_withheld_counts": published[1],
    "published_unrounded": published[2], "public_province_rate": public_province,
}, default=float))
