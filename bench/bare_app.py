"""A bare FastAPI app with one route: the floor bench/healthz.py compares the app's /healthz to."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/healthz")
def healthz() -> HTMLResponse:
    return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")
