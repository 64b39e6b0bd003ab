"""The ``innokg`` command's entry point (``[project.scripts]``): the command line, imported
without the garbage collector's passes over it.

Importing the command line (typer and rich, pydantic's models, numpy) makes some 60,000 objects
that live as long as the process, and next to no garbage; the collector's passes over them as
they arrive, a full one among them, are a seventh of the import and free nothing. Every command
pays the import, so it is made with the collector paused, and the command runs with it on.

When the command is done, every object it made is frozen (``gc.freeze``): the interpreter's last
collection at exit would otherwise walk all of them — the pipeline, a composed graph — to find
no garbage worth finding then, a sixth of a short build (0.15 of 0.85 s). Objects are still freed
as their references go; only the cyclic collector leaves them alone — so no cleanup in innokg may
wait for a cycle to be collected (a file, a connection or a pool closes by ``with``, never by
``__del__`` or a suspended generator's ``finally``).
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from innokg.api.cli import main as run
    finally:
        gc.enable()
    try:
        run()
    finally:
        gc.freeze()
