"""Reading an EPUB back: its container, package document (metadata, manifest, spine)
and files, by their paths inside the zip.

Shared by `bookbuild diff` (which pages of the ebook changed) and the ebook's own
checks (``validate_ebook``): both read what was built, never the builder's state.
The standard library only (zipfile, ElementTree).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
MIMETYPE = "application/epub+zip"
_URLS = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']([^"'#]+)|url\(\s*["']?([^"')]+))""")


class EpubError(ValueError):
    """Not an EPUB we can read: the message says what is wrong."""


@dataclass(frozen=True)
class Item:
    id: str
    path: str  # inside the zip: "OEBPS/pages/p001.xhtml"
    media_type: str
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Itemref:
    item: Item
    properties: tuple[str, ...] = ()


@dataclass
class Epub:
    files: dict[str, bytes]  # every zip entry, in zip order
    infos: list[zipfile.ZipInfo]
    package_path: str
    package: ElementTree.Element
    manifest: dict[str, Item] = field(default_factory=dict)  # by id
    spine: list[Itemref] = field(default_factory=list)

    def dc(self, name: str) -> list[str]:
        """The text of every dc:NAME element in the metadata."""
        return [(e.text or "").strip() for e in self.package.iterfind(f"{{{OPF}}}metadata/{{{DC}}}{name}")]

    def meta(self, prop: str) -> list[str]:
        """EPUB 3 ``<meta property=PROP>`` values (refinements excluded)."""
        return [(e.text or "").strip() for e in self.package.iterfind(f"{{{OPF}}}metadata/{{{OPF}}}meta") if e.get("property") == prop and not e.get("refines")]

    def named(self, name: str) -> str | None:
        """An OPF 2 style ``<meta name=NAME content=...>`` (Kindle reads these)."""
        found = [e.get("content") for e in self.package.iterfind(f"{{{OPF}}}metadata/{{{OPF}}}meta") if e.get("name") == name]
        return found[0] if found else None

    def with_property(self, prop: str) -> list[Item]:
        return [i for i in self.manifest.values() if prop in i.properties]

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8")

    def document(self, path: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(self.files[path])
        except ElementTree.ParseError as exc:
            raise EpubError(f"{path} is not well-formed XML: {exc}") from None

    def references(self, path: str) -> list[str]:
        """Zip paths a page or stylesheet points at (src, href, url()), in order."""
        base = posixpath.dirname(path)
        found = []
        for match in _URLS.finditer(self.text(path)):
            href = match.group(1) or match.group(2)
            if ":" not in href:  # relative: not mailto:, http:, data:
                found.append(resolve(base, href))
        return found


def resolve(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href)))


def read(source: bytes | Path) -> Epub:
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        files = {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise EpubError(f"not a zip archive: {exc}") from None
    try:
        container = ElementTree.fromstring(files["META-INF/container.xml"])
    except KeyError:
        raise EpubError("META-INF/container.xml is missing") from None
    except ElementTree.ParseError as exc:
        raise EpubError(f"META-INF/container.xml is not well-formed XML: {exc}") from None
    rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise EpubError("META-INF/container.xml names no package document")
    package_path = rootfile.get("full-path", "")
    if package_path not in files:
        raise EpubError(f"the package document {package_path} is missing")
    epub = Epub(files, infos, package_path, ElementTree.Element("package"))
    epub.package = epub.document(package_path)
    base = posixpath.dirname(package_path)
    for e in epub.package.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item"):
        item = Item(e.get("id", ""), resolve(base, e.get("href", "")), e.get("media-type", ""), tuple((e.get("properties") or "").split()))
        epub.manifest[item.id] = item
    for e in epub.package.iterfind(f"{{{OPF}}}spine/{{{OPF}}}itemref"):
        item = epub.manifest.get(e.get("idref", ""))
        if item is None:
            raise EpubError(f"the spine names {e.get('idref')!r}, which the manifest lacks")
        epub.spine.append(Itemref(item, tuple((e.get("properties") or "").split())))
    return epub


def page_text(root: ElementTree.Element) -> str:
    """The words a reader sees on a page: the body's text, whitespace collapsed."""
    body = root.find(f"{{{XHTML}}}body")
    return " ".join("".join(body.itertext()).split()) if body is not None else ""
