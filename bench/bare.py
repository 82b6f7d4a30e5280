"""The floor (QUALITY.md): a bare FastAPI app from the same venv answering a constant route.

Served by bench/run.py under uvicorn with the same options as `kocledger serve`.
"""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/healthz")
def healthz() -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")
