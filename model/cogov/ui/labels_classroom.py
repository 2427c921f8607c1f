"""The classroom features' words, merged into :data:`cogov.ui.labels.LABELS`.

Reference, progress, events, verdict, projector, export and lessons. Kept apart so that
other changes to the main table merge without conflicts.
"""

CLASSROOM_LABELS: dict[str, dict[str, str]] = {
    "ui.reference": {"en": "Reference (faint lines)", "zh": "参照（淡色线）"},
    "ui.reference_faint": {
        "en": "Faint lines: {ref}, same seed and size.",
        "zh": "淡色线：{ref}，相同随机种子和规模。",
    },
    "ui.busy.reset": {"en": "Building the community…", "zh": "正在生成社区……"},
    "ui.busy.steps": {
        "en": "Simulating week {done} of {total}…",
        "zh": "正在模拟第{done}/{total}周……",
    },
    "ui.cancel": {"en": "Cancel", "zh": "取消"},
    "ui.cancelled": {
        "en": "Cancelled: the run stays as it was.",
        "zh": "已取消：当前运行保持不变。",
    },
    "ui.switch_pending": {
        "en": "These settings take effect when the run restarts: press Reset (back to week "
        "0). Mechanism switches apply at once, from the next week.",
        "zh": "这些设置在重新开始运行后生效：请点“重置”（回到第0周）。"
        "机制开关则立即生效，从下一周起。",
    },
    "ui.switch_live": {
        "en": "During a run, a mechanism switch applies from the next week and is marked on "
        "the charts and in “What happened”; Reset starts over from the beginning with the "
        "switches as set.",
        "zh": "运行中拨动机制开关，从下一周起生效，并在图表和“发生了什么”中标出；"
        "“重置”则按当前开关从头开始。",
    },
    "ui.events": {"en": "What happened", "zh": "发生了什么"},
    "ui.events.none": {"en": "Nothing yet.", "zh": "暂无事件。"},
    "ui.verdict": {"en": "Verdict", "zh": "结论"},
    "ui.verdict.run": {"en": "Judge against the reference", "zh": "与参照比较得出结论"},
    "ui.verdict.none": {
        "en": "No verdict yet: press 'Judge against the reference'.",
        "zh": "尚无结论：请点“与参照比较得出结论”。",
    },
    "ui.verdict.help": {
        "en": "Runs this run (its starting settings, and any mechanism switched during it at "
        "the same week) and the reference {reps} times each with paired seeds for {weeks} "
        "weeks, in the background.",
        "zh": "在后台以配对随机种子将本次运行（其初始设置，以及运行中开关的机制，在同一周开关）"
        "和参照各运行{reps}次、每次{weeks}周。",
    },
    "ui.verdict.same": {
        "en": "The scenario and the reference are the same: choose another reference.",
        "zh": "情景与参照相同：请选择另一个参照。",
    },
    "ui.projector": {"en": "Projector mode", "zh": "投影模式"},
    "ui.export": {"en": "Export", "zh": "导出"},
    "ui.export.csv": {"en": "Time series (CSV)", "zh": "时间序列（CSV）"},
    "ui.export.parquet": {"en": "Time series (Parquet)", "zh": "时间序列（Parquet）"},
    "ui.export.events": {"en": "Events (CSV)", "zh": "事件（CSV）"},
    "ui.export.png": {"en": "Charts (PNG)", "zh": "图表（PNG）"},
    "ui.export.svg": {"en": "Charts (SVG)", "zh": "图表（SVG）"},
    "ui.export.handout": {"en": "Handout (HTML)", "zh": "讲义（HTML）"},
    "ui.share": {"en": "Link to these settings", "zh": "本设置的链接"},
    "ui.share.help": {
        "en": "The address bar holds these settings: copy it to share them.",
        "zh": "地址栏已包含这些设置：复制地址即可分享。",
    },
    "ui.handout.mechanisms": {"en": "Mechanisms on at the start", "zh": "开始时启用的机制"},
    "ui.handout.switches": {"en": "Switched during the run", "zh": "运行中开关的机制"},
    "ui.handout.none": {"en": "none", "zh": "无"},
    "ui.handout.changed": {"en": "Set away from the scenario", "zh": "与情景文件不同的设置"},
    "ui.handout.command": {
        "en": "The same run from the command line",
        "zh": "用命令行重复本次运行",
    },
    "ui.link_problems": {
        "en": "Some settings in the link could not be used:",
        "zh": "链接中的部分设置无法使用：",
    },
    "ui.tab.lessons": {"en": "Lessons", "zh": "教学案例"},
    "ui.lesson.pick": {"en": "Lesson plan", "zh": "教学案例"},
    "ui.lesson.step": {"en": "Step {i} of {n}", "zh": "第{i}步，共{n}步"},
    "ui.lesson.apply": {"en": "Apply and run {weeks} weeks", "zh": "应用设置并运行{weeks}周"},
    "ui.lesson.question": {"en": "Question to the class", "zh": "请学员思考"},
    "ui.lesson.answer": {"en": "Answer", "zh": "答案"},
    "ui.lesson.show": {"en": "Show the answer", "zh": "显示答案"},
    "ui.lesson.wait": {
        "en": "The answer can be shown once the run has reached week {n}.",
        "zh": "运行到第{n}周后可显示答案。",
    },
    "ui.lesson.prev": {"en": "Previous step", "zh": "上一步"},
    "ui.lesson.next": {"en": "Next step", "zh": "下一步"},
    "ui.lesson.problems": {
        "en": "Some lesson files could not be read:",
        "zh": "部分教学案例文件无法读取：",
    },
    "ui.pp": {"en": " pp", "zh": "个百分点"},
    "ui.compare.reference": {"en": "Reference", "zh": "参照"},
    "ui.compare.same": {
        "en": "The scenario and the reference are the same settings: the difference is zero.",
        "zh": "情景与参照设置相同：差值为零。",
    },
}
