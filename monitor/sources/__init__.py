"""One parser per kind of source: ``feed`` (RSS/Atom and news search), ``article`` (article
pages), ``ofsted`` (provider pages on reports.ofsted.gov.uk)."""
