"""The `cyberplan` command: parses arguments, calls the engine, renders. No logic of its own."""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Callable

import click

from cyberplan.engine.errors import InputError, PlanError, cut, printable

EXIT_BAD_INPUT = 2
EXIT_PLAN_FAILED = 1
# limits of options (README "Limits"): each Monte Carlo draw costs about 2.6 ms and 13 KB on the
# demo's 11 entities, so 10,000 draws add under a minute and about 130 MB
MAX_DRAWS = 10_000
MAX_TOP = 10_000


# --------------------------------------------------------------------------- plumbing

def _registry():
    from cyberplan.plugins.manager import registry
    reg = registry()
    for b in reg.broken:
        click.echo(printable(f"warning: plugin {b.name!r} is broken and was skipped: {b.error}"), err=True)
    return reg


def handle_errors(fn: Callable) -> Callable:
    """Bad input: the problems, exit 2. A plan that cannot be made: the reason, exit 1. Ctrl-C or
    SIGTERM: "interrupted", exit 130 or 143, the previous output as it was. Never a traceback."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from cyberplan.engine.inputs.read import forget_reads
        from cyberplan.engine.interrupts import signals_raise
        forget_reads()
        with signals_raise():
            try:
                return fn(*args, **kwargs)
            except InputError as e:
                for p in e.problems:
                    click.echo(printable(f"error: {p}"), err=True)
                sys.exit(EXIT_BAD_INPUT)
            except PlanError as e:
                click.echo(printable(f"plan failed: {e}"), err=True)
                sys.exit(EXIT_PLAN_FAILED)
            except KeyboardInterrupt as e:
                _interrupted(e, kwargs)
    return wrapper


def _interrupted(e: KeyboardInterrupt, kwargs: dict) -> None:
    """Say what was lost: files are written atomically, so the target is as it was."""
    import signal
    for s in (signal.SIGINT, signal.SIGTERM):   # a second Ctrl-C must not cut the message short
        try:
            signal.signal(s, signal.SIG_IGN)
        except ValueError:   # not the main thread
            pass
    target = kwargs.get("output") or kwargs.get("junit")
    if target is not None:
        state = "is unchanged" if Path(target).exists() else "was not created"
        what = f"nothing was written ({target} {state})"
    elif kwargs.get("output_dir") is not None:
        what = f"files already in {kwargs['output_dir']} are complete; the rest were not written"
    else:
        what = "nothing was written"
    by = f" by {e}" if str(e) else ""
    click.echo(f"interrupted{by}: the run stopped before it finished; {what}", err=True)
    status = getattr(e, "exit_status", 130)
    from cyberplan.engine.interrupts import work_left_running
    if work_left_running():
        # a solver that did not stop is still inside C code: end now, after the usual exit work
        # (the terminal's cursor and colours), without tearing down what it uses
        import atexit
        import os
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


def output_options(fn: Callable) -> Callable:
    fn = click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
                      help="Write to this file (atomically) instead of the terminal.")(fn)
    fn = click.option("-f", "--format", "fmt", default=None,
                      help="table (default), json, csv, md, and any format a plugin adds "
                           "(html, xlsx, oscal where they fit).")(fn)
    return fn


class _Echo:
    """Standard output through click (which copes with the terminal's encoding)."""

    @staticmethod
    def write(text: str) -> None:
        click.echo(text, nl=False)


_ECHO = _Echo()


def emit(out, fmt: str | None, output: Path | None, reg=None) -> None:
    """Render to the terminal or, atomically, to a file, and say what was written."""
    from cyberplan.engine.render import emit as render_emit
    reg = reg or _registry()
    written = render_emit(out, fmt, output, reg.formats, terminal=sys.stdout.isatty(), stream=_ECHO)
    if written is not None:
        click.echo(f"wrote {written}", err=True)


def _remember(ctx: click.Context, _param, value):
    ctx.meta[_param.name] = value


# for every command that reads an answers file; kept out of the command's arguments (ctx.meta)
allow_outside_option = click.option(
    "--allow-outside-paths", "allow_outside_paths", is_flag=True, expose_value=False, callback=_remember,
    help="Let `framework:`/`ruleset:` paths in the answers file point outside its folder.")


def _inputs(answers: Path, framework: str | None, ruleset: str | None, reg, attributes: Path | None = None):
    from cyberplan.engine.inputs.resolve import load_inputs
    allow = click.get_current_context().meta.get("allow_outside_paths", False)
    return load_inputs(answers, reg, framework=framework, ruleset=ruleset, attributes=attributes,
                       allow_outside_paths=allow)


def _assess(inputs):
    from cyberplan.engine.assess.levels import assess
    return assess(inputs)


# --------------------------------------------------------------------------- commands

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cyberplan")
def cli() -> None:
    """cyberplan: assess cyber maturity against a framework, find the gaps, plan the actions."""


@cli.group(invoke_without_command=True)
@click.pass_context
def frameworks(ctx: click.Context) -> None:
    """Installed framework plugins and their contents."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(frameworks_list)


@frameworks.command("list")
@output_options
@handle_errors
def frameworks_list(fmt: str | None, output: Path | None) -> None:
    """List installed frameworks."""
    from cyberplan.engine.render.views.results import frameworks_output
    reg = _registry()
    entries = [{"id": e.id, "title": e.title or "", "plugin": e.plugin,
                "rulesets": sorted(r.id for r in reg.rulesets.values() if r.framework == e.id)}
               for e in sorted(reg.frameworks.values(), key=lambda e: e.id)]
    emit(frameworks_output(entries), fmt, output, reg)


@frameworks.command("show")
@click.argument("framework_id")
@output_options
@handle_errors
def frameworks_show(framework_id: str, fmt: str | None, output: Path | None) -> None:
    """Show a framework's structure, licence and counts."""
    from cyberplan.engine.render.views.results import framework_detail_output
    reg = _registry()
    fw = reg.framework(framework_id)
    entry = reg.frameworks.get(framework_id)
    rulesets = sorted(r.id for r in reg.rulesets.values() if r.framework == fw.id)
    emit(framework_detail_output(fw, rulesets, entry.plugin if entry else "(file)"), fmt, output, reg)


@cli.command()
@click.argument("framework")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv", "xlsx"]), default="yaml")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--entities", default="example", help="Comma-separated entity ids to include.")
@handle_errors
def questionnaire(framework: str, fmt: str, output: Path | None, entities: str) -> None:
    """A blank questionnaire (answers file) for FRAMEWORK (an installed id or a path)."""
    from cyberplan.engine.render import write_atomic
    from cyberplan.engine.render.questionnaire import questionnaire_csv, questionnaire_yaml
    reg = _registry()
    fw = reg.framework(framework)
    ids = [e.strip() for e in entities.split(",") if e.strip()]
    ruleset = None
    try:
        ruleset = reg.default_ruleset_id(fw)
    except InputError:
        pass
    if fmt == "xlsx":
        if output is None:
            raise InputError("the xlsx questionnaire is a file: give -o FILE.xlsx", path="--output")
        from cyberplan.engine.render.xlsx import questionnaire_workbook
        write_atomic(output, questionnaire_workbook(fw, ids, ruleset))
        click.echo(f"wrote {output}", err=True)
        return
    text = questionnaire_yaml(fw, ids, ruleset) if fmt == "yaml" else questionnaire_csv(fw, ids)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@allow_outside_option
