"""Error messages for the page: in the page's language, without server paths or tracebacks.

The engine words its input errors in English, one line per problem, always in the same few
shapes ("key 'x' has value v; allowed: ...", "unknown key 'x' (did you mean 'y'?); allowed
keys in [s]: ..."). :func:`localise` keeps the parts that name the key, the value and what
is allowed, and words the rest in Chinese for a Chinese page. :func:`strip_paths` removes
file system paths from any message.
"""

from __future__ import annotations

import re

from cogov.ui.labels import Lang

#: An absolute path (POSIX or Windows) or a home-relative one, with its file name kept.
_PATH = re.compile(
    r"(?:(?<=[\s'\"(=:])|^)(?:[A-Za-z]:\\|~?/)(?:[^\s'\":;,()]+[/\\])*([^\s'\":;,()]*)"
)

#: English phrases of the engine's messages and their Chinese wording (longest first).
_PHRASES_ZH: tuple[tuple[str, str], ...] = (
    ("week:mechanism:on or week:mechanism:off", "周:机制:on 或 周:机制:off"),
    ("a mechanism that can be switched during a run", "运行中可以开关的机制"),
    ("a switch that changes the mechanism", "改变机制状态的开关"),
    ("one switch per mechanism and week", "每个机制每周只能开关一次"),
    ("with a week that is a whole number >= 1", "周为大于等于1的整数"),
    ("a week that is a whole number >= 1", "大于等于1的整数周"),
    ("it is on", "该机制已开启"),
    ("it is off", "该机制已关闭"),
    ("sw", "机制开关"),
    ("expected key=value", "应为 键=值 的形式"),
    ("allowed on this server: at most", "本服务器每个会话最多允许"),
    ("residents per session", "名居民"),
    ("gives about", "约有"),
    ("residents", "名居民"),
    ("allowed keys in", "该节允许的键"),
    ("did you mean", "是否想输入"),
    ("unknown key", "未知的键"),
    ("unknown scenario", "未知的情景"),
    ("Input should be less than or equal to", "应小于或等于"),
    ("Input should be greater than or equal to", "应大于或等于"),
    ("Input should be less than", "应小于"),
    ("Input should be greater than", "应大于"),
    ("Input should be a valid integer", "应为整数"),
    ("Input should be a valid number", "应为数字"),
    ("Input should be a valid boolean", "应为 true 或 false"),
    ("Input should be a finite number", "应为有限数字（不能是 nan 或 inf）"),
    ("a finite number", "有限的数（不能是非数或无穷大）"),
    ("a whole number from 0 to 2^63 - 1", "0 到 2^63 - 1 之间的整数"),
    ("a whole number >= 0", "大于等于0的整数"),
    ("has value", "的值为"),
    ("allowed", "允许"),
    ("overrides", "更多参数"),
    ("seed", "随机种子"),
    ("key", "键"),
    ("e.g.", "例如"),
    ("expected", "应为"),
    ("--set", "更多参数"),
)

#: A schema field's English description in brackets, with its range: "[text (>= 0, <= 1)]".
_DESCRIBED = re.compile(r"\s*\[[^\[\]]*?(\([^()]*\))?\]\s*$")


def strip_paths(text: str) -> str:
    """``text`` with every file system path replaced by its last part (the file's name)."""
    return _PATH.sub(lambda m: m.group(1) or "…", text)


def localise(problem: str, lang: Lang) -> str:
    """One problem line in ``lang``, without paths; English lines are returned as they are."""
    text = strip_paths(problem)
    if lang != "zh":
        return text
    # The field's English description goes; its range stays.
    text = _DESCRIBED.sub(lambda m: f"（{m.group(1)[1:-1]}）" if m.group(1) else "", text)
    # Quoted keys and values stay as written: only the words between them are translated.
    parts = re.split(r"('[^']*'|\[[^\]]*\]\s*:)", text)
    out = []
    for part in parts:
        if part.startswith("'") or part.endswith(":") and part.startswith("["):
            out.append(part)
            continue
        for en, zh in _PHRASES_ZH:
            part = re.sub(rf"(?<![\w-]){re.escape(en)}(?![\w-])", zh, part)
        out.append(part)
    return "".join(out).replace(";", "；")


def localise_all(message: str | None, lang: Lang) -> str | None:
    """Every line of a message localised (None stays None)."""
    if not message:
        return message
    return "\n".join(localise(line, lang) for line in message.splitlines())


def engine_failure(week: int, exc: BaseException, lang: Lang) -> str:
    """The message of an unexpected engine error: the week and the error's kind, no paths."""
    kind = type(exc).__name__
    detail = strip_paths(str(exc))[:300]
    if lang == "zh":
        return f"模型在第{week}周停止（{kind}：{detail}）。请点“重置”重新开始。"
    return f"The model stopped at week {week} ({kind}: {detail}). Press Reset to start again."
