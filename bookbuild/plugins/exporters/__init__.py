"""Exporters: plugins that turn a built book into another edition (Canva, the Kindle ebook)."""
