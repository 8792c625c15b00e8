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


def run_demo(echo: Callable[[str], None], emit: Callable, output_dir: Path | None = None) -> None:
    from cyberplan.engine.assess.gaps import compute_gaps
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import load_inputs
    from cyberplan.engine.render.views.results import gap_output
    from cyberplan.plugins.manager import registry
    reg = registry()
    answers = DEMO_DIR / "answers.yaml"
    inputs = load_inputs(answers, reg)
    echo(f"cyberplan demo: {len(inputs.assessment.entities)} entities assessed against "
         f"{inputs.framework.title} with ruleset {inputs.ruleset.id}\n")
    result = assess(inputs.ruleset, inputs.assessment, file=str(answers))
    config_path = DEMO_DIR / "plan.yaml"
    config = load_plan_config(config_path) if config_path.exists() else None
    from cyberplan.engine.models import Targets
    targets = config.targets if config else Targets()
    report = compute_gaps(inputs.framework, result, targets)
    crit = {e.id: e.criticality for e in inputs.assessment.entities}
    gaps_view = gap_output(report, inputs.framework, crit, top=12)
    emit(_digest(gaps_view, keep=("heatmap", "largest")))
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        from cyberplan.engine.render.views.results import assessment_output
        emit(assessment_output(result, inputs.framework), "json", output_dir / "assessment.json")
        emit(gap_output(report, inputs.framework, crit), "json", output_dir / "gaps.json")
    if config is None:
        return
    from cyberplan.engine.plan import plan_portfolio
    threats = None
    threat_path = DEMO_DIR / "threats.yaml"
    if not threat_path.exists():
        threat_path = DEMO_DIR.parent / "threats.yaml"
    if threat_path.exists():
        from cyberplan.engine.inputs.read import load_threat_profile
        threats = load_threat_profile(threat_path)
    echo("")
    plan = plan_portfolio(inputs, result, config, threats=threats, progress=echo)
    from cyberplan.engine.render.views.plan import plan_output
    emit(_digest(plan_output(plan, inputs.framework), keep=("actions", "spend", "maturity", "business"),
                 rows={"actions": 15}))
    if len(plan.actions) > 15:
        echo(f"... and {len(plan.actions) - 15} more actions"
             + (f": the full list is in {output_dir / 'plan.json'} and {output_dir / 'report.html'}"
                if output_dir is not None else ""))
    if output_dir is not None:
        emit(plan_output(plan, inputs.framework), "json", output_dir / "plan.json")
        from cyberplan.engine.report import build_report
        echo("")
        report = build_report(inputs, result, config, threats=threats, config_file=str(config_path),
                              threats_file=str(threat_path) if threats is not None else None, plan=plan,
                              progress=echo)
        emit(report, "html", output_dir / "report.html")