@click.option("--framework", help="Framework id or path (overrides the answers file).")
@click.option("--ruleset", help="Ruleset id or path (overrides the answers file).")
@click.option("--attributes", type=click.Path(path_type=Path), help="Entity attributes for CSV answers.")
@click.option("--explain", "explain", metavar="OUTCOME", default=None,
              help="Show every rule of OUTCOME, each condition with the answer it saw.")
@click.option("--entity", "entity_id", help="With --explain: the entity (default: every entity).")
@click.option("--detail", is_flag=True, help="Also list the level and deciding rule of every leaf.")
@output_options
@handle_errors
def assess(answers: Path, framework: str | None, ruleset: str | None, attributes: Path | None,
           explain: str | None, entity_id: str | None, detail: bool, fmt: str | None, output: Path | None) -> None:
    """Maturity per outcome for every entity in ANSWERS."""
    from cyberplan.engine.render.views.results import assessment_output
    reg = _registry()
    inputs = _inputs(answers, framework, ruleset, reg, attributes)
    result = _assess(inputs)
    if explain:
        from cyberplan.engine.render.views.explain import explain_output
        emit(explain_output(inputs, result, explain, entity_id), fmt, output, reg)
        return
    emit(assessment_output(result, inputs.framework, detail=detail), fmt, output, reg)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@allow_outside_option
@click.option("--targets", type=click.Path(path_type=Path), help="A targets file (SPEC §3.5 `targets:`).")
@click.option("--config", type=click.Path(path_type=Path), help="A plan configuration; its targets are used.")
@click.option("--framework")
@click.option("--ruleset")
@click.option("--top", type=click.IntRange(0, MAX_TOP), default=15, show_default=True,
              help="How many of the largest gaps to list.")
