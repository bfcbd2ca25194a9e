"""«Справка об организации информационной работы»: the report, written from the data.

The report is a Russian document by definition (the central committee files
it in Russian), so its sentences are written here in Russian rather than as
translatable interface text. Labels that the interface already translates
(verdicts, recommendations, reasons of the page audit) are taken from the
catalogue under ``translation.override("ru")``.

Every sentence depends on a figure: a sentence whose figure is missing is
left out or says that the figure is missing; nothing is canned. The text is
a list of blocks (plain JSON, stored on the `ReportJob`) that the DOCX
writer and the printable page both render, so they always say the same.

A module per concern:

- `regional`: a region's report, section by section (`build_report`);
- `union`: the whole union's report, a line per region (`build_union_report`);
- `organisation`, `outlets`, `own_pages`, `library`, `branch_pages`, `reach`,
  `conclusions`: the sections, in the order the regional report gives them;
- `pages`, `plan`: the figures several sections share;
- `words`: Russian words and dates; `blocks`: the blocks and their plain text;
- `generate`: the job's one write path (`report_request`, `report_generate`),
  which the Celery task calls, and so do the tests.
"""
