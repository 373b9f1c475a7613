"""What every panel is given: the open database's services, the settings, the current user."""

from __future__ import annotations

from dataclasses import dataclass, field

from database.engine import Database
from database.services.articles import ArticleService
from database.services.authors import AuthorService
from database.services.comments import CommentService
from desktop.settings import Settings, suggested_user_name


@dataclass
class AppContext:
    database: Database
    settings: Settings = field(default_factory=Settings)
    articles: ArticleService = field(init=False)
    authors: AuthorService = field(init=False)
    comments: CommentService = field(init=False)

    def __post_init__(self) -> None:
        factory = self.database.session_factory
        self.articles = ArticleService(factory)
        self.authors = AuthorService(factory)
        self.comments = CommentService(factory)

    @property
    def user_name(self) -> str:
        """Who is working: the chosen profile, else the system's user name."""
        return self.settings.user_name or suggested_user_name() or "unknown"
