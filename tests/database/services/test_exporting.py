from pathlib import Path

import pytest
from sqlalchemy import select, update

from database.models import Comment
from database.services.articles import ArticleService
from database.services.authors import AuthorChanges, AuthorService
from database.services.exporting import (
    CommentSelection,
    ExportBlocker,
    export_articles,
    export_problem,
    file_name_for,
    safe_stem,
    unique_name,
)
from database.services.importing import Importer
from database.statuses import CommentStatus
from database.textformat import parse_bytes


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_samples_round_trip_byte_for_byte_with_all_comments(database, samples, out) -> None:
    Importer(database.session_factory).run(samples)
    summary = export_articles(database.session_factory, out, comments=CommentSelection.ALL)
    assert not summary.failed
    exported = {path.name: path.read_bytes() for path in out.iterdir()}
    assert exported == {sample.name: sample.read_bytes() for sample in samples}


def test_export_includes_only_approved_comments_and_counts_follow(database, samples, out) -> None:
    Importer(database.session_factory).run(samples)
    with database.session_factory.begin() as session:
        second = session.scalar(select(Comment.id).where(Comment.position == 2))
        session.execute(
            update(Comment).where(Comment.id == second).values(status=CommentStatus.APPROVED)
        )
    export_articles(database.session_factory, out)
    article = parse_bytes((out / "swift-action-social-care.txt").read_bytes())
    assert len(article.comments) == 1
    assert article.comments[0].text.startswith("“Coun Sheila Woodyatt")
    text = (out / "swift-action-social-care.txt").read_text()
    assert "\n1 Comment\nShare." in text
    assert "\n  1. “Coun Sheila" in text


def test_pending_comments_are_not_exported(database, samples, out) -> None:
    Importer(database.session_factory).run(samples)
    export_articles(database.session_factory, out)
    article = parse_bytes((out / "swift-action-social-care.txt").read_bytes())
    assert article.comments == ()


def test_export_writes_the_authors_current_bio(database, samples, out) -> None:
    Importer(database.session_factory).run(samples[:1])
    authors = AuthorService(database.session_factory)
    author = authors.list()[0]
    authors.update(author.id, AuthorChanges(display_name="Jo Bloggs", bio="Edited bio."))
    export_articles(database.session_factory, out)
    assert parse_bytes(next(out.iterdir()).read_bytes()).bio == "Edited bio."


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Café £5 “deal”", "cafe-5-deal"),
        ("///", "article"),
        ("CON", "con-article"),
        ("A" * 300, "a" * 80),
    ],
)
def test_file_names_are_safe_and_readable(title: str, stem: str) -> None:
    assert safe_stem(title) == stem


def test_names_never_escape_the_folder(database, tmp_path) -> None:
    authors = AuthorService(database.session_factory)
    author = authors.create(AuthorChanges(display_name="Jo", bio="Bio."))
    articles = ArticleService(database.session_factory)
    for title in ["../../escape", "..", "/abs/path", "Same", "same", "SAME"]:
        articles.create(title, "Body.", author_id=author.id)
    out = tmp_path / "out"
    summary = export_articles(database.session_factory, out)
    assert len(summary.written) == 6
    assert all(item.path.parent == out for item in summary.written)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["escape.txt", "article.txt", "abs-path.txt", "same.txt", "same-2.txt", "same-3.txt"]
    )
    assert not list(tmp_path.glob("*.txt"))


def test_an_article_without_a_bio_is_reported_not_written(database, out) -> None:
    ArticleService(database.session_factory).create("Orphan", "Body.")
    summary = export_articles(database.session_factory, out)
    assert summary.written == []
    assert "no author" in summary.failed[0].message
    assert list(out.iterdir()) == []


def test_imported_names_are_kept_and_sanitised() -> None:
    assert file_name_for("Title", "child-protection-good.txt") == "child-protection-good.txt"
    assert file_name_for("Title", "My Story (final).TXT") == "my-story-final.txt"
    assert file_name_for("Title here", None) == "title-here.txt"
    taken: set[str] = set()
    assert [unique_name("a.txt", taken) for _ in range(3)] == ["a.txt", "a-2.txt", "a-3.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(database, samples, out) -> None:
    Importer(database.session_factory).run(samples[:1])
    target = out / samples[0].name
    target.mkdir(parents=True)  # a folder where the file should go: the replace must fail
    summary = export_articles(database.session_factory, out)
    assert summary.failed and "cannot write" in summary.failed[0].message
    assert [p.name for p in out.iterdir()] == [samples[0].name]


def test_export_problem_is_what_the_exporter_refuses(database, out) -> None:
    articles = ArticleService(database.session_factory)
    authors = AuthorService(database.session_factory)
    dana = authors.create_named("Dana Reporter")  # a bio to come later
    eli = authors.create(AuthorChanges("Eli Writer", "Eli writes."))
    nobody = articles.create("Orphan", "Body.").id
    no_bio = articles.create("Harbour", "Body.", author_id=dana.id).id
    no_body = articles.create("Headline only", "", author_id=eli.id).id
    fine = articles.create("Fine", "Body.", author_id=eli.id).id
    problems = {
        article: export_problem(database.session_factory, article)
        for article in (nobody, no_bio, no_body, fine)
    }
    assert problems[fine] is None
    assert problems[nobody] is not None and problems[nobody].blocker is ExportBlocker.NO_AUTHOR
    assert problems[no_bio] is not None and problems[no_bio].blocker is ExportBlocker.NO_BIO
    assert problems[no_body] is not None and problems[no_body].blocker is ExportBlocker.FORMAT
    # The same rule, and the same words, as the export's own report.
    summary = export_articles(database.session_factory, out)
    assert [written.article_id for written in summary.written] == [fine]
    failed = {failure.article_id: failure.message for failure in summary.failed}
    assert failed == {
        article: problem.message for article, problem in problems.items() if problem is not None
    }
    assert failed[no_body] == "cannot write the article as text: the body has no text"
    assert export_problem(database.session_factory, 10_000) is None  # no such article
