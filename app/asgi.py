"""The ASGI application for uvicorn, configured from the environment."""

import gc

from app.main import create_app

app = create_app()

# What the server made at start (modules, templates, compiled SQL and patterns: about 180,000
# objects, most of them alive as long as the process) is moved out of the garbage collector's
# view. A full collection had to walk all of them: 50-110 ms every few dozen requests, charged
# to whichever requests were in flight (PERFORMANCE.md, issue-15-perf7). Only in the served
# app: the tests make an app per test and must not keep them.
gc.collect()
gc.freeze()
