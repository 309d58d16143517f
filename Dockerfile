# bookbuild in a container: Debian slim, Pango for WeasyPrint, git for `bookbuild diff`,
# and bookbuild itself. Nothing to install on the machine that runs it:
#
#   docker build -t bookbuild .
#   docker run --rm -v "$PWD:/books" -u "$(id -u):$(id -g)" bookbuild build
#
# The book repository is mounted at /books. Pass the environment a build needs
# (-e OPENAI_API_KEY, -e BOOKBUILD_REMOTE_CACHE -e AWS_ACCESS_KEY_ID ...); see docs/fleet.md.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/tmp/.cache

# The system libraries, from the one list the project keeps (scripts/system-deps.sh).
COPY scripts/system-deps.sh scripts/apt-install.sh /tmp/scripts/
RUN apt-get update -q \
 && /tmp/scripts/system-deps.sh \
 && apt-get install -y -q --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/* /tmp/scripts \
 && git config --system --add safe.directory '*'

# bookbuild with its built-in plugins and themes (the wheel carries themes/).
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bookbuild bookbuild
COPY themes themes
RUN python -m pip install . && rm -rf /src

WORKDIR /books
ENTRYPOINT ["bookbuild"]
CMD ["--help"]
