"""Text -> Classification: is this page about an Ofsted inspection of an English council's
children's services, which councils, which kind of inspection, and with what outcome.

A pure function of the text (plus optional title, URL and publication date): no network, no
state, about a millisecond a page. The package is a pipeline of small modules, one decision each:

    text.py        fold quotes, drop page noise, cut sentences            -> Doc
    terms.py       one Aho-Corasick pass for every vocabulary phrase      -> Terms
    councils.py    gazetteer matches + context rules + URL                -> councils, aliases
    judgement.py   grades that read as ratings, each marked past, sub, background
    verdict.py     this inspection's grade, the previous one, a roundup's per council
    inspection.py  type phrases, weighted, dated when no framework named  -> inspection_type
    relevance.py   inspectorate + event + council + LA words - negatives  -> relevant
    dates.py       stated inspection / publication dates (dateutil)
    visits.py      which grade a visit's story gives as news, which it leaves standing
    pipeline.py    `classify`: the steps in order, evidence, confidence
    result.py      `Classification` and its JSON form

All wording lives in `monitor/vocabulary.py`; council names and aliases in
`monitor/data/local_authorities.csv` (via `monitor.councils`). Each module's docstring says what
it decides, from what evidence, what it gets wrong and how to correct it.

Why rules and not a trained model: the labelled set is 78 real articles (48 relevant), far too
few to train a council or judgement model that beats a gazetteer, and rules can say why. Every
decision carries its `evidence` (the alias and sentence for each council, the sentence for the
type and the judgement) so a reader can check it in one glance.

To correct a mistake: add the wording to `monitor/vocabulary.py` or an alias to the reference
data, pin the case with an invented text in `tests/analyze/invented.jsonl`, then run
``python benchmarks/classify_eval.py`` (and ``--cv 5``, ``--file tests/analyze/invented.jsonl``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.analyze.pipeline import classify
    from monitor.analyze.result import Classification

__all__ = ["Classification", "classify"]


def __getattr__(name: str) -> Any:
    # loaded on first use: the process that stores a cycle's items needs `result` (the
    # Classification it is handed) but never the analyser, which costs ~70 ms to import
    if name == "classify":
        from monitor.analyze.pipeline import classify

        return classify
    if name == "Classification":
        from monitor.analyze.result import Classification

        return Classification
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
