// The preview page: renders /events (the preview state as JSON) and re-renders
// on every message, so the page follows the build without a manual reload.
// Text from the build goes into textContent only, never into HTML.
"use strict";

const cards = new Map(); // slug -> {root, pagesKey}
const viewer = {slug: null, role: null, n: 0};
let current = null; // the latest state

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function size(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

// -- the header ---------------------------------------------------------------

function renderSummary(state) {
  const summary = document.getElementById("summary");
  if (state.building) {
    summary.textContent = state.changed.length ? `rebuilding after: ${state.changed.join(", ")}` : "building…";
  } else if (state.generation === 0) {
    summary.textContent = "waiting for the first build…";
  } else {
    const verb = state.error ? "stopped" : state.generation > 1 ? "rebuilt" : "built";
    const after = state.changed.length ? ` after ${state.changed.join(", ")}` : "";
    summary.textContent = `${verb} at ${state.finished} in ${state.seconds.toFixed(2)} s${after}`;
  }
  const banner = document.getElementById("error");
  banner.hidden = !state.error;
  document.getElementById("error-text").textContent = state.error || "";
  const failed = state.error || state.books.some((b) => b.status === "failed");
  document.title = `${state.building ? "⏳" : failed ? "✗" : "✓"} bookbuild preview`;
}

// -- one book -----------------------------------------------------------------

function statusBadge(book) {
  const badge = el("span", {class: `badge ${book.status}`});
  if (book.status === "building") {
    badge.append(`building ${book.done} of ${book.total}`);
    const bar = el("progress", {max: String(book.total || 1), value: String(book.done)});
    return el("span", {class: "progress"}, badge, bar, el("span", {class: "task", text: book.task}));
  }
  badge.textContent = {built: "built", failed: "build failed", error: "spec error", waiting: "waiting"}[book.status] || book.status;
  return badge;
}

function findingsList(findings) {
  if (!findings.length) return el("p", {class: "clean", text: "KDP checks: clean"});
  const errors = findings.filter((f) => f.severity === "error").length;
  const details = el("details", {class: "findings"});
  details.open = errors > 0;
  details.append(el("summary", {text: `KDP checks: ${plural(errors, "error")}, ${plural(findings.length - errors, "warning")}`}));
  const list = el("ul");
  for (const f of findings) {
    const where = f.where || "";
    list.append(el("li", {class: f.severity},
      el("span", {class: "sev", text: f.severity}), el("code", {text: f.rule}),
      where ? el("span", {class: "where", text: where}) : null, el("span", {text: f.message})));
  }
  details.append(list);
  return details;
}

function pageButton(book, role, image, label) {
  return el("button", {type: "button", class: `page ${role}`, title: label, onclick: () => openViewer(book.slug, role, image.n)},
    el("img", {src: image.thumb, alt: label, loading: "lazy", "data-role": role, "data-n": String(image.n)}),
    el("span", {class: "num", text: label}));
}

function spreads(book) {
  // A printed book opens on a right-hand page 1, then shows two pages at a time.
  const grid = el("div", {class: "spreads"});
  const pages = book.pages;
  for (let i = -1; i < pages.length; i += 2) {
    const spread = el("div", {class: "spread"});
    for (const page of [pages[i], pages[i + 1]]) {
      spread.append(page ? pageButton(book, "interior", page, String(page.n)) : el("span", {class: "page none"}));
    }
    grid.append(spread);
  }
  return grid;
}

function pagesPart(book) {
  const part = el("div", {class: "pages-part"});
  if (book.cover) {
    part.append(el("h3", {text: "Cover"}), pageButton(book, "cover", book.cover, "cover"));
  }
  if (book.pages.length) {
    part.append(el("h3", {text: `Interior, ${plural(book.pages.length, "page")}`}), spreads(book));
  } else if (!book.cover) {
    part.append(el("p", {class: "empty", text: "No pages yet."}));
  }
  return part;
}

function bookCard(book) {
  const head = el("div", {class: "book-head"},
    el("h2", {text: book.title}), el("code", {class: "slug", text: book.slug}), statusBadge(book));
  const downloads = el("p", {class: "downloads"});
  for (const d of book.downloads) {
    downloads.append(el("a", {href: d.url, download: `${book.slug}-${d.name}`, text: `${d.name} (${size(d.bytes)})`}), " ");
  }
  const body = el("div", {class: "book-body"}, downloads);
  if (book.errors.length) body.append(el("pre", {class: "errors", text: book.errors.join("\n")}));
  if (book.stale && book.pages.length) body.append(el("p", {class: "stale", text: "Showing the last good build."}));
  if (book.ran.length) body.append(el("p", {class: "ran", text: `rebuilt: ${book.ran.join(", ")}`}));
  body.append(findingsList(book.findings));
  return {head, body};
}

function renderBook(book) {
  let card = cards.get(book.slug);
  if (!card) {
    card = {root: el("section", {class: "book", id: `book-${book.slug}`}), top: el("div"), pages: el("div"), pagesKey: null};
    card.root.append(card.top, card.pages);
    cards.set(book.slug, card);
  }
  const {head, body} = bookCard(book);
  card.top.replaceChildren(head, body);
  card.root.dataset.status = book.status;
  // A thumbnail's URL is its page's signature: only the pages that changed get new ones.
  const key = JSON.stringify([book.pages.length, !!book.cover]);
  if (key !== card.pagesKey) {
    card.pages.replaceChildren(pagesPart(book));
    card.pagesKey = key;
  } else {
    updateThumbs(card.pages, book);
  }
  return card.root;
}

function updateThumbs(part, book) {
  for (const img of part.querySelectorAll("img[data-n]")) {
    const image = img.dataset.role === "cover" ? book.cover : book.pages[Number(img.dataset.n) - 1];
    if (image && img.getAttribute("src") !== image.thumb) img.src = image.thumb;
  }
}

function render(state) {
  current = state;
  renderSummary(state);
  const books = document.getElementById("books");
  if (!state.books.length) {
    books.replaceChildren(el("p", {class: "empty", text: state.generation ? "No books found under books/." : "Waiting for the first build…"}));
  } else {
    books.replaceChildren(...state.books.map(renderBook));
  }
  for (const slug of [...cards.keys()]) if (!state.books.some((b) => b.slug === slug)) cards.delete(slug);
  refreshViewer();
  document.documentElement.dataset.generation = String(state.generation);
}

// -- the large view -----------------------------------------------------------

function viewerImages() {
  const book = current && current.books.find((b) => b.slug === viewer.slug);
  if (!book) return [];
  return viewer.role === "cover" ? (book.cover ? [book.cover] : []) : book.pages;
}

function openViewer(slug, role, n) {
  Object.assign(viewer, {slug, role, n});
  document.getElementById("viewer").hidden = false;
  refreshViewer();
}

function closeViewer() {
  viewer.slug = null;
  document.getElementById("viewer").hidden = true;
}

function step(delta) {
  const images = viewerImages();
  const index = images.findIndex((image) => image.n === viewer.n) + delta;
  if (index >= 0 && index < images.length) {
    viewer.n = images[index].n;
    refreshViewer();
  }
}

function refreshViewer() {
  if (!viewer.slug) return;
  const images = viewerImages();
  const image = images.find((i) => i.n === viewer.n);
  if (!image) return closeViewer();
  const img = document.getElementById("viewer-img");
  if (img.getAttribute("src") !== image.large) img.src = image.large;
  img.alt = viewer.role === "cover" ? "cover" : `page ${image.n}`;
  document.getElementById("viewer-caption").textContent = viewer.role === "cover" ? `${viewer.slug}: cover` : `${viewer.slug}: page ${image.n} of ${images.length}`;
}

function setUpViewer() {
  document.getElementById("viewer-close").addEventListener("click", closeViewer);
  document.getElementById("viewer-prev").addEventListener("click", () => step(-1));
  document.getElementById("viewer-next").addEventListener("click", () => step(1));
  document.getElementById("viewer").addEventListener("click", (event) => {
    if (event.target.id === "viewer") closeViewer();
  });
  document.addEventListener("keydown", (event) => {
    if (!viewer.slug) return;
    if (event.key === "Escape") closeViewer();
    if (event.key === "ArrowLeft") step(-1);
    if (event.key === "ArrowRight") step(1);
  });
}

// -- live updates -------------------------------------------------------------

function connect() {
  const link = document.getElementById("link");
  const source = new EventSource("/events");
  source.onopen = () => {
    link.dataset.state = "live";
    link.textContent = "live";
  };
  source.onmessage = (message) => render(JSON.parse(message.data));
  source.onerror = () => {
    // EventSource retries by itself (every second, as the server asks).
    link.dataset.state = "lost";
    link.textContent = "disconnected: is bookbuild serve running? retrying…";
  };
}

setUpViewer();
connect();