@output_options
@handle_errors
def gap(answers: Path, targets: Path | None, config: Path | None, framework: str | None, ruleset: str | None,
        top: int, fmt: str | None, output: Path | None) -> None:
    """Gaps against targets, rolled up to categories and functions, and the portfolio heat map."""
    from cyberplan.engine.assess.gaps import compute_gaps
    from cyberplan.engine.assess.targets import target_problems
    from cyberplan.engine.inputs.resolve import load_targets
    from cyberplan.engine.render.views.results import gap_output
    reg = _registry()
    inputs = _inputs(answers, framework, ruleset, reg)
    tgt, tfile = load_targets(config=config, targets=targets)
    problems = target_problems(tgt, inputs.framework, inputs.assessment, file=tfile)
    if problems:
        raise InputError(problems)
    result = _assess(inputs)
    report = compute_gaps(inputs.framework, result, tgt)
    crit = {e.id: e.criticality for e in inputs.assessment.entities}
    emit(gap_output(report, inputs.framework, crit, top), fmt, output, reg)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@allow_outside_option
@click.option("--threats", required=True, help="A threat profile file (SPEC §3.4), or an installed one's name.")
@click.option("--framework")
@click.option("--ruleset")
@click.option("--top", type=click.IntRange(0, MAX_TOP), default=15, show_default=True,
              help="How many outcomes and entity-threat pairs to list.")
@output_options
@handle_errors
def impact(answers: Path, threats: str, framework: str | None, ruleset: str | None, top: int, fmt: str | None,
           output: Path | None) -> None:
    """Annual loss exposure by entity, sector and threat, and the outcomes carrying the most money at risk."""
    from cyberplan.engine.assess.impact import impact_report
    from cyberplan.engine.inputs.resolve import resolve_threats
    from cyberplan.engine.render.views.impact import impact_output
    reg = _registry()
    inputs = _inputs(answers, framework, ruleset, reg)
    profile, _ = resolve_threats(threats, reg, framework=inputs.framework)
    result = _assess(inputs)
    levels = {e.id: e.levels for e in result.entities}
    report = impact_report(inputs.framework, inputs.assessment, levels, profile)
    emit(impact_output(report, inputs.framework, inputs.assessment, profile, top), fmt, output, reg)


def _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit, gap, solver, reg):
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import resolve_threats, with_solver_options
    inputs = _inputs(answers, framework, ruleset, reg)
    cfg = with_solver_options(load_plan_config(config), time_limit=time_limit, gap=gap, name=solver)
    profile, tfile = resolve_threats(threats, reg, framework=inputs.framework) if threats else (None, None)
    return inputs, cfg, profile, tfile


def _exit_without_plan(p) -> None:
    """Exit 1 when there is no plan, saying why: proved infeasible, or not found in time."""
    if p.status == "infeasible":
        click.echo(f"plan infeasible: {p.reason}", err=True)
        sys.exit(EXIT_PLAN_FAILED)
    if p.status == "no-solution":
        click.echo(f"plan failed: {p.reason}", err=True)
        sys.exit(EXIT_PLAN_FAILED)


def plan_options(fn):
    for opt in reversed([
        click.option("--config", "config", type=click.Path(path_type=Path), required=True,
                     help="The plan configuration (SPEC §3.5)."),
        click.option("--threats", help="A threat profile file (SPEC §3.4), or an installed one's name."),
        click.option("--framework"), click.option("--ruleset"), allow_outside_option,
        click.option("--time-limit", type=float, help="Solver time limit in seconds (overrides the config)."),
        click.option("--gap", type=float, help="Relative optimality gap (overrides the config)."),
        click.option("--solver", type=click.Choice(["highs", "cbc"]), help="Overrides the config."),
        click.option("-q", "--quiet", is_flag=True, help="No progress messages."),
    ]):
        fn = opt(fn)
    return fn


def _progress(quiet: bool):
    """Progress on standard error: a rich spinner with elapsed time and gap on a terminal, plain
    lines when piped, nothing with --quiet."""
    from cyberplan.engine.render.terminal import progress_callbacks
    return progress_callbacks(quiet)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@plan_options
@click.option("--sweep", help="Budgets to compare, as per-period figures: '100000,200000,400000' or "
                              "'start:stop:step'. Prints the efficient frontier.")
