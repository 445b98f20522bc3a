"""Makes the NeuralNet test fixtures (run once; the outputs are committed).

  .venv-keras/bin/python Tests/NeuralNetTests/Fixtures/make_fixtures.py

Needs the reference venv (../shared/bench/lstm/requirements-tf.txt: tensorflow-cpu, keras, numpy, pandas,
ta-lib, scikit-learn). keras_prototype/ is made separately from the reference export:
  keras_lstm.py --bars 4680 --seed 7 --epochs 3 --patience 0 --threads 1 --export EXPORT
  scripts/keras_to_safetensors.py EXPORT/ref_model.keras keras_prototype/model.safetensors --scaler EXPORT/scaler.json
  cp EXPORT/test_inputs.npy EXPORT/test_outputs.npy keras_prototype/
"""
import json
import os
import subprocess
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BENCH = os.path.abspath(os.path.join(ROOT, "..", "shared", "bench", "lstm"))
sys.path.insert(0, BENCH)

import numpy as np  # noqa: E402


def convert(src, dst, *extra):
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "keras_to_safetensors.py"), src, dst, *extra],
                   check=True)


def tiny_keras():
    import keras
    from keras import layers

    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.Input(shape=(7, 3)),
        layers.LSTM(8, return_sequences=True, name="l1"),
        layers.Dropout(0.1, name="d1"),
        layers.LSTM(5, name="l2"),
        layers.Dense(4, activation="tanh", name="h1"),
        layers.Dense(1, activation="sigmoid", name="out"),
    ], name="tiny")
    rng = np.random.default_rng(2)
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            ws[-1] = ws[-1] + rng.normal(0, 0.3, ws[-1].shape).astype(np.float32)
            layer.set_weights(ws)
    path = os.path.join(HERE, "tiny", "tiny.keras")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.save(path)
    x = rng.normal(0, 1, (10, 7, 3)).astype(np.float32)
    y = model.predict(x, verbose=0).astype(np.float32)
    np.save(os.path.join(HERE, "tiny", "inputs.npy"), x)
    np.save(os.path.join(HERE, "tiny", "outputs.npy"), y)
    convert(path, os.path.join(HERE, "tiny", "tiny.safetensors"), "--features", "a,b,c", "--horizon", "2")


def training_reference():
    """Two epochs of Adam + BCE, no shuffling, no dropout: the exact weights Keras reaches."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(3)
    model = keras.Sequential([
        keras.Input(shape=(7, 3)),
        layers.LSTM(8, return_sequences=True, name="l1"),
        layers.LSTM(5, name="l2"),
        layers.Dense(4, activation="relu", name="h1"),
        layers.Dense(1, activation="sigmoid", name="out"),
    ], name="train_ref")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
    rng = np.random.default_rng(4)
    x = rng.normal(0, 1, (24, 7, 3)).astype(np.float32)
    y = (x[:, -1, 0] + 0.5 * rng.normal(0, 1, 24) > 0).astype(np.float32)
    d = os.path.join(HERE, "train_ref")
    os.makedirs(d, exist_ok=True)
    model.save(os.path.join(d, "initial.keras"))
    hist = model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    model.save(os.path.join(d, "final.keras"))
    np.save(os.path.join(d, "inputs.npy"), x)
    np.save(os.path.join(d, "labels.npy"), y)
    with open(os.path.join(d, "history.json"), "w") as f:
        json.dump({"loss": [float(v) for v in hist.history["loss"]], "batch_size": 8, "epochs": 2,
                   "learning_rate": 0.01}, f, indent=1)
    convert(os.path.join(d, "initial.keras"), os.path.join(d, "initial.safetensors"))
    convert(os.path.join(d, "final.keras"), os.path.join(d, "final.safetensors"))
    os.remove(os.path.join(d, "initial.keras"))
    os.remove(os.path.join(d, "final.keras"))


def read_safetensors(path):
    """Tensors of a safetensors file as {name: float32 array} (the format is small enough to read by hand)."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        a, b = spec["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(spec["shape"]).copy()
    return out


