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
    for clash in reg.clashes:
        click.echo(printable(f"warning: {clash}"), err=True)
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
                           "(html, xlsx, docx, oscal where they fit).")(fn)
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


def _assess(inputs, unanswered_threshold: float | None = None):
    """The assessment, with a warning on standard error for every entity whose levels are lower
    bounds (too many questions unanswered or unknown)."""
    from cyberplan.engine.assess.levels import UNANSWERED_THRESHOLD, assess, unanswered_warnings
    threshold = UNANSWERED_THRESHOLD if unanswered_threshold is None else unanswered_threshold
    result = assess(inputs, unanswered_threshold=threshold)
    for w in unanswered_warnings(result):
        click.echo(f"warning: {w}", err=True)
    return result


def _share(text: str) -> float:
    """'20%' or '0.2' -> 0.2."""
    t = text.strip()
    try:
        v = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise InputError(f"expected a share such as 20% or 0.2, got {text!r}", path="--max-unanswered") from None
    if not 0 <= v <= 1:
        raise InputError(f"expected a share from 0% to 100%, got {text!r}", path="--max-unanswered")
    return v


# --------------------------------------------------------------------------- commands

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cyberplan")
def cli() -> None:
    """cyberplan: assess cyber maturity against a framework, find the gaps, plan the actions.

    The files it reads, what it writes and what every number means: docs/formats.md;
    `cyberplan schema FORMAT` prints the JSON Schema of each input format."""


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
@click.option("--lang", help="Titles in this language (a code such as fr), where the framework has them.")
@output_options
@handle_errors
def frameworks_show(framework_id: str, lang: str | None, fmt: str | None, output: Path | None) -> None:
    """Show a framework's structure, licence and counts."""
    from cyberplan.engine.render.questionnaire import check_language
    from cyberplan.engine.render.views.results import framework_detail_output
    reg = _registry()
    fw = reg.framework(framework_id)
    check_language(fw, lang)
    entry = reg.frameworks.get(framework_id)
    rulesets = sorted(r.id for r in reg.rulesets.values() if r.framework == fw.id)
    emit(framework_detail_output(fw, rulesets, entry.plugin if entry else "(file)", lang), fmt, output, reg)


@cli.command()
@click.argument("framework")
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv", "xlsx"]), default="yaml")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--entities", default="example", help="Comma-separated entity ids to include.")
@click.option("--split", "split_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one questionnaire per entity into this folder (ID.xlsx, ...), each holding only that "
                   "entity; `cyberplan collect` merges them back.")
