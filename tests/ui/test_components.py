"""The app's components rendered without a browser (``solara.render``, as Mesa's own tests do)."""

import importlib.util
import sys
import time
from pathlib import Path

import ipyvuetify as vw
import pytest
import solara

import cogov.ui.components as components
from cogov.ui.controller import LiveController, LiveSettings

ROOT = Path(__file__).resolve().parents[2]


def _all(widget, cls):
    out = []

    def walk(w):
        if isinstance(w, cls):
            out.append(w)
        for child in getattr(w, "children", None) or []:
            if hasattr(child, "children") or isinstance(child, cls):
                walk(child)

    walk(widget)
    return out


def _text(widget) -> str:
    bits = []

    def walk(w):
        for attr in ("label", "v_model", "value", "unsafe_innerHTML"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                bits.append(v)
        for child in getattr(w, "children", None) or []:
            if isinstance(child, str):
                bits.append(child)
            else:
                walk(child)

    walk(widget)
    return " ".join(bits)


@pytest.fixture
def small(monkeypatch):
    """The app opens on a small community, so rendering tests are quick."""
    settings = LiveSettings(
        scenario="baseline",
        seed=5,
        households=300,
        values=LiveSettings.for_scenario("baseline").values,
    )
    monkeypatch.setattr(components, "default_settings", lambda: settings)
    return settings


def _click(box, text):
    btns = [b for b in _all(box, vw.Btn) if text in str(b.children)]
    assert btns, f"no button {text!r}"
    btns[0].click()


def _until(box, check, seconds: float = 60.0) -> str:
    """The page's text once ``check(text)`` holds (long actions run in the background)."""
    deadline = time.time() + seconds
    text = _text(box)
    while not check(text) and time.time() < deadline:
        time.sleep(0.1)
        text = _text(box)
    assert check(text), text[:500]
    return text


def test_app_steps_switches_language_and_shows_errors(small):
    box, rc = solara.render(components.App(), handle_error=False)
    html_text = _text(box)
    assert "实时模拟" in html_text and "第0周" in html_text
    _click(box, "单步")
    assert "第1周" in _text(box)
    _click(box, "+1年")
    _until(box, lambda t: "第53周" in t and "正在模拟" not in t)
    _click(box, "English")  # drawn by the year's thread if it is still drawing the year
    _until(box, lambda t: "Live" in t and "Week 53" in t and "Scenario" in t and "讲义" not in t)
    # A value the model rejects: a readable message, no traceback, and reset recovers.
    areas = [w for w in _all(box, vw.Textarea)]
    assert areas
    areas[0].v_model = "needs.rate_scal=2"
    areas[0].fire_event("focusout", None)
    _click(box, "Reset")
    text = _until(box, lambda t: "cannot use these settings" in t)
    assert "rate_scale" in text
    assert "Traceback" not in text
    areas = [w for w in _all(box, vw.Textarea)]
    areas[0].v_model = ""
    areas[0].fire_event("focusout", None)
    _click(box, "Reset")
    _until(
        box,
        lambda t: (
            "cannot use these settings" not in t
            and "Week 0" in t
            and "Building the community" not in t
        ),
    )
    _click(box, "Step")
    _until(box, lambda t: "Week 1" in t)
    rc.close()


def test_a_long_action_keeps_the_map_and_charts_mounted(small):
    """The progress row of "+1 year" comes and goes above the map: the map keeps its state.

    Unkeyed, the row shifted the map and charts among their siblings, so they were mounted
    anew at every long action: the trainer's map colour was lost, and the map's click
    handler was attached again from the action's thread (once in many runs it then found no
    image, and the events feed was never drawn: a flaky browser test).
    """
    box, rc = solara.render(components.App(), handle_error=False)
    (picker,) = [w for w in _all(box, vw.Select) if "cogov-map-metric" in (w.class_ or "")]
    chosen = picker.items[1]
    picker.v_model = chosen
    (img,) = [w for w in _all(box, vw.Html) if w.class_ == "cogov-map-img"]
    _click(box, "+1年")
    _until(box, lambda t: "第52周" in t and "正在模拟" not in t)
    (picker_after,) = [w for w in _all(box, vw.Select) if "cogov-map-metric" in (w.class_ or "")]
    assert picker_after.v_model == chosen
    assert [w for w in _all(box, vw.Html) if w.class_ == "cogov-map-img"] == [img]
    rc.close()


def test_a_lesson_in_progress_survives_opening_another_page(small):
    """Pages are mounted when first shown; one shown later must not remount the others."""
    box, rc = solara.render(components.App(), handle_error=False)
    _click(box, "教学案例")

    def picker():
        (w,) = [w for w in _all(box, vw.Select) if "cogov-lesson-pick" in (w.class_ or "")]
        return w

    chosen = picker().items[1]
    picker().v_model = chosen
    _click(box, "方案比较")  # first shown now, placed before the lessons page
    _click(box, "教学案例")
    assert picker().v_model == chosen
    rc.close()


def test_a_click_handler_waits_for_its_widget_instead_of_breaking_the_page():
    """``use_click`` on an element not drawn yet: no error; clicks work once it is drawn."""
    clicks = []

    @solara.component
    def Page():
        placed = solara.use_reactive(False)
        img = solara.v.Html(tag="img", class_="probe")
        components.use_click(img, lambda *args: clicks.append(args[2]))
        with solara.Column() as col:
            solara.Button("place", on_click=lambda: placed.set(True))
            if placed.value:
                solara.Div(children=[img])
        return col

    box, rc = solara.render(Page(), handle_error=False)  # handle_error: an effect's error raises
    assert [w for w in _all(box, vw.Html) if w.class_ == "probe"] == []
    _click(box, "place")
    (img,) = [w for w in _all(box, vw.Html) if w.class_ == "probe"]
    img.fire_event("click", {"offsetX": 3})
    assert clicks == [{"offsetX": 3}]
    rc.close()


def test_play_steps_in_the_background(small):
    box, rc = solara.render(components.App(), handle_error=False)
    _click(box, "播放")
    deadline = time.time() + 20
    while time.time() < deadline and "第3周" not in _text(box):
        time.sleep(0.1)
    _click(box, "暂停")
    assert "第0周" not in _text(box)
    rc.close()


def test_importing_app_builds_no_model(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("app.py built a model at import time")

    monkeypatch.setattr(LiveController, "reset", refuse)
    spec = importlib.util.spec_from_file_location("cogov_app_under_test", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    start = time.perf_counter()
    spec.loader.exec_module(module)
    assert time.perf_counter() - start < 5
    assert callable(module.Page)
    sys.modules.pop("cogov_app_under_test", None)


def test_the_server_gets_a_fixed_mmap_threshold_unless_the_environment_sets_one(monkeypatch):
    from cogov.ui.cli import MMAP_THRESHOLD_BYTES, MMAP_THRESHOLD_ENV, server_env

    monkeypatch.delenv(MMAP_THRESHOLD_ENV, raising=False)
    assert server_env()[MMAP_THRESHOLD_ENV] == str(MMAP_THRESHOLD_BYTES)
    assert MMAP_THRESHOLD_ENV not in server_env(mmap_threshold=None)  # glibc's own
    monkeypatch.setenv(MMAP_THRESHOLD_ENV, "65536")  # the operator's choice wins
    assert server_env()[MMAP_THRESHOLD_ENV] == "65536"
    assert MMAP_THRESHOLD_ENV not in server_env(mmap_threshold=None)


def test_cli_registers_app_subcommand():
    import argparse

    from cogov.ui.cli import register, solara_command

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    register(sub)
    args = parser.parse_args(["app"])
    assert args.host == "127.0.0.1" and args.port == 8765 and callable(args.func)
    args = parser.parse_args(["app", "--port", "9000"])
    cmd = solara_command(args.host, args.port)
    assert cmd[-5:] == ["127.0.0.1", "--port", "9000", "--production"][-4:] or "9000" in cmd
    assert cmd[cmd.index("run") + 1] == "cogov.ui.app"  # the packaged module: works from a wheel
