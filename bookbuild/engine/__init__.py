"""Stages 3-5: run the graph and record it.

- build.py: the pipeline (load -> plan -> run -> validate -> after_build -> manifest)
- executor.py: runs what is not cached, in parallel, within the budget; publishes
- hashing.py: the one key recipe; cache.py: the content-addressed cache (objects.py,
  cacheindex.py); remote.py and remote_sync.py: the shared remote cache on S3
- validate.py: the `validate` task every book gets; runner.py: the core's run_task
- outputs.py, artifacts.py (atomic writes), manifest.py, workers.py, events.py, reporter.py
"""