@click.option("--lang", help="The questions in this language (a code such as fr), where the framework has them.")
@handle_errors
def questionnaire(framework: str, fmt: str, output: Path | None, entities: str, split_dir: Path | None,
                  lang: str | None) -> None:
    """A blank questionnaire (answers file) for FRAMEWORK (an installed id or a path)."""
    from cyberplan.engine.render import write_atomic
    from cyberplan.engine.render.questionnaire import check_language, questionnaire_csv, questionnaire_yaml
    reg = _registry()
    fw = reg.framework(framework)
    check_language(fw, lang)
    ids = [e.strip() for e in entities.split(",") if e.strip()]
    ruleset = None
    try:
        ruleset = reg.default_ruleset_id(fw)
    except InputError:
        pass

    def render(for_ids: list[str]) -> str | bytes:
        if fmt == "xlsx":
            from cyberplan.engine.render.xlsx import questionnaire_workbook
            return questionnaire_workbook(fw, for_ids, ruleset, lang)
        return (questionnaire_yaml(fw, for_ids, ruleset, lang) if fmt == "yaml"
                else questionnaire_csv(fw, for_ids, lang))
    if split_dir is not None:
        from cyberplan.engine.render.questionnaire import split_names
        if output is not None:
            raise InputError("give either -o FILE (one questionnaire) or --split DIR (one per entity)", path="--split")
        if len(set(ids)) != len(ids):
            raise InputError("an entity id is listed twice", path="--entities")
        names = split_names(ids, fmt)
        # a returned workbook may already sit there: never overwrite one
        taken = [split_dir / n for _, n in names if (split_dir / n).exists()]
        if taken:
            raise InputError(f"{len(taken)} file(s) already exist and may hold answers, e.g. {taken[0]}; nothing "
                             "was written: remove them or choose another folder", path="--split")
        try:
            split_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create the folder: {e.strerror or e}; nothing was written",
                             file=str(split_dir)) from None
        for eid, name in names:
            write_atomic(split_dir / name, render([eid]))
        click.echo(f"wrote {len(names)} questionnaire(s) to {split_dir}", err=True)
        return
    if fmt == "xlsx" and output is None:
        raise InputError("the xlsx questionnaire is a file: give -o FILE.xlsx", path="--output")
    text = render(ids)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("workbooks", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The merged answers file to write (.yaml, or .json).")
@click.option("--framework", help="Framework id or path (default: the one the workbooks name).")
@click.option("--ruleset", help="Ruleset id or path for the answers file (default: the one the workbooks name).")
@click.option("--expect", "expect", help="Comma-separated entity ids that should have sent a workbook back: "
                                         "those missing are listed.")
@click.option("--assessed", help="The assessment date for the answers file, YYYY-MM-DD (default: the latest "
                                 "date the workbooks give).")
@click.option("--strict", is_flag=True, help="Warnings stop the merge too.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the collection report to this file (format from its extension or --format).")
@click.option("-f", "--format", "fmt", default=None, help="Format of the report: table (default), json, csv, md.")
@handle_errors
def collect(workbooks: tuple[Path, ...], output: Path, framework: str | None, ruleset: str | None,
            expect: str | None, assessed: str | None, strict: bool, report_file: Path | None,
            fmt: str | None) -> None:
    """Merge returned questionnaire WORKBOOKS (e.g. returned/*.xlsx) into one answers file, with a
    report per file: what was read, what is missing, conflicts and errors. Errors and conflicts
    stop the merge (exit 2, nothing written)."""
    from cyberplan.engine.inputs.collect import collect as collect_workbooks
    from cyberplan.engine.inputs.collect import named_framework, reference_for
    from cyberplan.engine.models.assessment import iso_date
    from cyberplan.engine.render import write_atomic
    from cyberplan.engine.render.answers import answers_json, answers_yaml
    from cyberplan.engine.render.views.collect import collect_output
    reg = _registry()
    fw_ref = framework or named_framework(list(workbooks))
    if fw_ref is None:
        raise InputError("no workbook names its framework: give --framework", path="--framework")
    fw = reg.framework(fw_ref)
    try:
        date = iso_date(assessed) if assessed is not None else None
    except ValueError as e:
        raise InputError(str(e), path="--assessed") from None
    expected = [e.strip() for e in expect.split(",") if e.strip()] if expect else None
    merged, report = collect_workbooks(list(workbooks), fw, framework_ref=reference_for(framework, output),
                                       ruleset=reference_for(ruleset, output), expected=expected, assessed=date,
                                       strict=strict)
    written = None
    if merged is not None:
        header = f"Collected by cyberplan collect from {len(workbooks)} workbook(s)."
        text = answers_json(merged, fw) if output.suffix.lower() == ".json" else answers_yaml(merged, fw, header)
        write_atomic(output, text)
        written = output
    out = collect_output(report, written)
    emit(out, fmt if report_file is None else None, None, reg)
    if report_file is not None:
        emit(out, fmt, report_file, reg)
    if written is not None:
        click.echo(f"wrote {written}", err=True)
    else:
        sys.exit(EXIT_BAD_INPUT)


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
@click.option("--max-unanswered", "max_unanswered", default="20%", show_default=True,
              help="Above this share of unanswered (or `unknown`) questions an entity gets a warning and its "
                   "levels are marked as lower bounds.")
@click.option("--against", metavar="FRAMEWORK", help="Read the assessment against another framework (id or path) "
              "through a mapping set: per outcome, the level carried, partial evidence, or none.")
@click.option("--mapping", metavar="ID|PATH", help="With --against: the mapping set to use (default: the installed "
              "one relating the two frameworks).")
@output_options
@handle_errors
def assess(answers: Path, framework: str | None, ruleset: str | None, attributes: Path | None,
           explain: str | None, entity_id: str | None, detail: bool, max_unanswered: str, against: str | None,
           mapping: str | None, fmt: str | None, output: Path | None) -> None:
    """Maturity per outcome for every entity in ANSWERS."""
    from cyberplan.engine.render.views.results import assessment_output
    reg = _registry()
    inputs = _inputs(answers, framework, ruleset, reg, attributes)
    result = _assess(inputs, _share(max_unanswered))
    if against:
        from cyberplan.engine.assess.crosswalk import crosswalk
        from cyberplan.engine.inputs.resolve import resolve_mapping
        from cyberplan.engine.render.views.crosswalk import crosswalk_output
        target, ms = resolve_mapping(reg, inputs.framework, against, mapping)
        emit(crosswalk_output(crosswalk(result, inputs.framework, target, ms)), fmt, output, reg)
        return
    if mapping:
        raise InputError("--mapping goes with --against FRAMEWORK", path="--mapping")
    if explain:
        from cyberplan.engine.render.views.explain import explain_output
        emit(explain_output(inputs, result, explain, entity_id), fmt, output, reg)
        return
    emit(assessment_output(result, inputs.framework, detail=detail), fmt, output, reg)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@allow_outside_option
@click.option("--targets", type=click.Path(path_type=Path),
              help="A targets file (the `targets:` of a plan configuration, docs/formats.md §3.5).")
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
@click.option("--threats", required=True,
              help="A threat profile file (docs/formats.md §3.4), or an installed one's name.")
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


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--targets", type=click.Path(path_type=Path), help="A targets file, for target attainment.")
@click.option("--config", type=click.Path(path_type=Path), help="A plan configuration; its targets are used.")
@click.option("--framework", help="Framework id or path (overrides both answers files).")
@click.option("--ruleset", help="Ruleset id or path (overrides both answers files).")
@allow_outside_option
@output_options
@handle_errors
def compare(old: Path, new: Path, targets: Path | None, config: Path | None, framework: str | None,
            ruleset: str | None, fmt: str | None, output: Path | None) -> None:
    """What rose and fell between two assessments (OLD then NEW), per entity and outcome, with the
    rule that decided each level and the answers that changed; target attainment before and after."""
    from cyberplan.engine.assess.compare import compare as compare_results
    from cyberplan.engine.assess.targets import target_problems
    from cyberplan.engine.inputs.resolve import load_targets
    from cyberplan.engine.render.views.compare import compare_output
    reg = _registry()
    before = _inputs(old, framework, ruleset, reg)
    after = _inputs(new, framework, ruleset, reg)
    tgt, tfile = load_targets(config=config, targets=targets)
    problems = target_problems(tgt, after.framework, None, file=tfile)
    if problems:
        raise InputError(problems)
    if before.framework.version != after.framework.version:
        click.echo(f"warning: {old} is read with {before.framework.id} version {before.framework.version}, {new} "
                   f"with version {after.framework.version}", err=True)
    result = compare_results(after.framework, _assess(before), _assess(after), tgt, old_file=str(old),
                             new_file=str(new))
    emit(compare_output(result), fmt, output, reg)


def _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit, gap, solver, reg):
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import plan_threats, with_solver_options
    inputs = _inputs(answers, framework, ruleset, reg)
    cfg = with_solver_options(load_plan_config(config), time_limit=time_limit, gap=gap, name=solver)
    profile, tfile = plan_threats(threats, cfg, config, reg, framework=inputs.framework)
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
                     help="The plan configuration (docs/formats.md §3.5)."),
        click.option("--threats", help="A threat profile file (docs/formats.md §3.4), or an installed one's name "
                                       "(default: the configuration's `threats:`)."),
        click.option("--framework"), click.option("--ruleset"), allow_outside_option,
        click.option("--time-limit", type=float, help="Solver time limit in seconds (overrides the config)."),
        click.option("--gap", type=float, help="Relative optimality gap (overrides the config)."),
        click.option("--solver", type=click.Choice(["highs", "cbc"]), help="Overrides the config."),
        click.option("-q", "--quiet", is_flag=True, help="No progress messages."),
        click.option("--workers", type=click.IntRange(min=1), help="Worker processes for a portfolio planned by "
                     "entity (default: the machine's cores)."),
        click.option("--cluster", metavar="tcp://HOST:8786", help="Plan a portfolio's entities on this existing Dask "
                     "cluster (dask.distributed) instead of local processes."),
    ]):
        fn = opt(fn)
    return fn


