"""Stage 1: book specs (book.yaml, pages/*.md) loaded into typed models."""

from .load import discover, load_book, load_books, resolve
from .model import Book, Character, Page

__all__ = ["Book", "Character", "Page", "discover", "load_book", "load_books", "resolve"]