@click.option("--uncertainty", is_flag=True, help="With --threats: the business case under the low/likely/high "
              "ranges and a Monte Carlo spread, and whether the plan stays the best choice (re-solves the plan "
              "4 more times, up to 10 s each).")
@click.option("--draws", type=click.IntRange(0, MAX_DRAWS), default=500, show_default=True,
              help=f"Monte Carlo draws for --uncertainty (at most {MAX_DRAWS:,}).")
@click.option("--seed", type=click.IntRange(-2**63, 2**63 - 1), default=1, show_default=True,
              help="Seed of the Monte Carlo draws.")
@output_options
@handle_errors
def plan(answers: Path, config: Path, threats: str | None, framework: str | None, ruleset: str | None,
         time_limit: float | None, gap: float | None, solver: str | None, quiet: bool, sweep: str | None,
         uncertainty: bool, draws: int, seed: int, fmt: str | None, output: Path | None) -> None:
    """The prioritised, costed, time-phased action list for ANSWERS under a plan CONFIG."""
    from cyberplan.engine.plan import plan_portfolio
    from cyberplan.engine.render.views.plan import plan_output
    reg = _registry()
    say, solver_progress = _progress(quiet)
    from cyberplan.engine.progress import heartbeat
    with heartbeat(say, "reading and assessing the inputs"):
        inputs, cfg, profile, tfile = _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit,
                                                        gap, solver, reg)
        result = _assess(inputs)
    if sweep:
        from cyberplan.engine.inputs.resolve import sweep_option
        from cyberplan.engine.plan.frontier import sweep_budgets
        from cyberplan.engine.render.views.plan import frontier_output
        points = sweep_budgets(inputs, result, cfg, sweep_option(sweep), threats=profile, progress=say)
        emit(frontier_output(points, cfg), fmt, output, reg)
        return
    if uncertainty and profile is None:
        raise InputError("--uncertainty needs a threat profile: give --threats FILE", path="--uncertainty")
    p = plan_portfolio(inputs, result, cfg, threats=profile, progress=say, config_file=str(config),
                       threats_file=tfile, solver_progress=solver_progress)
    if uncertainty and p.business_case is not None:
        from cyberplan.engine.plan.uncertainty import analyse
        p.business_case["uncertainty"] = analyse(inputs, result, cfg, profile, p, draws=draws, seed=seed,
                                                 progress=say)
    emit(plan_output(p, inputs.framework), fmt, output, reg)
    _exit_without_plan(p)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@plan_options
@click.option("--no-frontier", is_flag=True, help="Skip the budget frontier (saves a few solves).")
@output_options
@handle_errors
def report(answers: Path, config: Path, threats: str | None, framework: str | None, ruleset: str | None,
           time_limit: float | None, gap: float | None, solver: str | None, quiet: bool, no_frontier: bool,
           fmt: str | None, output: Path | None) -> None:
    """The whole story in one self-contained HTML file: heat map, gaps, roadmap, spend, frontier,
    actions with their reasons, inputs and assumptions (-o report.html)."""
    from cyberplan.engine.report import build_report
    reg = _registry()
    say, solver_progress = _progress(quiet)
    from cyberplan.engine.progress import heartbeat
    with heartbeat(say, "reading and assessing the inputs"):
        inputs, cfg, profile, tfile = _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit,
                                                        gap, solver, reg)
        result = _assess(inputs)
    out = build_report(inputs, result, cfg, threats=profile, config_file=str(config), threats_file=tfile,
                       frontier=not no_frontier, progress=say, solver_progress=solver_progress)
    if fmt is None and output is None:
        fmt = "html" if not sys.stdout.isatty() else "table"
    emit(out, fmt or ("html" if output is not None and output.suffix.lower() in (".html", ".htm") else None),
         output, reg)
    _exit_without_plan(out.result)


@cli.group()
def rules() -> None:
    """Tools for ruleset authors: check and test."""


@rules.command("test")
@click.argument("ruleset")
@click.option("--framework", help="Framework id or path (default: the ruleset's `framework`).")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write a JUnit XML report.")
@click.option("--own", is_flag=True, help="Only the ruleset's own tests, not those it inherits via `extends`.")
@handle_errors
def rules_test(ruleset: str, framework: str | None, junit: Path | None, own: bool) -> None:
    """Run the ruleset's embedded tests through durable-rules: PASS/FAIL, expected and actual
    levels, the rule trace of each failure; exit 1 on any failure."""
    from cyberplan.engine.render import write_atomic
    from cyberplan.engine.rules.authoring import format_results, junit_xml, run_ruleset_tests
    reg = _registry()
    raw, file = reg.raw_ruleset(ruleset)
    fw = reg.framework(framework or raw.framework, relative_to=None if framework else file)
    prepared = reg.ruleset(ruleset, fw)
    results = run_ruleset_tests(prepared, only_own=own)
    click.echo(format_results(results), nl=False)
    if junit:
        write_atomic(junit, junit_xml(prepared.id, results))
    if any(not r.passed for r in results):
        sys.exit(1)


