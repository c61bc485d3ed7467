"""`modelcfg init`: scaffold a project on built-in presets, with editor hints."""

from pathlib import Path

import click

from modelcfg.profiles import builtin_names

from .errors import fail
from .options import Command, chosen_project, project_option


@click.command("init", cls=Command)
@click.argument(
    "positional", metavar="[DIRECTORY]", required=False, type=click.Path(file_okay=False, path_type=Path)
)
@project_option
@click.option(
    "--preset",
    "presets",
    multiple=True,
    type=click.Choice(builtin_names("preset")),
    help="Provider preset to build on (repeatable; the first is the default provider). Default: openai.",
)
def init_command(positional: Path | None, project: Path | None, presets: tuple[str, ...]) -> None:
    """Create a modelcfg project in the -p directory (default: here); never overwrites a file.

    Writes modelcfg.yaml (extends the presets and the three tuning profiles, with
    selection rules and a failover chain), staging and production overlays in envs/,
    a .gitignore (kept when one exists) and a copy of the JSON Schema that the files'
    editor hints point at. A positional DIRECTORY still works for this release
    (deprecated; use -p).

    \b
    Example:
      modelcfg init -p my-agent --preset openai --preset anthropic --preset groq
    """
    from modelcfg.compiler.atomic import write_atomic, write_error
    from modelcfg.profiles.scaffold import GITIGNORE, scaffold

    directory = chosen_project(project, positional, "init")
    files, key_envs = scaffold(list(dict.fromkeys(presets or ("openai",))))
    kept = GITIGNORE if (directory / GITIGNORE).exists() else None
    existing = [name for name in files if name != kept and (directory / name).exists()]
    if existing:
        fail(
            f"refusing to overwrite {', '.join(str(directory / n) for n in existing)}; "
            "choose another directory or move these files away"
        )
    for name, text in files.items():
        path = directory / name
        if name == kept:
            click.echo(f"kept {path}: make sure it lists modelcfg.local.yaml and .modelcfg_cache/")
            continue
        try:
            write_atomic(path, text)
        except OSError as exc:
            fail(write_error(path, exc))
        click.echo(f"created {path}")
    click.echo(
        f"\nnext: set {', '.join(key_envs) or 'your API keys'} in the environment, then\n"
        f"  modelcfg lint -p {directory}\n"
        f"  modelcfg compile -p {directory} --env production\n"
        "personal overrides go in modelcfg.local.yaml (ignored by git)"
    )
