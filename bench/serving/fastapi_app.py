"""FastAPI baseline for the serving benchmark: the seed's scikit-learn TF-IDF + MultinomialNB pipeline.

Run with uvicorn (MODEL_PATH names the pickle written by sklearn_train.py --save-model):

    MODEL_PATH=/tmp/relearn-bench/nb.pkl python3 -m uvicorn fastapi_app:app --app-dir bench/serving \
        --host 127.0.0.1 --port 8000 --workers 1 --no-access-log

POST /predict {"text": "..."} -> {"label": "positive"|"negative", "confidence": float}
GET /health -> {"status": "ok"}
"""
import os
import pickle

from fastapi import FastAPI
from pydantic import BaseModel

CLASSES = ("negative", "positive")

with open(os.environ.get("MODEL_PATH", "/tmp/relearn-bench/nb.pkl"), "rb") as f:
    MODEL = pickle.load(f)
POSITIVE = list(MODEL.classes_).index(1)

app = FastAPI(title="sklearn sentiment baseline")


class PredictRequest(BaseModel):
    text: str


class PredictResponse(BaseModel):
    label: str
    confidence: float


@app.get("/health")
async def health():
    return {"status": "ok"}


# async def: scoring one sentence takes well under a millisecond of CPU, so it runs on the event loop
# rather than paying a thread-pool hop per request (the faster of the two for this workload).
@app.post("/predict", response_model=PredictResponse)
async def predict(request: PredictRequest):
    p = float(MODEL.predict_proba([request.text])[0][POSITIVE])
    return {"label": CLASSES[1], "confidence": p} if p >= 0.5 else {"label": CLASSES[0], "confidence": 1.0 - p}
