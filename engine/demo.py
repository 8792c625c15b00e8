"""`cyberplan demo`: the bundled portfolio of the fictional Kestrel Islands, end to end."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import cyberplan.frameworks as _frameworks_pkg

DEMO_DIR = Path(_frameworks_pkg.__file__).parent / "nist-csf-2.0" / "demo"


def _digest(out, keep: tuple[str, ...], rows: dict[str, int] | None = None):
    """The tables worth reading on a terminal; the files hold everything."""
    from cyberplan.engine.render import Output, Table
    rows = rows or {}
    tables = [Table(t.title, t.columns, t.rows[:rows.get(t.name, len(t.rows))], t.name, t.styles)
              for t in out.tables if t.name in keep]
    return Output(out.kind, out.data, tables, notes=out.notes, result=out.result, context=out.context)


def run_demo(echo: Callable[[str], None], emit: Callable, output_dir: Path | None = None, registry=None) -> None:
    """Assess the demo portfolio, plan it under its configuration (threat profile named there), and
    tell the story on the terminal: the gaps, the case in brief, what to fund by fiscal year, the
    options, what more money would buy; the full results go to `output_dir`. `emit(out, fmt, path)`
    writes (the CLI's, which also says what it wrote)."""
    from cyberplan.engine.assess.gaps import compute_gaps
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import load_inputs, plan_threats
    from cyberplan.engine.plan import plan_portfolio
    from cyberplan.engine.render.views.plan import frontier_output, plan_output
    from cyberplan.engine.render.views.results import assessment_output, gap_output
    from cyberplan.engine.report import build_report
    if registry is None:
        from cyberplan.plugins.manager import registry as default_registry
        registry = default_registry()
    answers = DEMO_DIR / "answers.yaml"
    config_path = DEMO_DIR / "plan.yaml"
    inputs = load_inputs(answers, registry)
    config = load_plan_config(config_path)
    threats, threats_file = plan_threats(None, config, config_path, registry, framework=inputs.framework)
    echo(f"cyberplan demo: {len(inputs.assessment.entities)} entities of the fictional Kestrel Islands assessed "
         f"against {inputs.framework.title} with ruleset {inputs.ruleset.id}\n")
    result = assess(inputs)
    report = compute_gaps(inputs.framework, result, config.targets)
    crit = {e.id: e.criticality for e in inputs.assessment.entities}
    emit(_digest(gap_output(report, inputs.framework, crit, top=10), keep=("heatmap", "largest")))
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        emit(assessment_output(result, inputs.framework), "json", output_dir / "assessment.json")
        emit(gap_output(report, inputs.framework, crit), "json", output_dir / "gaps.json")
    echo("")
    plan = plan_portfolio(inputs, result, config, threats=threats, progress=echo, config_file=str(config_path),
                          threats_file=threats_file)
    out = plan_output(plan, inputs.framework)
    emit(_digest(out, keep=("brief", "fiscal_years", "options", "actions"), rows={"actions": 10}))
    if len(plan.actions) > 10:
        echo(f"... and {len(plan.actions) - 10} more actions in the report.")
    if output_dir is None:
        return
    emit(out, "json", output_dir / "plan.json")
    echo("")
    full = build_report(inputs, result, config, threats=threats, config_file=str(config_path),
                        threats_file=threats_file, plan=plan, progress=echo)
    front = plan.business_case.frontier if plan.business_case is not None else None
    if front is not None:
        emit(_digest(frontier_output(front), keep=("frontier",)))
    emit(full, "html", output_dir / "report.html")
    formats = registry.formats
    if "docx" in formats and formats["docx"].supports(full.kind):
        emit(full, "docx", output_dir / "business-case.docx")
