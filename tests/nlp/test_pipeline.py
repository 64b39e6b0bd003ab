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
