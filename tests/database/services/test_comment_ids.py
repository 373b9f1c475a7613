"""The queue's ids, read for a million comments: the same ids, packed."""

from array import array

from database.services.comments import CommentFilter, CommentService
from database.services.importing import Importer
from database.statuses import CommentStatus


def test_the_packed_ids_are_the_ids_in_queue_order(database, samples) -> None:
    Importer(database.session_factory).run(samples)
    comments = CommentService(database.session_factory)
    for filters in (CommentFilter(), CommentFilter(status=None), CommentFilter(search="the")):
        packed = comments.id_array(filters)
        assert isinstance(packed, array) and packed.typecode == "q"
        assert packed.tolist() == comments.ids(filters)
    everything = comments.ids(CommentFilter(status=None))
    comments.set_status(everything[:1], CommentStatus.SPAM, user="ann")
    assert comments.ids(CommentFilter(status=CommentStatus.SPAM)) == everything[:1]
    for choice in comments.articles_with_comments(CommentStatus.PENDING):
        pending = CommentFilter(status=CommentStatus.PENDING, article_id=int(choice.value))
        assert choice.count == comments.count(pending) > 0
        assert isinstance(choice.label, str) and choice.label