@rules.command("check")
@click.argument("ruleset")
@click.option("--framework", help="Framework id or path (default: the ruleset's `framework`).")
@click.option("--strict", is_flag=True, help="Exit 2 on warnings too.")
@handle_errors
def rules_check(ruleset: str, framework: str | None, strict: bool) -> None:
    """Everything wrong or suspicious in a ruleset, each with file, place and a fix hint.
    Errors exit 2; warnings exit 0 unless --strict."""
    from cyberplan.engine.rules.authoring import check_ruleset
    reg = _registry()
    report = check_ruleset(ruleset, reg, framework=framework)
    click.echo(report.text(), nl=False)
    if report.errors or (strict and report.warnings):
        sys.exit(EXIT_BAD_INPUT)


@cli.group("new")
def new() -> None:
    """Scaffolds for consultants: a framework plugin package, or a ruleset."""


@new.command("framework")
@click.argument("name")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to create the package (default: ./NAME).")
@handle_errors
def new_framework(name: str, output_dir: Path | None) -> None:
    """A pip-installable framework plugin package: pyproject.toml with the `cyberplan` entry
    point, framework, ruleset with tests, example answers and plan, a test file."""
    from cyberplan.engine.scaffold import new_framework as make
    for line in make(name, output_dir):
        click.echo(line)


@new.command("ruleset")
@click.argument("name")
@click.option("--framework", "framework", required=True, help="Framework id or path.")
@click.option("--extends", "extends", help="A ruleset to extend (its id) instead of starting from scratch.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: ./NAME.yaml).")
@handle_errors
def new_ruleset(name: str, framework: str, extends: str | None, output: Path | None) -> None:
    """A ruleset for FRAMEWORK following the built-ins' convention, with tests."""
    from cyberplan.engine.scaffold import new_ruleset as make
    for line in make(name, framework, _registry(), output=output, extends=extends):
        click.echo(line)


@cli.command()
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("cyberplan-demo"),
              show_default=True, help="Write report.html and the JSON results here.")
@handle_errors
def demo(output_dir: Path | None) -> None:
    """The bundled example portfolio, end to end."""
    from cyberplan.engine.demo import run_demo
    run_demo(echo=click.echo, emit=lambda out, fmt=None, output=None: emit(out, fmt, output), output_dir=output_dir)


def _isolate_command(cmd: click.Command, plugins) -> None:
    """A command a plugin added: when it fails, the error names the plugin (exit 2), not a
    traceback; its own InputError, exit status and click errors pass as for our commands."""
    from cyberplan.engine.interrupts import is_real_interrupt
    for sub in getattr(cmd, "commands", {}).values():
        _isolate_command(sub, plugins)
    inner = cmd.callback
    if inner is None:
        return
    owner = next((n for n, p in plugins.pm.list_name_plugin() if getattr(p, "__name__", None) == inner.__module__),
                 inner.__module__)

    @functools.wraps(inner)
    def isolated(*args, **kwargs):
        try:
            return inner(*args, **kwargs)
        except (InputError, PlanError, click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt as e:
            if is_real_interrupt(e):
                raise
            error: BaseException = e
        except Exception as e:  # noqa: BLE001 - a plugin's failure, reported by its name
            error = e
        raise InputError(f"the command {cmd.name!r} of plugin {owner!r} failed: {type(error).__name__}: {cut(error)}")
    cmd.callback = handle_errors(isolated)


def main() -> None:
    from cyberplan.engine.interrupts import signals_raise
    from cyberplan.plugins.manager import default_plugins
    try:
        with signals_raise():
            plugins = default_plugins()
            before = set(cli.commands)
            for _name, _ in plugins.results("cyberplan_commands", cli=cli):
                pass
            for name in sorted(set(cli.commands) - before):
                _isolate_command(cli.commands[name], plugins)
            cli(prog_name="cyberplan")
    except KeyboardInterrupt as e:   # before or after a command (loading plugins, parsing)
        _interrupted(e, {})


if __name__ == "__main__":
    main()
