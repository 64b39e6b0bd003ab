"""The pipeline is a plain spaCy pipeline: blank Chinese, character tokens, components registered by name."""

from __future__ import annotations

from innokg.ingest import parse_text
from spacy.language import Language


def test_components_are_registered_with_requires_and_assigns(nlp):
    assert nlp.lang == "zh"
    assert nlp.pipe_names[:2] == ["innokg_attribution", "innokg_units"]
    assert {
        "innokg_gazetteer",
        "innokg_entity_patterns",
        "innokg_entities",
        "innokg_targets",
        "innokg_relations",
    } <= set(nlp.pipe_names)
    assert nlp.tokenizer.__class__.__name__ == "CharTokenizer"
    meta = Language.get_factory_meta("innokg_units")
    assert "doc._.clauses" in meta.requires and "doc._.attributions" in meta.assigns


def test_spans_are_set_on_the_doc(nlp):
    parsed = parse_text("某市方案\n一、任务\n1.建设。内容。（牵头单位：市科技局；责任单位：市财政局）\n")
    doc = nlp.make_doc(parsed.text)
    doc._.structure = parsed
    doc = nlp(doc)
    assert [s.label_ for s in doc.spans["units"]] == ["LEADS", "CO_RESPONSIBLE"]
    assert [s.text for s in doc.spans["units"]] == ["市科技局", "市财政局"]
    assert len(doc.spans["attribution"]) == 1


def test_reading_does_not_import_spacys_command_line_and_spacy_still_offers_it():
    """innokg.nlp imports spaCy without ``spacy.cli`` (weasel, requests, spaCy's commands): a
    document is read without it, and ``spacy.cli`` (with every command, ``info`` too),
    ``spacy.info`` and ``from spacy.cli.info import …`` import it when asked, as before."""
    import subprocess
    import sys

    probe = (
        "import pickle, sys; from innokg.nlp.record import extract; from innokg.ingest import parse_text; "
        "record = extract(parse_text('某市方案\\n一、任务\\n1.建设。（牵头单位：市科技局）\\n')); "
        "print(record.tasks[0].lead[0].name, 'spacy.cli' in sys.modules, 'requests' in sys.modules); "
        "import spacy; from typer.main import get_command; "
        "print(callable(spacy.cli.download), sorted({'info', 'download', 'train'} & set(get_command(spacy.cli.app).commands))); "
        "from spacy.cli.info import info_model; "
        "print(callable(info_model), 'spacy_version' in spacy.info(silent=True), pickle.loads(pickle.dumps(spacy.info)) is spacy.info)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["市科技局 False False", "True ['download', 'info', 'train']", "True True True"]