class _Executor:
    """The executor `--workers`/`--cluster` ask for (None: the planner's default), closed afterwards."""

    def __init__(self, workers: int | None, cluster: str | None):
        self.workers, self.cluster, self.executor = workers, cluster, None

    def __enter__(self):
        if self.workers is None and self.cluster is None:
            return None
        from cyberplan.engine.plan.executor import make_executor
        self.executor = make_executor(self.workers, self.cluster)
        return self.executor

    def __exit__(self, *exc):
        if self.executor is not None:
            self.executor.close()


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
@click.option("--progress", "progress_file", type=click.Path(path_type=Path),
              help="Re-plan from today: a progress file (done, in progress, dropped, money spent, as of a period) "
                   "against the plan CONFIG describes. Completed controls are in place, actions under way are locked "
                   "in at their remaining cost, the horizon starts after `as_of`, money spent is sunk.")
@output_options
@handle_errors
def plan(answers: Path, config: Path, threats: str | None, framework: str | None, ruleset: str | None,
         time_limit: float | None, gap: float | None, solver: str | None, quiet: bool, workers: int | None,
         cluster: str | None, sweep: str | None, uncertainty: bool, draws: int, seed: int,
         progress_file: Path | None, fmt: str | None, output: Path | None) -> None:
    """The prioritised, costed, time-phased action list for ANSWERS under a plan CONFIG."""
    with _Executor(workers, cluster) as executor:
        _plan(answers, config, threats, framework, ruleset, time_limit, gap, solver, quiet, executor, sweep,
              uncertainty, draws, seed, progress_file, fmt, output)


