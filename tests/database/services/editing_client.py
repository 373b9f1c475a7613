"""A second copy of Copydesk, as a process of its own: load, edit and save one article in a loop.

Run by test_concurrent_editing.py as `python editing_client.py URL ARTICLE_ID NAME ROUNDS SEED`.
Prints one line per save that landed: `saved BASE_VERSION NEW_VERSION BODY_LOADED|||BODY_SAVED`
(bodies contain no newlines), and `stale` for each refused save.
"""

from __future__ import annotations

import random
import sys
import time

from database.engine import open_database
from database.errors import StaleVersionError
from database.services.articles import ArticleService


def main(url: str, article_id: int, name: str, rounds: int, seed: int) -> None:
    database = open_database(url)
    articles = ArticleService(database.session_factory)
    chance = random.Random(seed)
    try:
        for number in range(rounds):
            loaded = articles.get(article_id)
            time.sleep(chance.random() * 0.005)  # someone typing
            body = f"{name} {number}"
            try:
                saved = articles.save(
                    article_id,
                    title=loaded.title,
                    body=body,
                    status=loaded.status,
                    author_id=loaded.author_id,
                    notes=loaded.notes,
                    expected_version=loaded.version,
                    user=name,
                )
            except StaleVersionError:
                print("stale", flush=True)
                continue
            print(f"saved {loaded.version} {saved.version} {loaded.body}|||{body}", flush=True)
    finally:
        database.dispose()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
