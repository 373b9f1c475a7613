from pathlib import Path

import pytest
from sqlalchemy import func, select

from database.models import Article, Author, Comment, ImportRecord
from database.services.importing import ConflictPolicy, Importer, Outcome, collect_files
from database.statuses import ArticleStatus, CommentStatus
from database.textformat import ParsedArticle, ParsedComment, write_bytes


def article_file(
    folder: Path,
    name: str,
    *,
    title: str = "Bridge reopens",
    body: str = "Body.",
    bio: str = "Reporter of the year.",
    comments: tuple[str, ...] = (),
) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    article = ParsedArticle(
        title=title,
        body=body,
        bio=bio,
        comments=tuple(ParsedComment.from_text(text) for text in comments),
    )
    path.write_bytes(write_bytes(article))
    return path


def count(database, model) -> int:
    with database.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_samples_are_imported_as_published_with_pending_comments(database, samples) -> None:
    summary = Importer(database.session_factory).run(samples)
    assert [result.outcome for result in summary.results] == [Outcome.IMPORTED] * 2
    with database.session_factory() as session:
        statuses = set(session.scalars(select(Article.status)))
        comment_statuses = list(session.scalars(select(Comment.status)))
    assert statuses == {ArticleStatus.PUBLISHED}
    assert comment_statuses == [CommentStatus.PENDING] * 2


def test_same_bio_means_same_author_with_a_provisional_name(database, tmp_path: Path) -> None:
    article_file(tmp_path, "a.txt", title="One", bio="Covers the council.")
    article_file(tmp_path, "b.txt", title="Two", bio="Covers the council.")
    article_file(tmp_path, "c.txt", title="Three", bio="Sports desk.")
    Importer(database.session_factory).run([tmp_path])
    with database.session_factory() as session:
        authors = session.scalars(select(Author).order_by(Author.id)).all()
        assert len(authors) == 2
        assert all(author.needs_name for author in authors)
        assert authors[0].display_name == "Unnamed author (Covers the council.)"
        assert session.scalar(select(func.count()).where(Article.author_id == authors[0].id)) == 2


def test_reimport_creates_nothing_twice_and_adds_new_comments(database, tmp_path: Path) -> None:
    path = article_file(tmp_path, "a.txt", comments=("First!", "Same words", "Same words"))
    importer = Importer(database.session_factory)
    assert importer.run([path]).results[0].outcome is Outcome.IMPORTED
    again = Importer(database.session_factory).run([path]).results[0]
    assert again.outcome is Outcome.UNCHANGED
    assert count(database, Article) == 1
    assert count(database, Comment) == 3
    article_file(tmp_path, "a.txt", comments=("First!", "Same words", "Same words", "Late one"))
    updated = Importer(database.session_factory).run([path]).results[0]
    assert (updated.outcome, updated.new_comments) == (Outcome.UPDATED, 1)
    with database.session_factory() as session:
        positions = session.execute(select(Comment.position, Comment.body)).all()
    assert sorted(positions)[-1] == (4, "Late one")


def test_a_different_body_is_a_conflict_left_alone(database, tmp_path: Path) -> None:
    article_file(tmp_path / "old", "a.txt", body="Original.")
    article_file(tmp_path / "new", "a.txt", body="Rewritten.")
    Importer(database.session_factory).run([tmp_path / "old"])
    result = Importer(database.session_factory).run([tmp_path / "new"]).results[0]
    assert result.outcome is Outcome.CONFLICT
    assert "different body" in result.message
    with database.session_factory() as session:
        assert list(session.scalars(select(Article.body))) == ["Original."]


@pytest.mark.parametrize(
    ("policy", "bodies"),
    [
        (ConflictPolicy.REPLACE, ["Rewritten."]),
        (ConflictPolicy.DUPLICATE, ["Original.", "Rewritten."]),
    ],
)
def test_conflicts_can_replace_or_duplicate(database, tmp_path: Path, policy, bodies) -> None:
    article_file(tmp_path / "old", "a.txt", body="Original.")
    article_file(tmp_path / "new", "a.txt", body="Rewritten.")
    Importer(database.session_factory).run([tmp_path / "old"])
    Importer(database.session_factory, on_conflict=policy).run([tmp_path / "new"])
    with database.session_factory() as session:
        assert sorted(session.scalars(select(Article.body))) == bodies