def _plan(answers, config, threats, framework, ruleset, time_limit, gap, solver, quiet, executor, sweep,
          uncertainty, draws, seed, progress_file, fmt, output) -> None:
    from cyberplan.engine.plan import plan_portfolio
    from cyberplan.engine.render.views.plan import plan_output
    reg = _registry()
    say, solver_progress = _progress(quiet)
    from cyberplan.engine.progress import heartbeat
    with heartbeat(say, "reading and assessing the inputs"):
        inputs, cfg, profile, tfile = _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit,
                                                        gap, solver, reg)
        result = _assess(inputs)
    if sweep and progress_file is not None:
        raise InputError("--sweep plans from scratch: it does not take --progress", path="--sweep")
    if sweep:
        from cyberplan.engine.inputs.resolve import sweep_option
        from cyberplan.engine.plan.frontier import sweep_budgets
        from cyberplan.engine.render.views.plan import frontier_output
        front = sweep_budgets(inputs, result, cfg, sweep_option(sweep), threats=profile, progress=say,
                              executor=executor)
        emit(frontier_output(front), fmt, output, reg)
        return
    if progress_file is not None:
        from cyberplan.engine.inputs.read import load_progress
        from cyberplan.engine.plan import replan_portfolio
        if uncertainty:
            raise InputError("--uncertainty does not yet re-plan with --progress: run it on the re-plan's inputs",
                             path="--progress")
        progress, pdoc = load_progress(progress_file)
        p, _ = replan_portfolio(inputs, cfg, progress, profile, progress_doc=pdoc, progress_callback=say,
                                config_file=str(config), threats_file=tfile, solver_progress=solver_progress,
                                executor=executor)
        emit(plan_output(p, inputs.framework), fmt, output, reg)
        if p.status == "infeasible":
            click.echo(f"plan infeasible: {p.reason}", err=True)
            sys.exit(EXIT_PLAN_FAILED)
        return
    p = plan_portfolio(inputs, result, cfg, threats=profile, progress=say, config_file=str(config),
                       threats_file=tfile, solver_progress=solver_progress,
                       uncertainty={"draws": draws, "seed": seed} if uncertainty else None, executor=executor)
    emit(plan_output(p, inputs.framework), fmt, output, reg)
    _exit_without_plan(p)


