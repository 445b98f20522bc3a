import Foundation

/// Activation of a dense layer.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case relu, sigmoid, tanh, linear
}

/// Configuration of one LSTM layer (Keras semantics: tanh cell, sigmoid gates, unit forget bias).
public struct LSTMLayerConfig: Codable, Sendable, Equatable {
    /// Layer name, also the prefix of its tensors (e.g. `lstm1/kernel`).
    public var name: String
    /// Hidden units u (kernel (in, 4u), recurrent kernel (u, 4u), bias (4u)).
    public var units: Int
    /// Output every step's hidden state (true) or only the last one (false).
    public var returnSequences: Bool

    /// A layer named `name` with `units` units.
    public init(name: String, units: Int, returnSequences: Bool) {
        self.name = name
        self.units = units
        self.returnSequences = returnSequences
    }

    enum CodingKeys: String, CodingKey {
        case name, units
        case returnSequences = "return_sequences"
    }
}

/// Configuration of one fully connected layer.
public struct DenseLayerConfig: Codable, Sendable, Equatable {
    /// Layer name, also the prefix of its tensors (e.g. `dense1/kernel`).
    public var name: String
    /// Output width.
    public var units: Int
    /// Element-wise activation after the affine map.
    public var activation: Activation

    /// A layer named `name` with `units` outputs and `activation`.
    public init(name: String, units: Int, activation: Activation) {
        self.name = name
        self.units = units
        self.activation = activation
    }
}

/// Configuration of one (inverted) dropout layer.
public struct DropoutLayerConfig: Codable, Sendable, Equatable {
    /// Layer name.
    public var name: String
    /// Share of activations zeroed during training, in [0, 1).
    public var rate: Float

    /// A dropout layer named `name` with drop rate `rate`.
    public init(name: String, rate: Float) {
        self.name = name
        self.rate = rate
    }
}

/// One layer of a sequential model; encodes as Keras does: `{"class_name": "LSTM", "config": {…}}`.
public enum LayerConfig: Codable, Sendable, Equatable {
    /// An LSTM layer.
    case lstm(LSTMLayerConfig)
    /// A dense layer.
    case dense(DenseLayerConfig)
    /// A dropout layer.
    case dropout(DropoutLayerConfig)

    /// The layer's name.
    public var name: String {
        switch self {
        case .lstm(let c): return c.name
        case .dense(let c): return c.name
        case .dropout(let c): return c.name
        }
    }

    /// The Keras class name ("LSTM", "Dense", "Dropout").
    public var className: String {
        switch self {
        case .lstm: return "LSTM"
        case .dense: return "Dense"
        case .dropout: return "Dropout"
        }
    }

    enum CodingKeys: String, CodingKey {
        case className = "class_name"
        case config
    }

    /// Decodes `{"class_name": …, "config": …}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .className)
        switch kind {
        case "LSTM": self = .lstm(try c.decode(LSTMLayerConfig.self, forKey: .config))
        case "Dense": self = .dense(try c.decode(DenseLayerConfig.self, forKey: .config))
        case "Dropout": self = .dropout(try c.decode(DropoutLayerConfig.self, forKey: .config))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .className, in: c,
                debugDescription: "unknown layer class '\(kind)' (expected LSTM, Dense or Dropout)")
        }
    }

    /// Encodes `{"class_name": …, "config": …}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(className, forKey: .className)
        switch self {
        case .lstm(let l): try c.encode(l, forKey: .config)
        case .dense(let d): try c.encode(d, forKey: .config)
        case .dropout(let d): try c.encode(d, forKey: .config)
        }
    }
}

/// The architecture of a sequential LSTM classifier: input shape and layers (Keras `get_config` analogue).
public struct ModelConfig: Codable, Sendable, Equatable {
    /// Model name.
    public var name: String
    /// Time steps per window (L).
    public var sequenceLength: Int
    /// Features per time step.
    public var featureCount: Int
    /// Layers from input to output.
    public var layers: [LayerConfig]

