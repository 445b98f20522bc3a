import Foundation

/// Version written into model files.
public enum NeuralNetVersion {
    /// The Lunar version that wrote a file.
    public static let lunar = "0.1.0"
    /// Version of the model-file layout.
    public static let format = 1
}

/// The span of data a model was trained on.
public struct TrainingRange: Codable, Sendable, Equatable {
    /// Rows (bars) in the input.
    public var bars: Int
    /// First row after warm-up.
    public var firstRow: Int
    /// Input row of the first training window's last bar.
    public var trainStartBar: Int
    /// Input row of the last training window's last bar.
    public var trainEndBar: Int
    /// Input row of the first validation window's last bar.
    public var validationStartBar: Int
    /// Input row of the last validation window's last bar.
    public var validationEndBar: Int
    /// Training windows.
    public var trainWindows: Int
    /// Validation windows.
    public var validationWindows: Int

    enum CodingKeys: String, CodingKey {
        case bars
        case firstRow = "first_row"
        case trainStartBar = "train_start_bar"
        case trainEndBar = "train_end_bar"
        case validationStartBar = "validation_start_bar"
        case validationEndBar = "validation_end_bar"
        case trainWindows = "train_windows"
        case validationWindows = "validation_windows"
    }
}

/// Everything saved beside the weights: architecture, feature set, scaler, windowing, training range, metrics.
public struct ModelMetadata: Codable, Sendable, Equatable {
    /// Layout version of the file.
    public var formatVersion: Int = NeuralNetVersion.format
    /// Lunar version that wrote the file.
    public var lunarVersion: String = NeuralNetVersion.lunar
    /// The architecture.
    public var architecture: ModelConfig
    /// Names of the input features, in column order.
    public var featureNames: [String]
    /// Scaler applied to raw features before the network (nil: features are fed as they are).
    public var scaler: MinMaxScaler?
    /// Window length, label horizon and split.
    public var windowing: WindowingSpec
    /// Data used for the last fit.
    public var training: TrainingRange?
    /// Validation metrics after the last fit.
    public var metrics: ClassificationReport?
    /// History of the last fit.
    public var history: TrainingHistory?
    /// Options of the last fit.
    public var options: TrainingOptions?
    /// Where the weights came from ("lunar", or "keras:<file>" for converted models).
    public var source: String = "lunar"

    enum CodingKeys: String, CodingKey {
        case architecture, scaler, windowing, training, metrics, history, options, source
        case formatVersion = "format_version"
        case lunarVersion = "lunar_version"
        case featureNames = "feature_names"
    }
}