def test_a_bad_file_leaves_no_trace_and_the_others_go_in(database, tmp_path: Path) -> None:
    article_file(tmp_path, "good.txt", title="Good", comments=("Nice",))
    (tmp_path / "list.txt").write_text("eggs\nmilk\nbread\n")
    article_file(tmp_path, "zz.txt", title="Also good")
    summary = Importer(database.session_factory).run([tmp_path])
    outcomes = {Path(r.path).name: r for r in summary.results}
    assert outcomes["good.txt"].outcome is Outcome.IMPORTED
    assert outcomes["zz.txt"].outcome is Outcome.IMPORTED
    failed = outcomes["list.txt"]
    assert failed.outcome is Outcome.FAILED
    assert "line" in failed.message and "expected" in failed.message
    assert count(database, Article) == 2
    assert not summary.all_succeeded


def test_a_database_failure_rolls_back_only_that_file(database, tmp_path: Path) -> None:
    article_file(tmp_path, "a.txt", title="First", bio="New author one")
    article_file(tmp_path, "b.txt", title="Second", bio="New author two")
    article_file(tmp_path, "c.txt", title="Third", bio="New author three")
    with database.engine.begin() as connection:
        if database.is_sqlite:
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_second BEFORE INSERT ON articles WHEN new.title = 'Second' "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_second() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN RAISE EXCEPTION 'disk on fire'; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_second BEFORE INSERT ON articles FOR EACH ROW "
                "WHEN (new.title = 'Second') EXECUTE FUNCTION refuse_second()"
            )
    summary = Importer(database.session_factory).run([tmp_path])
    assert [r.outcome for r in summary.results] == [
        Outcome.IMPORTED,
        Outcome.FAILED,
        Outcome.IMPORTED,
    ]
    assert "disk on fire" in summary.results[1].message
    with database.session_factory() as session:
        names = list(session.scalars(select(Author.bio).order_by(Author.id)))
    assert names == ["New author one", "New author three"]
    assert count(database, ImportRecord) == 2


def test_comments_can_enter_approved(database, samples) -> None:
    Importer(database.session_factory, comment_status=CommentStatus.APPROVED).run(samples)
    with database.session_factory() as session:
        assert set(session.scalars(select(Comment.status))) == {CommentStatus.APPROVED}


def test_cancel_stops_between_files_and_keeps_what_was_done(database, tmp_path: Path) -> None:
    for number in range(10):
        article_file(tmp_path, f"{number:02}.txt", title=f"Story {number}")
    seen: list[int] = []
    summary = Importer(database.session_factory, batch_size=3).run(
        [tmp_path],
        progress=lambda done, total, _path: seen.append(done),
        should_cancel=lambda: len(seen) >= 5,
    )
    assert summary.cancelled
    assert len(summary.results) == 5
    assert count(database, Article) == 5


def test_folders_are_searched_recursively_for_text_files(tmp_path: Path) -> None:
    article_file(tmp_path / "a" / "b", "deep.txt")
    article_file(tmp_path, "top.TXT")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    article_file(tmp_path / ".hidden", "secret.txt")
    files, not_tried = collect_files([tmp_path, tmp_path / "top.TXT", tmp_path / "nope"])
    assert sorted(path.name for path in files) == ["deep.txt", "top.TXT"]
    assert [(result.outcome, result.message) for result in not_tried] == [
        (Outcome.SKIPPED, "hidden folder: 1 .txt file in it not tried"),
        (Outcome.FAILED, "no such file or folder"),
    ]


def test_repairs_are_reported(database, samples, tmp_path: Path) -> None:
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + samples[0].read_bytes().replace(b"\n", b"\r\n"))
    result = Importer(database.session_factory).run([windows]).results[0]
    assert result.outcome is Outcome.IMPORTED
    assert "byte-order mark" in result.repairs
    assert "Windows line endings" in result.repairs
