"""What every table family shares: the scaled targets, seeded randomness, and helpers that
round counts so each target is met exactly."""

import hashlib
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

@dataclass(frozen=True)
class Targets:
    """Scaled calibration targets, read from the reference figures."""

    figures: dict
    scale: float

    def value(self, figure: str, year: int = 0) -> float:
        return self.figures[(figure, year)]

    def count(self, figure: str, year: int = 0, factor: float = 1.0) -> int:
        """A scaled count, rounded to the nearest whole unit."""
        return math.floor(self.value(figure, year) * factor * self.scale + 0.5)

    def line(self, year: int) -> float:
        return self.value("poverty_line_yuan", year)


class Rand:
    """Seeded randomness: numpy streams for small tables, salted hashes for SQL rows."""

    def __init__(self, seed: int):
        self.seed = seed

    def rng(self, name: str) -> np.random.Generator:
        """An independent numpy stream per component, so one change does not shift others."""
        return np.random.default_rng([self.seed, self._salt(name)])

    def _salt(self, name: str) -> int:
        digest = hashlib.blake2b(f"{self.seed}:{name}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def u(self, id_expr: str, name: str) -> str:
        """SQL for a uniform in [0, 1) from the row id, independent per column name."""
        # Re-hashing hash(id) XOR salt decorrelates columns; hash(id, salt) does not.
        return (f"((hash(xor(hash({id_expr}), {self._salt(name)}::UBIGINT)) >> 11)::DOUBLE"
                f" / 9007199254740992.0)")

    def normal(self, id_expr: str, name: str) -> str:
        """SQL for a standard normal (Box-Muller) from two hashed uniforms."""
        return (f"(sqrt(-2 * ln(1 - {self.u(id_expr, name + ':r')}))"
                f" * cos(2 * pi() * {self.u(id_expr, name + ':a')}))")


def read_targets(con, scale: float) -> Targets:
    rows = con.execute("SELECT figure, year, value FROM reference_figures").fetchall()
    return Targets({(f, int(y)): v for f, y, v in rows}, scale)


def largest_remainder(weights, total: int) -> np.ndarray:
    """Integers proportional to weights that sum exactly to total."""
    share = np.asarray(weights, float) / np.sum(weights) * total
    base = np.floor(share).astype(np.int64)
    order = np.argsort(-(share - base), kind="stable")
    base[order[: total - base.sum()]] += 1
    return base


def round_rows(expected: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round a matrix row by row so each row sums exactly to its total."""
    base = np.floor(expected).astype(np.int64)
    short = totals - base.sum(axis=1)
    rank = np.argsort(np.argsort(-(expected - base), axis=1, kind="stable"), axis=1)
    return base + (rank < short[:, None])


def fill_to_total(expected, weight, target: int, rng, cap=None) -> np.ndarray:
    """Round expected counts so that sum(weight * count) equals target exactly.

    Cells are rounded down, then topped up one unit at a time in random order
    favouring large fractional parts, skipping units that would overshoot.
    """
    expected = np.asarray(expected, float)
    weight = np.asarray(weight, np.int64)
    cap = np.full(len(expected), np.iinfo(np.int64).max) if cap is None else np.asarray(cap)
    count = np.minimum(np.floor(expected).astype(np.int64), cap)
    remaining = int(target - (weight * count).sum())
    frac = expected - np.floor(expected)
    key = rng.random(len(expected)) ** (1 / np.maximum(frac, 1e-12))
    for order in (np.argsort(-key, kind="stable"), rng.permutation(len(expected))):
        for i in order:
            if remaining == 0:
                return count
            if weight[i] <= remaining and count[i] < cap[i]:
                count[i] += 1
                remaining -= weight[i]
    if remaining:
        raise ValueError(f"cannot reach target {target}: {remaining} left")
    return count


def _ipf(seed: np.ndarray, row_totals, col_totals, iterations: int = 100) -> np.ndarray:
    """Iterative proportional fitting of a positive matrix to both margins."""
    m = seed.astype(float)
    for _ in range(iterations):
        m *= (np.asarray(row_totals) / m.sum(axis=1))[:, None]
        m *= np.asarray(col_totals) / m.sum(axis=0)
    return m


def quota_matrix(seed: np.ndarray, row_totals, col_totals, rng) -> np.ndarray:
    """Integer matrix with exact row and column totals, close to the IPF fit of seed."""
    q = round_rows(_ipf(seed, row_totals, col_totals), np.asarray(row_totals))
    dev = q.sum(axis=0) - np.asarray(col_totals)
    while dev.any():
        src, dst = int(np.argmax(dev)), int(np.argmin(dev))
        donors = np.flatnonzero(q[:, src] > 0)
        rows = rng.choice(donors, size=min(dev[src], -dev[dst], len(donors)), replace=False)
        q[rows, src] -= 1
        q[rows, dst] += 1
        dev[src] -= len(rows)
        dev[dst] += len(rows)
    return q


def draw(shares: dict, size: int, rng) -> np.ndarray:
    """Draw keys of `shares` with the given probabilities."""
    keys = list(shares)
    p = np.array([shares[k] for k in keys], float)
    return np.array(keys)[rng.choice(len(keys), size=size, p=p / p.sum())]


def pick_sql(u: str, shares: dict) -> str:
    """SQL choosing a key of `shares` with its probability, from the uniform `u`."""
    keys, p = list(shares), np.array(list(shares.values()), float)
    cuts = np.cumsum(p / p.sum())[:-1]
    whens = " ".join(f"WHEN {u} < {float(c)!r} THEN '{k}'" for k, c in zip(keys, cuts))
    return f"CASE {whens} ELSE '{keys[-1]}' END"


def temp_table(con, name: str, frame: pd.DataFrame) -> None:
    con.register("_syn_frame", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _syn_frame")
    con.unregister("_syn_frame")


def lognormal_below(median: np.ndarray, sigma: float, ceiling: np.ndarray, rng) -> np.ndarray:
    """Lognormal draws around `median`, those at or above `ceiling` drawn again (truncated)."""
    value = median * rng.lognormal(0, sigma, len(median))
    while (over := value >= ceiling).any():
        value[over] = median[over] * rng.lognormal(0, sigma, int(over.sum()))
    return value
