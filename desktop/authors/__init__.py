"""Author profiles: the list, the profile form with its photo, merging and deleting.

The main window embeds `desktop.authors.panel.AuthorsPanel`; the article editor may use
`desktop.authors.photo_widget.author_photo_pixmap` to show an author's photo.
"""
