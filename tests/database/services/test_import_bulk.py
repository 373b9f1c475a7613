"""The bulk path of the import: new articles stored together, the search index deferred."""

from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from database.models import Article, Author, Comment, ImportRecord
from database.search import ARTICLE_SHIFT
from database.services.articles import ArticleFilter, ArticleService
from database.services.importing import (
    DEFERRABLE_INDEX_TRIGGERS,
    ConflictPolicy,
    Importer,
    Outcome,
    collect_files,
)
from database.textformat import ParsedArticle, ParsedComment, write_bytes


def write(
    folder: Path, name: str, title: str, body: str, *comments: str, bio: str = "Bio."
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    article = ParsedArticle(
        title=title, body=body, bio=bio, comments=tuple(ParsedComment((c,)) for c in comments)
    )
    path = folder / name
    path.write_bytes(write_bytes(article))
    return path


def index_is_sound(database) -> None:
    if not database.is_sqlite:
        return  # PostgreSQL's index is a generated column: nothing to defer, nothing to check
    with database.engine.begin() as connection:
        for index in ("article_fts", "comment_fts", "comment_fts_by_article"):
            connection.exec_driver_sql(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
        names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        # Contentless: its check cannot compare with the comments, this does.
        by_article = connection.exec_driver_sql("SELECT rowid FROM comment_fts_by_article")
        comments = connection.exec_driver_sql("SELECT article_id, id FROM comments").all()
        assert sorted(by_article.scalars()) == sorted(
            (article_id << ARTICLE_SHIFT) | comment_id for article_id, comment_id in comments
        ), "the index of comments by article misses or mixes up comments"
    assert set(DEFERRABLE_INDEX_TRIGGERS) <= names, "an index trigger was left dropped"


def found(database, words: str) -> list[int]:
    return ArticleService(database.session_factory).ids(ArticleFilter(search=words))


def content(database) -> list[tuple]:
    """Everything an import writes, without the ids and times that differ between runs."""
    with database.session_factory() as session:
        articles = session.execute(
            select(Article.title, Article.body, Author.bio)
            .join(Author, Author.id == Article.author_id)
            .order_by(Article.id)
        ).all()
        comments = session.execute(
            select(Article.title, Comment.position, Comment.body, Comment.status)
            .join(Article, Article.id == Comment.article_id)
            .order_by(Comment.id)
        ).all()
        records = session.execute(
            select(ImportRecord.file_name, ImportRecord.outcome).order_by(ImportRecord.id)
        ).all()
    return [*map(tuple, articles), *map(tuple, comments), *map(tuple, records)]


@pytest.mark.parametrize("defer", [True, False])
def test_new_articles_are_stored_and_found_with_their_comments(database, tmp_path, defer) -> None:
    for number in range(7):
        write(
            tmp_path,
            f"{number}.txt",
            f"Story {number}",
            f"Body zebra{number}.",
            f"Comment yak{number}",
        )
    summary = Importer(database.session_factory, batch_size=3, defer_index=defer).run([tmp_path])
    assert [r.outcome for r in summary.results] == [Outcome.IMPORTED] * 7
    assert [r.new_comments for r in summary.results] == [1] * 7
    assert len(found(database, "zebra4")) == 1
    assert len(found(database, "yak6")) == 1  # a comment's words find its article
    index_is_sound(database)


def test_a_batch_indexes_its_comments_by_article_in_one_statement(database, tmp_path) -> None:
    """The index of comments by article is deferred like the others: no trigger per comment,
    and every comment of the batch finds its article."""
    for number in range(5):
        write(tmp_path, f"{number}.txt", f"Story {number}", "Body.", f"Comment okapi{number}", "x")
    statements: list[str] = []

    def note(_connection, _cursor, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        Importer(database.session_factory, batch_size=2).run([tmp_path])
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    articles = ArticleService(database.session_factory)
    for number in range(5):
        [article_id] = found(database, f"okapi{number}")
        assert articles.matching_ids(f"okapi{number}") == {article_id}
    index_is_sound(database)
    if database.is_sqlite:
        dropped = [s for s in statements if s == "DROP TRIGGER comment_fts_by_article_insert"]
        assert len(dropped) == 3  # once in each batch's transaction


def test_the_bulk_path_stores_exactly_what_the_careful_one_does(tmp_path) -> None:
    from database.engine import open_database

    folder = tmp_path / "files"
    write(folder, "a.txt", "Alpha", "First.", "One", "Two", bio="Covers the council.")
    write(folder, "b.txt", "Beta", "Second.", bio="Sports desk.")
    write(folder, "c.txt", "Alpha", "First.", "One", "Two", "Three", bio="Covers the council.")
    write(folder, "d.txt", "Gamma", "Third.", "Four", bio="Covers the council.")
    write(folder, "e.txt", "Beta", "Rewritten.", bio="Sports desk.")
    contents = []
    for name, batch in (("bulk", 500), ("one-by-one", 1)):
        database = open_database(f"sqlite:///{tmp_path / name}.sqlite3")
        summary = Importer(database.session_factory, batch_size=batch).run([folder])
        contents.append(([(Path(r.path).name, r.outcome, r.message) for r in summary.results],
                         content(database)))  # fmt: skip
        index_is_sound(database)
        database.dispose()
    assert contents[0] == contents[1]
    outcomes = [outcome for _, outcome, _ in contents[0][0]]
    assert outcomes == [Outcome.IMPORTED, Outcome.IMPORTED, Outcome.UPDATED, Outcome.IMPORTED,
                        Outcome.CONFLICT]  # fmt: skip


def test_a_refused_file_sends_the_batch_the_careful_way(database, tmp_path) -> None:
    if not database.is_sqlite:
        pytest.skip("the refusing trigger is written for SQLite")
    for number, title in enumerate(["First", "Second", "Third", "Fourth"]):
        write(tmp_path, f"{number}.txt", title, f"Body of {title.lower()}.", bio=f"Author {title}")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TRIGGER refuse_third BEFORE INSERT ON articles WHEN new.title = 'Third' "
            "BEGIN SELECT RAISE(ABORT, 'no thirds'); END"
        )
    summary = Importer(database.session_factory).run([tmp_path])
    outcomes = [result.outcome for result in summary.results]
    assert outcomes == [Outcome.IMPORTED, Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]
    assert "no thirds" in summary.results[2].message
    with database.session_factory() as session:
        bios = list(session.scalars(select(Author.bio).order_by(Author.id)))
        assert session.scalar(select(func.count()).select_from(ImportRecord)) == 3
    assert bios == ["Author First", "Author Second", "Author Fourth"]
    assert found(database, "fourth") and not found(database, "third")
    index_is_sound(database)


def test_replacing_a_body_imported_in_the_same_batch_keeps_the_index_sound(
    database, tmp_path
) -> None:
    write(tmp_path, "a.txt", "Bridge", "Old words giraffe.")
    write(tmp_path, "b.txt", "Bridge", "New words okapi.")
    importer = Importer(database.session_factory, on_conflict=ConflictPolicy.REPLACE)
    summary = importer.run([tmp_path])
    assert [r.outcome for r in summary.results] == [Outcome.IMPORTED, Outcome.UPDATED]
    assert found(database, "okapi") and not found(database, "giraffe")
    index_is_sound(database)


def test_a_failure_mid_batch_puts_the_index_triggers_back(database, tmp_path, monkeypatch) -> None:
    write(tmp_path, "a.txt", "One", "Body.")
    importer = Importer(database.session_factory)

    def explode(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(importer, "_insert_articles", explode)
    with pytest.raises(RuntimeError):
        importer.run([tmp_path])
    index_is_sound(database)
    with database.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM articles")) == 0


def test_a_linked_file_is_imported_once(tmp_path) -> None:
    original = write(tmp_path, "a.txt", "One", "Body.")
    (tmp_path / "link.txt").symlink_to(original)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "folder-link").symlink_to(tmp_path)  # not followed: no loop
    files, missing = collect_files([tmp_path, original])
    assert [path.name for path in files] == ["a.txt"] and missing == []
