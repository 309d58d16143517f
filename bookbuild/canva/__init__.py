"""Canva Connect: sign in with OAuth 2.0 + PKCE, fill a brand template with a book, export the PDF.

The modules, from the wire up:

- config: environment variables, URLs, scopes, where the tokens live
- errors: what goes wrong, in words a publisher can act on (never a token)
- tokens: the tokens file (0600, atomic, locked while a refresh rotates it)
- retry: backoff with jitter, Retry-After, a per-endpoint rate limiter
- transport: httpx with those retries; knows nothing of tokens
- oauth: PKCE, the local 127.0.0.1 callback, code exchange and refresh (Session)
- client: the REST calls (asset uploads, brand templates, autofills, exports) and job polling
- mapping: template dataset fields <- book fields (title, author, page text, illustrations)
- export: the Canva tasks in the build graph, and what `canva export` prints
- commands: the work behind login, logout and templates

The plugin that adds the commands is bookbuild.plugins.exporters.canva. Nothing here
is imported by `bookbuild --help`: httpx loads only when a canva command runs.
"""
