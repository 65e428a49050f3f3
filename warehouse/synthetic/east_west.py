"""East–West amounts: for each published pair and year 2016-2020, the fiscal aid and social
donations the east sent, the cadres exchanged, the professionals sent west, the enterprises
brought in and their investment, and the products bought.

Calibration, scaled with the build (reference/published_figures.csv, east_west_*): the
national fiscal aid of 2016-2018 together, of 2019 and of 2020; the social donations and
products sold of 2019; the enterprises and their investment of 2016-2019; Gansu's fiscal
aid, and the cadres and professionals exchanged with it, over the campaign. The nation's
cadres and professionals are Gansu's scaled by its share of the fiscal aid. What is not
published follows ASSUMPTIONS, each with what it rests on.
"""

import numpy as np
import pandas as pd

from warehouse.schema import EAST_WEST_YEARS
from warehouse.synthetic.common import Rand, Targets, largest_remainder, temp_table

YEARS = list(EAST_WEST_YEARS)
GANSU = "甘肃省"
# What is not published, each with what it rests on: (value, basis).
ASSUMPTIONS = {
    "fiscal_2016_2018_split": (
        {2016: 0.2, 2017: 0.3, 2018: 0.5},
        "the 26.57 bn of 2016-2018 is published as one sum; each year is taken to rise "
        "toward 2019's 22.9 bn, as the pairing was scaled up after its adjustment in "
        "December 2016"),
    "products_ramp": (
        {2016: 0.1, 2017: 0.2, 2018: 0.5, 2019: 1.0, 2020: 1.2},
        "products bought per yuan of fiscal aid, against 2019 (published): buying the paired "
        "areas' products (消费扶贫) was made a national policy by the State Council's guidance "
        "of December 2018, and is taken to have grown again in 2020"),
    "pair_weight_power": (
        0.7, "a pair's share is taken to grow with the registered poor of the area helped, "
             "less than proportionally (a helper's budget does not grow with its partner's "
             "needs)"),
    "pair_spread": (0.3, "lognormal sigma of a pair's share around that"),
    "year_spread": (0.15, "lognormal sigma of a pair's year around its share"),
    "amount_spread": (0.3, "lognormal sigma of each other amount around the pair's fiscal aid"),
}
AMOUNTS = ("social_donations_yuan", "enterprise_investment_yuan", "products_bought_yuan")
# People exchanged, and Gansu's published figure each is calibrated to.
GANSU_PEOPLE = {"cadres_to_west": "east_west_cadres_to_gansu",
                "cadres_to_east": "east_west_cadres_from_gansu",
                "professionals_to_west": "east_west_professionals_to_gansu"}


def _assumed(name: str):
    return ASSUMPTIONS[name][0]


def _pairs(con) -> pd.DataFrame:
    """The published pairs with the registered poor of the area each helps (2014 build and
    later additions, before removals)."""
    return con.execute(
        """SELECT p.helper_zh, p.helped_zh, wp.name_zh AS helped_province_zh,
                  coalesce(sum(h.members), 0) AS poor_people
           FROM east_west_pairings p
           JOIN provinces wp ON wp.adcode = p.helped_province_adcode
           LEFT JOIN counties c ON c.province_adcode = p.helped_province_adcode
                AND (p.helped_level = 'province' OR c.prefecture_zh = p.helped_zh)
           LEFT JOIN households h ON h.county_adcode = c.adcode
           GROUP BY ALL ORDER BY p.helper_zh, p.helped_zh""").df()


def _yearly_totals(targets: Targets) -> dict[str, np.ndarray]:
    """National totals per year (scaled), from the published figures and ASSUMPTIONS.

    Social donations per yuan of fiscal aid are 2019's, the one year published, in every
    year; the enterprises and investment of 2016-2019, published as one sum, follow the
    fiscal aid, and 2020's are 2019's scaled by the two years' fiscal aid.
    """
    scale = targets.scale
    split = _assumed("fiscal_2016_2018_split")
    fiscal = np.array([
        targets.value("east_west_fiscal_aid_2016_2018_yuan") * split[y] if y in split
        else targets.value("east_west_fiscal_aid_yuan", y) for y in YEARS]) * scale
    at_2019 = YEARS.index(2019)
    relative = fiscal / fiscal[at_2019]
    ramp = _assumed("products_ramp")
    early = [YEARS.index(y) for y in YEARS if y <= 2019]
    spread = relative / relative[early].sum()
    return {
        "fiscal_aid_yuan": fiscal,
        "social_donations_yuan": targets.value("east_west_social_donations_yuan", 2019)
        * scale * relative,
        "products_bought_yuan": targets.value("east_west_products_sold_yuan", 2019) * scale
        * relative * np.array([ramp[y] / ramp[2019] for y in YEARS]),
        "enterprise_investment_yuan": targets.value(
            "east_west_enterprise_investment_2016_2019_yuan") * scale * spread,
        "enterprises": targets.value("east_west_enterprises_2016_2019") * scale * spread,
    }