def partial_batch_reference():
    """From train_ref's initial weights: 2 epochs on the first 21 windows with batch 8 (batches of 8, 8 and 5, so
    the last one is partial) and a validation set of 20 windows (batches 8, 8, 4): Keras's per-epoch training and
    validation losses and the final weights. Pins down how a partial batch is weighted."""
    import keras
    from keras import layers

    d = os.path.join(HERE, "train_ref")
    model = keras.Sequential([
        keras.Input(shape=(7, 3)),
        layers.LSTM(8, return_sequences=True, name="l1"),
        layers.LSTM(5, name="l2"),
        layers.Dense(4, activation="relu", name="h1"),
        layers.Dense(1, activation="sigmoid", name="out"),
    ], name="train_ref")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
    w = read_safetensors(os.path.join(d, "initial.safetensors"))
    for layer in model.layers:
        keys = ["kernel", "recurrent_kernel", "bias"] if isinstance(layer, layers.LSTM) else ["kernel", "bias"]
        layer.set_weights([w[f"{layer.name}/{k}"] for k in keys])
    x = np.load(os.path.join(d, "inputs.npy"))
    y = np.load(os.path.join(d, "labels.npy"))
    hist = model.fit(x[:21], y[:21], batch_size=8, epochs=2, shuffle=False, verbose=0,
                     validation_data=(x[4:], y[4:]), validation_batch_size=8)
    path = os.path.join(d, "final_partial.keras")
    model.save(path)
    convert(path, os.path.join(d, "final_partial.safetensors"))
    os.remove(path)
    with open(os.path.join(d, "history_partial.json"), "w") as f:
        json.dump({"loss": [float(v) for v in hist.history["loss"]],
                   "val_loss": [float(v) for v in hist.history["val_loss"]],
                   "train_windows": [0, 21], "validation_windows": [4, 24], "batch_size": 8, "epochs": 2,
                   "learning_rate": 0.01}, f, indent=1)


def metrics_reference():
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import (accuracy_score, brier_score_loss, confusion_matrix, f1_score, log_loss,
                                 precision_score, recall_score, roc_auc_score)

    rng = np.random.default_rng(5)
    n = 300
    y = (rng.random(n) < 0.4).astype(np.float32)
    p = np.clip(0.25 + 0.3 * y + rng.normal(0, 0.18, n), 0.01, 0.99)
    p = np.round(p, 2).astype(np.float32)  # ties on purpose
    out = {}
    for thr in (0.5, 0.4):
        pred = (p > thr).astype(int)
        tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
        out[str(thr)] = {
            "accuracy": accuracy_score(y, pred),
            "precision": precision_score(y, pred, zero_division=0),
            "recall": recall_score(y, pred, zero_division=0),
            "f1": f1_score(y, pred, zero_division=0),
            "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
        }
    prob_true, prob_pred = calibration_curve(y, p.astype(np.float64), n_bins=10, strategy="uniform")
    ref = {
        "probabilities": [float(v) for v in p], "labels": [float(v) for v in y],
        "auc": roc_auc_score(y, p), "log_loss": log_loss(y, p.astype(np.float64)),
        "brier": brier_score_loss(y, p.astype(np.float64)), "thresholds": out,
        "calibration_observed": [float(v) for v in prob_true], "calibration_predicted": [float(v) for v in prob_pred],
    }
    with open(os.path.join(HERE, "metrics_sklearn.json"), "w") as f:
        json.dump(ref, f, indent=1)


def windowing_reference():
    """features.build_dataset (the reference pipeline, TA-Lib features) on 300 synthetic bars, L = 20, H = 3."""
    from data import synthetic_ohlcv
    from features import build_dataset

    df = synthetic_ohlcv(300, 11)
    d = build_dataset(df, sequence_length=20, horizon=3)
    feats = d["features"].to_numpy(dtype=np.float64)
    np.save(os.path.join(HERE, "windowing", "features.npy"), feats) if os.path.isdir(
        os.path.join(HERE, "windowing")) else (os.makedirs(os.path.join(HERE, "windowing")),
                                               np.save(os.path.join(HERE, "windowing", "features.npy"), feats))
    ref = {
        "feature_names": d["feature_names"], "labels": [None if np.isnan(v) else float(v) for v in d["labels"]],
        "first_kept_bar": d["first_kept_bar"], "n_train": int(len(d["X_train"])), "n_val": int(len(d["X_val"])),
        "train_end_bars": [int(v) for v in d["train_end_bars"]], "val_end_bars": [int(v) for v in d["val_end_bars"]],
        "data_min": d["scaler"].data_min.tolist(), "data_max": d["scaler"].data_max.tolist(),
        "x_train_first": d["X_train"][0].ravel().tolist(), "x_val_last": d["X_val"][-1].ravel().tolist(),
        "y_train": d["y_train"].tolist(), "y_val": d["y_val"].tolist(),
    }
    with open(os.path.join(HERE, "windowing", "reference.json"), "w") as f:
        json.dump(ref, f)


def npy_variants():
    d = os.path.join(HERE, "npy")
    os.makedirs(d, exist_ok=True)
    a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7.0
    np.save(os.path.join(d, "f8_fortran.npy"), np.asfortranarray(a))
    np.save(os.path.join(d, "f4_big_endian.npy"), a.astype(">f4"))
    np.save(os.path.join(d, "f4_1d.npy"), np.array([1.5, -2.25, 3.0], dtype=np.float32))


if __name__ == "__main__":
    tiny_keras()
    training_reference()
    partial_batch_reference()
    metrics_reference()
    windowing_reference()
    npy_variants()
    print("fixtures written to", HERE)