@cli.command()
@click.argument("plan_file", metavar="PLAN.json", type=click.Path(path_type=Path))
@click.argument("progress_file", metavar="PROGRESS.yaml", type=click.Path(path_type=Path))
@output_options
@handle_errors
def track(plan_file: Path, progress_file: Path, fmt: str | None, output: Path | None) -> None:
    """Plan against actual: spend and schedule variance as of the progress's period, and the
    actions that are late (PLAN.json as `plan --format json` wrote it)."""
    from cyberplan.engine.inputs.read import load_plan_result, load_progress
    from cyberplan.engine.plan.track import track as track_plan
    from cyberplan.engine.render.views.track import track_output
    reg = _registry()
    plan = load_plan_result(plan_file)
    progress, doc = load_progress(progress_file)
    report = track_plan(plan, progress, file=str(plan_file), doc=doc)
    emit(track_output(report, plan.objective.unit), fmt, output, reg)


@cli.command()
@click.argument("answers", type=click.Path(path_type=Path))
@plan_options
@click.option("--no-frontier", is_flag=True, help="Skip the budget frontier (saves a few solves).")
@click.option("--history", "history", multiple=True, type=click.Path(path_type=Path),
              help="An earlier answers file of the same framework (repeat for several): the report shows target "
                   "attainment per entity over time, ending with ANSWERS.")
@output_options
@handle_errors
def report(answers: Path, config: Path, threats: str | None, framework: str | None, ruleset: str | None,
           time_limit: float | None, gap: float | None, solver: str | None, quiet: bool, workers: int | None,
           cluster: str | None, no_frontier: bool, history: tuple[Path, ...], fmt: str | None,
           output: Path | None) -> None:
    """The whole story in one self-contained HTML file: the executive brief, heat map, gaps, roadmap,
    spend, frontier, actions with their reasons, inputs and assumptions (-o report.html); or the
    business case as a Word document (-o case.docx)."""
    from cyberplan.engine.report import build_report
    reg = _registry()
    say, solver_progress = _progress(quiet)
    from cyberplan.engine.progress import heartbeat
    with heartbeat(say, "reading and assessing the inputs"):
        inputs, cfg, profile, tfile = _load_plan_inputs(answers, config, threats, framework, ruleset, time_limit,
                                                        gap, solver, reg)
        result = _assess(inputs)
        earlier = []
        for h in history:
            h_inputs = _inputs(h, framework, ruleset, reg)
            if h_inputs.framework.id != inputs.framework.id:
                raise InputError(f"assesses {h_inputs.framework.id}, not {inputs.framework.id}: a trend needs one "
                                 "framework", file=str(h), path="framework")
            earlier.append((str(h), _assess(h_inputs)))
    with _Executor(workers, cluster) as executor:
        out = build_report(inputs, result, cfg, threats=profile, config_file=str(config), threats_file=tfile,
                           frontier=not no_frontier, progress=say, solver_progress=solver_progress, history=earlier,
                           executor=executor)
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


@cli.group("import")
def import_group() -> None:
    """Frameworks from other tools' files, as pip-installable plugins: CISO Assistant libraries, OSCAL catalogs."""


def import_options(fn):
    for opt in reversed([
        click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
                     help="The folder to write the plugin into (new or empty, unless --force)."),
        click.option("--costs", type=click.Path(dir_okay=False, path_type=Path),
                     help="Fill the placeholder controls' cost, effort and duration from this CSV or YAML file."),
        click.option("--id", "fid", help="The framework id (default: from the library); must not be installed."),
        click.option("--force", is_flag=True, help="Write into a folder that is not empty, replacing the files."),
    ]):
        fn = opt(fn)
    return fn


@import_group.command("ciso-assistant")
@click.argument("library", type=click.Path(dir_okay=False, path_type=Path))
@import_options
@click.option("--with", "others", multiple=True, metavar="FRAMEWORK",
              help="A framework (installed id or path) the library's mapping sets relate, besides the installed ones.")
