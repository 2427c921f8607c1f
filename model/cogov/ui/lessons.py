"""Guided lesson plans: TOML files a trainer can write (``lessons/*.toml``).

A lesson is a title, a summary and a list of steps; each step applies settings with one
click (a scenario, its seed, a reference, ``set`` overrides), runs a number of weeks, asks
the class a question and reveals the answer once the run has reached those weeks. The
schema (:class:`Lesson`) rejects unknown keys and wrong types, naming the file and the key.

Example (``lessons/points_backfire.toml``)::

    title = "Why points can backfire"
    title_zh = "为什么积分可能适得其反"

    [[steps]]
    title = "Points are paid"
    scenario = "point_incentives"
    weeks = 104
    question = "Does participation rise? Whose?"
    answer = "..."
    [steps.set]
    "mechanisms.point_incentives.end_week" = 60
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cogov.errors import InputError
from cogov.files import data_dir, read_toml
from cogov.ui.controller import BASELINE, LiveSettings, scenario_info
from cogov.ui.labels import Lang
from cogov.ui.messages import strip_paths


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class LessonStep(_Strict):
    """One step of a lesson."""

    title: str = Field(max_length=200)
    title_zh: str = Field("", max_length=200)
    scenario: str = Field(max_length=100)
    reference: str = Field(BASELINE, max_length=100)
    seed: int | None = Field(None, ge=0)
    households: int | None = Field(None, ge=100, le=10000)
    weeks: int = Field(104, ge=1, le=520)
    set: dict[str, bool | int | float | str] = Field(default_factory=dict)
    question: str = Field(max_length=2000)
    question_zh: str = Field("", max_length=2000)
    answer: str = Field(max_length=4000)
    answer_zh: str = Field("", max_length=4000)

    def text(self, field: str, lang: Lang) -> str:
        """A text field in ``lang`` (falls back to English)."""
        zh = getattr(self, f"{field}_zh")
        return zh if lang == "zh" and zh else getattr(self, field)

    def settings(self) -> LiveSettings:
        """The live page's settings this step applies."""
        base = LiveSettings.for_scenario(self.scenario, seed=self.seed, reference=self.reference)
        values = dict(base.values)
        extra = []
        for key, value in self.set.items():
            if key in values:
                values[key] = value
            else:
                text = ("true" if value else "false") if isinstance(value, bool) else value
                extra.append(f"{key}={text!r}" if isinstance(value, str) else f"{key}={text}")
        from dataclasses import replace

        return replace(
            base,
            values=values,
            extra="\n".join(extra),
            households=self.households or base.households,
        )


class Lesson(_Strict):
    """A guided lesson plan."""

    title: str = Field(max_length=200)
    title_zh: str = Field("", max_length=200)
    summary: str = Field("", max_length=4000)
    summary_zh: str = Field("", max_length=4000)
    steps: list[LessonStep] = Field(min_length=1, max_length=20)
    name: str = ""

    def text(self, field: str, lang: Lang) -> str:
        """A text field in ``lang`` (falls back to English)."""
        zh = getattr(self, f"{field}_zh")
        return zh if lang == "zh" and zh else getattr(self, field)


def lessons_dir() -> Path:
    """The folder of the shipped lesson plans."""
    return data_dir("lessons")


def load_lesson(path: Path) -> Lesson:
    """Read and check one lesson file.

    Raises:
        InputError: naming the file (not its folder), the key and what is allowed.
    """
    raw: dict[str, Any] = read_toml(path, "lesson")
    raw.pop("name", None)
    try:
        lesson = Lesson.model_validate({**raw, "name": path.stem})
    except ValidationError as exc:
        problems = [
            f"{path.name}: key '{'.'.join(str(p) for p in err['loc'])}': {err['msg']}"
            for err in exc.errors()[:10]
        ]
        raise InputError(problems) from None
    for i, step in enumerate(lesson.steps):
        for name in {step.scenario, step.reference}:
            try:
                scenario_info(name)
            except InputError:
                raise InputError(
                    f"{path.name}: key 'steps.{i}.scenario' has value '{name}'; allowed: a "
                    "shipped scenario's name"
                ) from None
    return lesson


def list_lessons() -> tuple[list[Lesson], list[str]]:
    """Every shipped lesson that loads, and a message for each that does not."""
    lessons, problems = [], []
    for path in sorted(lessons_dir().glob("*.toml")):
        try:
            lessons.append(load_lesson(path))
        except InputError as exc:
            problems.extend(strip_paths(p) for p in exc.problems)
    return lessons, problems
