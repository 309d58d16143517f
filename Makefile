# The two commands of the README:
#   make build   set up .venv, then build every sample book offline and free (a key in the shell is not used)
#   make test    set up .venv, then run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup build test bench clean

$(VENV)/.installed: pyproject.toml
	command -v dpkg >/dev/null && ./scripts/system-deps.sh || true
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Always the free offline provider, whatever the shell or bookbuild.toml says: a paid
# build is one you ask for by name (BOOKBUILD_PROVIDER=openai bookbuild build).
build: setup
	BOOKBUILD_PROVIDER=offline $(VENV)/bin/bookbuild build

# Every core: each test has its own folders, servers and ports, so they run side by side.
test: setup
	$(PY) -m pytest -n auto

bench: setup
	$(PY) benchmarks/run.py
	$(PY) benchmarks/preview.py
	$(PY) benchmarks/openai_fake.py

clean:
	rm -rf build .bookbuild