def _fiscal_by_pair(pairs: pd.DataFrame, fiscal: np.ndarray, gansu_share: float,
                    rng) -> np.ndarray:
    """Pair x year fiscal aid: each year's national total exactly, Gansu's pairs holding
    `gansu_share` of it (its published aid over the campaign)."""
    weight = (np.maximum(pairs.poor_people.to_numpy(float), 1) ** _assumed("pair_weight_power")
              * rng.lognormal(0, _assumed("pair_spread"), len(pairs)))
    cells = weight[:, None] * rng.lognormal(0, _assumed("year_spread"), (len(pairs), len(YEARS)))
    gansu = (pairs.helped_province_zh == GANSU).to_numpy()
    out = np.zeros_like(cells)
    for group, share in ((gansu, gansu_share), (~gansu, 1 - gansu_share)):
        if group.any():
            out[group] = cells[group] / cells[group].sum(axis=0) * fiscal * share
    return out


def _people(total: int, gansu_total: int, fiscal: np.ndarray, gansu: np.ndarray) -> np.ndarray:
    """Whole people per pair x year, in proportion to the fiscal aid: Gansu's pairs exactly
    `gansu_total`, all pairs exactly `total`."""
    out = np.zeros(fiscal.shape, np.int64)
    for group, count in ((gansu, gansu_total), (~gansu, total - gansu_total)):
        if group.any() and count > 0:
            out[group] = largest_remainder(fiscal[group].ravel(), count).reshape(
                fiscal[group].shape)
    return out


def _enterprises_by_year(expected: np.ndarray, targets: Targets) -> list[int]:
    """Whole enterprises per year: 2016-2019 add up to the published count exactly."""
    early = [i for i, y in enumerate(YEARS) if y <= 2019]
    counts = np.rint(expected).astype(np.int64)
    counts[early] = largest_remainder(expected[early], targets.count(
        "east_west_enterprises_2016_2019"))
    return counts.tolist()


def insert_east_west_amounts(con, targets: Targets, rand: Rand) -> None:
    """One row per published pair and year 2016-2020 (needs the households inserted)."""
    rng = rand.rng("east_west")
    pairs = _pairs(con)
    totals = _yearly_totals(targets)
    gansu_fiscal = targets.value("east_west_fiscal_aid_gansu_yuan") * targets.scale
    gansu_share = gansu_fiscal / totals["fiscal_aid_yuan"].sum()
    fiscal = _fiscal_by_pair(pairs, totals["fiscal_aid_yuan"], gansu_share, rng)
    columns = {"fiscal_aid_yuan": fiscal}
    for name in AMOUNTS:
        cells = fiscal * rng.lognormal(0, _assumed("amount_spread"), fiscal.shape)
        columns[name] = cells / cells.sum(axis=0) * totals[name]
    enterprises = fiscal * rng.lognormal(0, _assumed("amount_spread"), fiscal.shape)
    columns["enterprises"] = np.column_stack([
        largest_remainder(enterprises[:, i], count)
        for i, count in enumerate(_enterprises_by_year(totals["enterprises"], targets))])
    # The nation's people: Gansu's published figures over its share of the fiscal aid.
    gansu = (pairs.helped_province_zh == GANSU).to_numpy()
    for name, figure in GANSU_PEOPLE.items():
        in_gansu = targets.count(figure)
        columns[name] = _people(int(round(in_gansu / gansu_share)), in_gansu, fiscal, gansu)
    frame = pd.DataFrame({
        "helper_zh": np.repeat(pairs.helper_zh.to_numpy(), len(YEARS)),
        "helped_zh": np.repeat(pairs.helped_zh.to_numpy(), len(YEARS)),
        "year": np.tile(YEARS, len(pairs)),
        **{name: np.asarray(values).ravel() for name, values in columns.items()},
    })
    temp_table(con, "_syn_east_west", frame)
    con.execute("""INSERT INTO east_west_amounts BY NAME SELECT * FROM _syn_east_west""")
    con.execute("DROP TABLE _syn_east_west")
