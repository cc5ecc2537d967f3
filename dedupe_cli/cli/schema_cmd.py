"""``dedupe schema NAME``: print the JSON Schema of a JSON document."""

from __future__ import annotations

from typing import Annotated

import typer

from dedupe_cli.cli import app
from dedupe_cli.cli.coerce import PlainCommand
from dedupe_cli.cli.common import fail
from dedupe_cli.cli.terminal import stderr_console
from dedupe_cli.schemas import SCHEMAS, schema_text


@app.command("schema", cls=PlainCommand)
def schema(
    name: Annotated[str, typer.Argument(help=f"The document: {', '.join(SCHEMAS)}.")] = "scan",
) -> None:
    """Print the JSON Schema of a JSON document the tool writes."""
    if name not in SCHEMAS:
        raise fail(stderr_console(False), f"no schema named {name!r} (choose from {', '.join(SCHEMAS)})")
    typer.echo(schema_text(name), nl=False)
