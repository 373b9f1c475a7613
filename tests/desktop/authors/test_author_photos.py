from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage

from desktop.authors import prompts
from desktop.authors.panel import AuthorsPanel
from desktop.authors.photo_file import MAX_FILE_BYTES, STORED_SIDE, PhotoError, read_photo_file
from desktop.authors.photo_widget import PhotoWidget, author_photo_pixmap


def decoded(photo: bytes) -> QImage:
    image = QImage.fromData(photo)
    assert not image.isNull()
    return image


def test_large_photo_is_scaled_to_fit_and_stored_as_jpeg(image_file) -> None:
    photo = read_photo_file(image_file("wide.png", 2000, 1000))
    assert photo.startswith(b"\xff\xd8")  # JPEG
    image = decoded(photo)
    assert (image.width(), image.height()) == (STORED_SIDE, STORED_SIDE // 2)


def test_small_photo_keeps_its_size(image_file) -> None:
    image = decoded(read_photo_file(image_file("small.jpg", 100, 80)))
    assert (image.width(), image.height()) == (100, 80)


def test_transparent_photo_stays_png(tmp_path: Path) -> None:
    image = QImage(600, 600, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    path = tmp_path / "logo.png"
    image.save(str(path))
    photo = read_photo_file(path)
    assert photo.startswith(b"\x89PNG")
    assert decoded(photo).hasAlphaChannel()


def test_a_file_that_is_not_an_image_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("not a picture at all")
    with pytest.raises(PhotoError, match=r"“notes\.png” is not an image"):
        read_photo_file(path)


def test_a_huge_image_is_refused_before_decoding(image_file) -> None:
    with pytest.raises(PhotoError, match=r"“panorama\.png” is 10,001 × 10 pixels.*10,000"):
        read_photo_file(image_file("panorama.png", 10_001, 10))


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "raw.jpg"
    with path.open("wb") as sparse:
        sparse.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(
        PhotoError, match=r"“raw\.jpg” is too large for a photo: 21 MB, where at most 20 MB"
    ):
        read_photo_file(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"“gone\.png” cannot be read"):
        read_photo_file(tmp_path / "gone.png")


def test_author_photo_pixmap_fits_the_photo_or_draws_a_placeholder(image_file) -> None:
    photo = image_file("tall.png", 100, 200).read_bytes()
    pixmap = author_photo_pixmap(photo, 48)
    ratio = pixmap.devicePixelRatio()
    assert (pixmap.width() / ratio, pixmap.height() / ratio) == (24, 48)
    placeholder = author_photo_pixmap(None, 48)
    assert not placeholder.isNull()
    assert placeholder.width() / placeholder.devicePixelRatio() == 48
    assert not author_photo_pixmap(b"garbage", 32).isNull()


@pytest.fixture
def ann(make_author, panel: AuthorsPanel):
    author = make_author("Ann Smith")
    panel.refresh()
    panel.select_author(author.id)
    return author


def test_photo_chosen_from_a_file_is_scaled_stored_and_shown(
    qtbot, monkeypatch, context, ann, panel: AuthorsPanel, author_list, image_file
) -> None:
    path = image_file("portrait.png", 1200, 1600, "#00aa00")
    monkeypatch.setattr(prompts, "choose_photo_file", lambda _parent: str(path))
    choose = panel.form.photo.findChild(type(panel.save_button), "authorPhotoChooseButton")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert panel.save_button.isEnabled()
    with qtbot.waitSignal(panel.authorsChanged):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    stored = context.authors.get(ann.id).photo
    assert stored is not None
    image = decoded(stored)
    assert (image.width(), image.height()) == (384, STORED_SIDE)
    assert panel.form.photo.shown == stored
    icon = author_list.index("Ann Smith").data(Qt.ItemDataRole.DecorationRole)
    shown = icon.pixmap(24, 24).toImage()
    assert shown.pixelColor(shown.width() // 2, shown.height() // 2).green() > 150


def test_removing_the_photo_is_saved(
    qtbot, monkeypatch, context, ann, panel: AuthorsPanel, image_file
) -> None:
    assert panel.form.photo.load_file(str(image_file("me.png", 50, 50)))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert context.authors.get(ann.id).photo is not None
    remove = panel.form.photo.findChild(type(panel.save_button), "authorPhotoRemoveButton")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert not remove.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert context.authors.get(ann.id).photo is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("notes.png", "“notes.png” is not an image"), ("huge.png", "“huge.png” is 10,001 × 20")],
)
def test_bad_photo_files_give_a_message_naming_them(
    monkeypatch, ann, panel: AuthorsPanel, tmp_path: Path, image_file, name: str, expected: str
) -> None:
    if name == "huge.png":
        path = image_file(name, 10_001, 20)
    else:
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04 a zip, renamed")
    messages: list[str] = []
    monkeypatch.setattr(prompts, "show_photo_problem", lambda _parent, text: messages.append(text))
    assert not panel.form.photo.load_file(str(path))
    assert len(messages) == 1
    assert messages[0].startswith(expected)
    assert panel.form.photo.pending is None
    assert not panel.save_button.isEnabled()


def test_photo_dropped_on_the_picture_is_taken(
    qtbot, context, ann, panel: AuthorsPanel, image_file, drag_and_drop
) -> None:
    path = image_file("dropped.jpg", 900, 600)
    target = panel.findChild(PhotoWidget, "authorPhoto")
    with qtbot.waitSignal(target.changed):
        assert drag_and_drop(target, [path]) == (True, True)
    taken = target.pending
    assert taken
    image = decoded(taken)
    assert (image.width(), image.height()) == (STORED_SIDE, 341)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert context.authors.get(ann.id).photo == taken


def test_a_web_link_or_several_files_are_not_taken(
    ann, panel: AuthorsPanel, tmp_path, drag_and_drop
) -> None:
    target = panel.form.photo
    for urls in (
        [QUrl("https://example.com/a.png")],
        [QUrl.fromLocalFile(str(tmp_path / "a.png")), QUrl.fromLocalFile(str(tmp_path / "b"))],
    ):
        assert drag_and_drop(target, urls) == (False, False)


def test_a_bad_dropped_file_gives_the_message(
    qtbot, monkeypatch, ann, panel: AuthorsPanel, tmp_path: Path, drag_and_drop
) -> None:
    path = tmp_path / "story.txt"
    path.write_text("words")
    messages: list[str] = []
    monkeypatch.setattr(prompts, "show_photo_problem", lambda _parent, text: messages.append(text))
    assert drag_and_drop(panel.form.photo, [path]) == (True, True)
    qtbot.waitUntil(lambda: len(messages) == 1)
    assert "“story.txt” is not an image" in messages[0]
    assert panel.form.photo.pending is None
