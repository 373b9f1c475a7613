"""What will keep a saved article from being exported, said beside the field it is about.

The rule is the exporter's own (database.services.exporting.export_problem): the editor only
words it for the person who can fix it, as a warning, since saving is allowed regardless.
"""

from __future__ import annotations

from dataclasses import dataclass

from database.services.exporting import ExportBlocker, ExportProblem


@dataclass(frozen=True)
class ExportWarning:
    field: str  # the form's field it is about ("author"), or "" for the article as a whole
    text: str


def export_warning(problem: ExportProblem, author_name: str) -> ExportWarning:
    if problem.blocker is ExportBlocker.NO_AUTHOR:
        return ExportWarning(
            "author", "Export needs an author with a bio: choose one, or “New author…”."
        )
    if problem.blocker is ExportBlocker.NO_BIO:
        who = author_name or "the author"
        return ExportWarning(
            "author", f"Export needs an author with a bio: add one for {who} in Authors."
        )
    return ExportWarning("", f"Export will refuse this article: {problem.message}.")
