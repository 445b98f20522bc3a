#!/usr/bin/env lunar
-- Validation-loss parity with the Keras reference (../shared/bench/lstm/keras_lstm.py), on the same bars.
--
--   lunar scripts/lstm_parity.lua BARS.csv OUT.json SEED...      train one prototype model per seed
--   lunar scripts/lstm_parity.lua BARS.csv OUT.json --from INIT_%d.safetensors SEED...
--        start each seed from the untrained Keras weights written by scripts/oracles/keras_same_start.py
--   lunar scripts/lstm_parity.lua BARS.csv FEATURES.csv 0 features   write Lunar's seed19 features (to compare)
--
-- Same setup as `keras_lstm.py --csv BARS.csv --seed SEED --epochs 10 --patience 0`: seed19 features, windows
-- of 60, horizon 5, 80/20 chronological split with a gap of 5, min-max scaler fitted on the training rows,
-- batch 32, shuffled every epoch, Adam 1e-3 (ε 1e-7), 10 epochs, no early stopping, no class weights. The
-- seed sets both the initial weights and the shuffling/dropout stream. Prints and writes the per-epoch
-- validation loss (dropout off, all validation windows) and AUC; "final" is epoch 10's.
-- Bars for the reference figures: data.py's synthetic_ohlcv(n, 7) written with data.write_csv.
local path, out = arg[1], arg[2]
assert(path and out and arg[3], "usage: lunar scripts/lstm_parity.lua BARS.csv OUT.json SEED...")
local bars = lunar.data.csv(path)
if arg[4] == "features" then
  lunar.ta.features(bars, "seed19"):write_csv(out)
  return
end
local function list(xs, fmt)
  local t = {}
  for i, v in ipairs(xs) do t[i] = fmt:format(v) end
  return table.concat(t, fmt == "%.4f" and " " or ", ")
end
local from, first = nil, 3
if arg[3] == "--from" then from, first = arg[4], 5 end
local results = {}
for k = first, #arg do
  local seed = math.tointeger(tonumber(arg[k]))
  local model = from and lunar.nn.load(from:format(seed)) or lunar.nn.lstm{seed = seed}
  local h = model:fit(bars, {epochs = 10, batch_size = 32, patience = false, seed = seed, verbose = false})
  local vl, n = h.val_loss, #h.val_loss
  print(("seed %d: final val_loss %.6f  val_auc %.4f  val_acc %.4f  | %s"):format(
    seed, vl[n], h.val_auc[n], h.val_accuracy[n], list(vl, "%.4f")))
  results[#results + 1] = ('{"seed": %d, "val_loss": [%s], "val_auc": [%s], "loss": [%s]}'):format(
    seed, list(vl, "%.9g"), list(h.val_auc, "%.9g"), list(h.loss, "%.9g"))
end
local f = assert(io.open(out, "w"))
f:write("[" .. table.concat(results, ",\n") .. "]\n")
f:close()
