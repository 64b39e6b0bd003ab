"""Every notebook runs from top to bottom (nbclient) on the seed graph, and its figures are real
pictures with their Chinese labels drawn (matplotlib warns of every missing glyph)."""

from __future__ import annotations

import base64

import nbformat
import pytest
from conftest import ROOT
from innokg.graph.analysis import readings
from innokg.graph.embedded import EmbeddedStore
from innokg.stores import networkx_graph
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # a real Bolt server / Jupyter kernel: `make check` leaves it out

ARTIFACTS = ROOT / "test-artifacts"
READINGS = {
    "01_responsibility_network": readings.responsibility_reading,
    "02_industry_platform_links": readings.coverage_reading,
    "03_targets": readings.targets_reading,
    "05_citations": readings.citations_reading,
}
#: the notebooks that need more than one document (a citation network of the seed alone is one edge)
LIBRARY = {"05_citations": "lineage_data"}
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: the notebook comparing two editions: it reads our pair (data/editions/), whatever INNOKG_DATA holds
EDITIONS = ROOT / "notebooks" / "04_editions.ipynb"


def test_every_notebook_is_listed():
    assert [n.stem for n in NOTEBOOKS] == ["01_responsibility_network", "02_industry_platform_links", "03_targets", "04_editions", "05_citations"]


@pytest.mark.parametrize("path", [n for n in NOTEBOOKS if n != EDITIONS], ids=lambda p: p.stem)
def test_notebook_runs_and_draws(path, request, tmp_path, monkeypatch):
    seed_data = request.getfixturevalue(LIBRARY.get(path.stem, "seed_data"))
    notebook = executed(path, seed_data, tmp_path, monkeypatch)
    reading = notebook.cells[-1].outputs[0]["data"]["text/markdown"]  # the 解读, computed in the kernel
    assert reading == READINGS[path.stem](networkx_graph(EmbeddedStore(seed_data)))


def test_the_editions_notebook_reads_the_shifts_between_our_editions(seed_data, tmp_path, monkeypatch):
    from innokg.graph.analysis.editions import responsibility_shift
    from innokg.stores import example_editions

    notebook = executed(EDITIONS, seed_data, tmp_path, monkeypatch)
    store, (a, b) = example_editions()
    reading = notebook.cells[-1].outputs[0]["data"]["text/markdown"]
    assert reading == readings.shift_reading(responsibility_shift(store, a, b))
    assert "市地方金融局" in reading and "市国资委" in reading  # the unit of the new task, the unit of the dropped one


def executed(path, seed_data, tmp_path, monkeypatch):
    """The notebook run from top to bottom in a kernel; its figures real pictures, no glyph missing."""
    monkeypatch.setenv("INNOKG_DATA", str(seed_data))  # the kernel inherits the environment
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    ARTIFACTS.mkdir(exist_ok=True)
    nbformat.write(notebook, ARTIFACTS / path.name)  # the executed notebook, to look at

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    pictures = [base64.b64decode(o.data["image/png"]) for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 2
    assert all(len(p) > 15_000 for p in pictures), [len(p) for p in pictures]
    warnings = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "missing from" not in warnings, warnings  # "Glyph … missing from font": tofu boxes
    return notebook
