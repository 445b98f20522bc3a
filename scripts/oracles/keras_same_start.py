#!/usr/bin/env python3
"""Keras training from a start Lunar can load: the validation-loss parity run without initial-weight noise.

  keras_same_start.py --csv BARS.csv --seed S --features a,b,... --init INIT.safetensors --out RESULT.json

Builds the reference model (../shared/bench/lstm/keras_lstm.py: same features, windows, split, scaler, model and
optimiser) with keras.utils.set_random_seed(S), writes its untrained weights as a Lunar model file (INIT, through
scripts/keras_to_safetensors.py), then trains it as keras_lstm.py --epochs 10 --patience 0 does and writes the
per-epoch val_loss. `lunar scripts/lstm_parity.lua BARS.csv OUT.json --from INIT_%d.safetensors S…` trains Lunar
from the same weights; what remains different is only the shuffling and dropout streams. Needs the reference venv.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "shared", "bench", "lstm"))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", required=True)
    p.add_argument("--seed", type=int, required=True)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--features", required=True, help="comma-separated feature names for the Lunar file")
    p.add_argument("--init", required=True, help="Lunar model file for the untrained weights")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    sys.argv = [sys.argv[0], "--threads", "1"]  # keras_lstm reads its own arguments at import
    import keras
    import keras_lstm as ref
    import keras_to_safetensors as conv

    keras.utils.set_random_seed(a.seed)
    df = ref.load_csv(a.csv)
    data = ref.build_dataset(df)
    xtr, ytr, xva, yva = data["X_train"], data["y_train"], data["X_val"], data["y_val"]
    model = ref.build_model(xtr.shape[1], xtr.shape[2])
    meta, tensors = conv.convert(model, None, a.features.split(","), 5, f"same-start seed {a.seed}")
    conv.write_safetensors(a.init, meta, tensors)
    hist = model.fit(xtr, ytr, batch_size=32, epochs=a.epochs, validation_data=(xva, yva), verbose=0)
    with open(a.out, "w") as f:
        json.dump({"seed": a.seed, "val_loss": [float(v) for v in hist.history["val_loss"]],
                   "loss": [float(v) for v in hist.history["loss"]]}, f)
    print(f"seed {a.seed}: Keras final val_loss {hist.history['val_loss'][-1]:.6f}")


if __name__ == "__main__":
    main()
