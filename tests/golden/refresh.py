"""Refresh the golden baseline: run only when a change of outputs is intended.

.venv/bin/python tests/golden/refresh.py
"""

from pathlib import Path

from cogov import simulate

GOLDEN = Path(__file__).with_name("baseline_small.csv")
RUN = {
    "scenario": "baseline",
    "steps": 40,
    "seed": 20240601,
    "overrides": {"structure.households_per_community": 800},
}


def main() -> None:
    result = simulate(
        RUN["scenario"], steps=RUN["steps"], seed=RUN["seed"], overrides=RUN["overrides"]
    )
    result.timeseries.to_csv(GOLDEN, index=False, float_format="%.10g")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