    /// A model from explicit layers.
    public init(name: String = "lstm_model", sequenceLength: Int, featureCount: Int, layers: [LayerConfig]) {
        self.name = name
        self.sequenceLength = sequenceLength
        self.featureCount = featureCount
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey {
        case name, layers
        case sequenceLength = "sequence_length"
        case featureCount = "feature_count"
    }

    /// The prototype's family: stacked LSTMs (dropout after each), dense relu layers (dropout after each but the
    /// last), then Dense(1, sigmoid). The defaults are the prototype: (60, 19) → LSTM 64 → LSTM 32 → Dense 32 →
    /// Dense 16 → Dense 1, dropout 0.2, 35,521 parameters.
    public static func prototype(
        sequenceLength: Int = 60, featureCount: Int = 19, lstmUnits: [Int] = [64, 32], denseUnits: [Int] = [32, 16],
        dropout: Float = 0.2, name: String = "prototype_lstm"
    ) -> ModelConfig {
        var layers: [LayerConfig] = []
        var drops = 0
        func addDropout() {
            drops += 1
            if dropout > 0 { layers.append(.dropout(.init(name: "drop\(drops)", rate: dropout))) }
        }
        for (k, units) in lstmUnits.enumerated() {
            layers.append(.lstm(.init(name: "lstm\(k + 1)", units: units, returnSequences: k < lstmUnits.count - 1)))
            addDropout()
        }
        for (k, units) in denseUnits.enumerated() {
            layers.append(.dense(.init(name: "dense\(k + 1)", units: units, activation: .relu)))
            if k < denseUnits.count - 1 { addDropout() }
        }
        layers.append(.dense(.init(name: "out", units: 1, activation: .sigmoid)))
        return ModelConfig(name: name, sequenceLength: sequenceLength, featureCount: featureCount, layers: layers)
    }

    /// Parameters of the model (weights and biases).
    public var parameterCount: Int {
        (try? LayerShapes.resolve(self).reduce(0) { $0 + $1.parameterCount }) ?? 0
    }

    /// Checks the layer stack and returns nothing, or throws naming the first offending layer.
    public func validate() throws {
        _ = try LayerShapes.resolve(self)
    }

    /// Whether the model ends in Dense(1, sigmoid), as the trainer (binary cross-entropy) requires.
    public var isBinaryClassifier: Bool {
        if case .dense(let d) = layers.last, d.units == 1, d.activation == .sigmoid { return true }
        return false
    }

    /// JSON of the configuration (Keras `to_json` analogue), keys sorted.
    public func jsonString() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(self), as: UTF8.self)
    }

    /// A configuration from `jsonString()` output (Keras `from_config` analogue).
    public static func fromJSON(_ text: String) throws -> ModelConfig {
        try JSONDecoder().decode(ModelConfig.self, from: Data(text.utf8))
    }
}

/// Shape bookkeeping for a layer stack.
struct LayerShapes {
    let inputWidth: Int
    let outputWidth: Int
    let inputIsSequence: Bool
    let outputIsSequence: Bool
    let parameterCount: Int

    static func resolve(_ config: ModelConfig) throws -> [LayerShapes] {
        guard config.sequenceLength >= 1, config.featureCount >= 1 else {
            throw NeuralNetError.invalidConfig(
                "input shape (\(config.sequenceLength), \(config.featureCount)) must have positive sizes")
        }
        guard !config.layers.isEmpty else { throw NeuralNetError.invalidConfig("the model has no layers") }
        var names = Set<String>()
        var width = config.featureCount
        var sequence = true
        var out: [LayerShapes] = []
        for layer in config.layers {
            guard names.insert(layer.name).inserted else {
                throw NeuralNetError.invalidConfig("two layers are named '\(layer.name)'; names must be unique")
            }
            switch layer {
            case .lstm(let c):
                guard sequence else {
                    throw NeuralNetError.invalidConfig(
                        "LSTM '\(c.name)' follows a layer that returns no sequence; set return_sequences on the "
                            + "LSTM before it")
                }
                guard c.units >= 1 else { throw NeuralNetError.invalidConfig("LSTM '\(c.name)' needs units ≥ 1") }
                let p = 4 * c.units * (width + c.units + 1)
                out.append(.init(inputWidth: width, outputWidth: c.units, inputIsSequence: true,
                                 outputIsSequence: c.returnSequences, parameterCount: p))
                width = c.units
                sequence = c.returnSequences
            case .dense(let c):
                guard !sequence else {
                    throw NeuralNetError.invalidConfig(
                        "Dense '\(c.name)' gets a sequence; the last LSTM before it needs return_sequences = false")
                }
                guard c.units >= 1 else { throw NeuralNetError.invalidConfig("Dense '\(c.name)' needs units ≥ 1") }
                out.append(.init(inputWidth: width, outputWidth: c.units, inputIsSequence: false,
                                 outputIsSequence: false, parameterCount: width * c.units + c.units))
                width = c.units
            case .dropout(let c):
                guard c.rate >= 0, c.rate < 1 else {
                    throw NeuralNetError.invalidConfig("Dropout '\(c.name)' rate \(c.rate) must be in [0, 1)")
                }
                out.append(.init(inputWidth: width, outputWidth: width, inputIsSequence: sequence,
                                 outputIsSequence: sequence, parameterCount: 0))
            }
        }
        return out
    }
}
