#!/usr/bin/env python3
"""Convert a Keras 3 model of Lunar's LSTM family (.keras or .h5) into a Lunar model file (safetensors).

  scripts/keras_to_safetensors.py IN OUT [--scaler scaler.json] [--features a,b,...] [--horizon 5]

The model must be Sequential-like: LSTM layers (tanh / sigmoid, with bias, not stateful, not backwards), then
Dense layers (relu, sigmoid, tanh or linear), with Dropout anywhere (identity at inference). Weights keep their
Keras layouts: LSTM kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u) in gate order i, f, c, o; Dense kernel
(in, out), bias (out). They are stored as float32 tensors named `<layer>/kernel`, `<layer>/recurrent_kernel`,
`<layer>/bias`.

--scaler takes the scaler.json written by the reference (shared/bench/lstm keras_lstm.py --export): its
data_min / data_max (and feature_names, sequence_length, horizon, train_fraction) go into the metadata, so Lunar
can predict from raw features. Without it the model has no scaler and only runs on already-scaled inputs.

The metadata (JSON in the safetensors `__metadata__` under "lunar") carries the architecture, feature names,
scaler and windowing; "checksum" is crc32 of that JSON's UTF-8 bytes followed by the data section, which Lunar
verifies on load. Needs keras (and numpy); run it with the reference venv.
"""
from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import zlib


def fail(msg: str) -> None:
    print(f"keras_to_safetensors: {msg}", file=sys.stderr)
    sys.exit(2)


def convert(model, scaler: dict | None, features: list[str] | None, horizon: int, source: str):
    import numpy as np

    shape = model.input_shape
    if len(shape) != 3 or shape[1] is None or shape[2] is None:
        fail(f"input shape {shape} is not (None, steps, features)")
    steps, width = int(shape[1]), int(shape[2])
    layers, tensors = [], []
    sequence = True
    for layer in model.layers:
        cls = layer.__class__.__name__
        cfg = layer.get_config()
        name = layer.name
        if cls == "InputLayer":
            continue
        if cls == "LSTM":
            for key, want in (("activation", "tanh"), ("recurrent_activation", "sigmoid"), ("use_bias", True),
                              ("go_backwards", False), ("stateful", False), ("return_state", False)):
                if cfg.get(key, want) != want:
                    fail(f"LSTM '{name}': {key} = {cfg.get(key)!r}, Lunar supports only {want!r}")
            if not sequence:
                fail(f"LSTM '{name}' follows a layer that returns no sequence")
            kernel, recurrent, bias = [np.asarray(w, dtype=np.float32) for w in layer.get_weights()]
            units = int(cfg["units"])
            assert kernel.shape == (kernel.shape[0], 4 * units) and recurrent.shape == (units, 4 * units)
            layers.append({"class_name": "LSTM", "config": {"name": name, "units": units,
                                                            "return_sequences": bool(cfg["return_sequences"])}})
            tensors += [(f"{name}/kernel", kernel), (f"{name}/recurrent_kernel", recurrent), (f"{name}/bias", bias)]
            sequence = bool(cfg["return_sequences"])
        elif cls == "Dense":
            act = cfg["activation"]
            if act not in ("relu", "sigmoid", "tanh", "linear"):
                fail(f"Dense '{name}': activation {act!r} is not supported (relu, sigmoid, tanh, linear)")
            if sequence:
                fail(f"Dense '{name}' gets a sequence; the LSTM before it needs return_sequences=False")
            ws = [np.asarray(w, dtype=np.float32) for w in layer.get_weights()]
            kernel = ws[0]
            bias = ws[1] if len(ws) > 1 else np.zeros(kernel.shape[1], np.float32)
            layers.append({"class_name": "Dense", "config": {"name": name, "units": int(cfg["units"]),
                                                             "activation": act}})
            tensors += [(f"{name}/kernel", kernel), (f"{name}/bias", bias)]
        elif cls == "Dropout":
            layers.append({"class_name": "Dropout", "config": {"name": name, "rate": float(cfg["rate"])}})
        else:
            fail(f"layer '{name}' of class {cls} is not supported (LSTM, Dense, Dropout)")

    if scaler is not None:
        features = features or scaler.get("feature_names")
        steps_s = scaler.get("sequence_length", steps)
        if steps_s != steps:
            fail(f"scaler.json is for sequence length {steps_s}, the model takes {steps}")
        horizon = scaler.get("horizon", horizon)
    names = features or [f"f{i + 1}" for i in range(width)]
    if len(names) != width:
        fail(f"{len(names)} feature names for a model with {width} input features")
    meta = {
        "format_version": 1,
        "lunar_version": "0.1.0",
        "architecture": {"name": model.name, "sequence_length": steps, "feature_count": width, "layers": layers},
        "feature_names": names,
        "windowing": {"sequence_length": steps, "horizon": int(horizon),
                      "train_fraction": float((scaler or {}).get("train_fraction", 0.8))},
        "source": "keras:" + source,
    }
    if scaler is not None:
        meta["scaler"] = {"data_min": [float(v) for v in scaler["data_min"]],
                          "data_max": [float(v) for v in scaler["data_max"]]}
    return meta, tensors


def write_safetensors(path: str, meta: dict, tensors) -> None:
    import numpy as np

    header, offset, chunks = {}, 0, []
    for name, arr in tensors:
        raw = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    data = b"".join(chunks)
    text = json.dumps(meta, sort_keys=True)
    crc = zlib.crc32(data, zlib.crc32(text.encode("utf-8"))) & 0xFFFFFFFF
    header["__metadata__"] = {"format": "lunar.lstm", "lunar": text, "checksum": f"crc32:{crc:08x}"}
    blob = json.dumps(header, sort_keys=True).encode("utf-8")
    blob += b" " * ((8 - len(blob) % 8) % 8)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", help="Keras 3 model (.keras or .h5)")
    p.add_argument("output", help="Lunar model file to write (.safetensors)")
    p.add_argument("--scaler", help="scaler.json of the reference export (data_min, data_max, feature_names)")
    p.add_argument("--features", help="comma-separated feature names (default: from --scaler, else f1..fN)")
    p.add_argument("--horizon", type=int, default=5, help="label horizon recorded in the metadata (default 5)")
    a = p.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras

    model = keras.models.load_model(a.input, compile=False)
    scaler = json.load(open(a.scaler)) if a.scaler else None
    features = a.features.split(",") if a.features else None
    meta, tensors = convert(model, scaler, features, a.horizon, os.path.basename(a.input))
    write_safetensors(a.output, meta, tensors)
    n = sum(int(t.size) for _, t in tensors)
    print(f"{a.output}: {len(tensors)} tensors, {n} parameters, layers "
          + ", ".join(f"{l['class_name']}({l['config']['name']})" for l in meta["architecture"]["layers"]))


if __name__ == "__main__":
    main()