@handle_errors
def import_ciso_assistant(library: Path, output_dir: Path, costs: Path | None, fid: str | None, force: bool,
                          others: tuple[str, ...]) -> None:
    """A CISO Assistant library YAML as a framework plugin (framework, default ruleset, placeholder
    controls, mapping sets); a mapping-only library as mapping-set files."""
    from cyberplan.engine.importers.ciso_assistant import import_library
    from cyberplan.engine.importers.plugin_writer import check_id_free, write_draft, write_mapping_files
    reg = _registry()
    draft, mappings, warnings = import_library(library, reg, fid=fid, others=[reg.framework(o) for o in others])
    if draft is None:
        lines = write_mapping_files(mappings, output_dir, warnings, replace=force)
    else:
        check_id_free(draft.framework.id, reg, output_dir)
        lines = write_draft(draft, output_dir, costs=costs, replace=force)
    for line in lines:
        click.echo(line)


@import_group.command("oscal")
@click.argument("catalog", type=click.Path(dir_okay=False, path_type=Path))
@import_options
@handle_errors
def import_oscal(catalog: Path, output_dir: Path, costs: Path | None, fid: str | None, force: bool) -> None:
    """An OSCAL catalog or resolved profile catalog (JSON or YAML) as a framework plugin."""
    from cyberplan.engine.importers.oscal import import_catalog
    from cyberplan.engine.importers.plugin_writer import check_id_free, write_draft
    reg = _registry()
    draft = import_catalog(catalog, fid=fid)
    check_id_free(draft.framework.id, reg, output_dir)
    for line in write_draft(draft, output_dir, costs=costs, replace=force):
        click.echo(line)


@cli.command()
@click.argument("format_name", metavar="[FORMAT]", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file (atomically) instead of the terminal.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write every format's schema into this folder, as FORMAT.json.")
@click.option("-f", "--format", "fmt", default=None, help="Of the list of formats: table (default), json, csv, md.")
@handle_errors
def schema(format_name: str | None, output: Path | None, output_dir: Path | None, fmt: str | None) -> None:
    """The JSON Schema of an input FORMAT (framework, questions, controls, ruleset, answers, threats,
    plan, progress, mapping), for editors that validate and complete YAML as it is typed; without
    FORMAT, the list of formats. The formats are described in docs/formats.md."""
    from cyberplan.engine.models.schemas import FORMATS, schema_text
    from cyberplan.engine.render import write_atomic
    if output_dir is not None:
        if format_name is not None or output is not None:
            raise InputError("--output-dir writes every format: give no FORMAT and no -o", path="--output-dir")
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create the folder: {e.strerror or e}; nothing was written",
                             file=str(output_dir)) from None
        for name in FORMATS:
            write_atomic(output_dir / f"{name}.json", schema_text(name))
        click.echo(f"wrote {len(FORMATS)} schemas to {output_dir}", err=True)
        return
    if format_name is None:
        from cyberplan.engine.render.views.schemas import schemas_output
        reg = _registry()
        emit(schemas_output(), fmt, output, reg)
        return
    if fmt not in (None, "json"):
        raise InputError(f"a schema is JSON; --format {fmt} is for the list of formats (no FORMAT)", path="--format")
    text = schema_text(format_name)
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("cyberplan-demo"),
              show_default=True, help="Write report.html and the JSON results here.")
@handle_errors
def demo(output_dir: Path | None) -> None:
    """The bundled example portfolio, end to end."""
    from cyberplan.engine.demo import run_demo
    reg = _registry()
    run_demo(echo=click.echo, emit=lambda out, fmt=None, output=None: emit(out, fmt, output, reg),
             output_dir=output_dir, registry=reg)


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
    from cyberplan.plugins.manager import add_commands, default_plugins
    try:
        with signals_raise():
            plugins = default_plugins()
            before = set(cli.commands)
            add_commands(cli, plugins)
            for name in sorted(set(cli.commands) - before):
                _isolate_command(cli.commands[name], plugins)
            cli(prog_name="cyberplan")
    except KeyboardInterrupt as e:   # before or after a command (loading plugins, parsing)
        _interrupted(e, {})


if __name__ == "__main__":
    main()
