/// A dense float32 tensor: a shape and its values in row-major (C) order.
public struct Tensor: Sendable, Equatable {
    /// Sizes of each dimension.
    public var shape: [Int]
    /// Values, row-major.
    public var values: [Float]

    /// A tensor; throws if the value count does not match the shape.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            throw NeuralNetError.shapeMismatch(expected: "\(shape.reduce(1, *)) values for shape \(shape)",
                                               got: "\(values.count) values")
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.shape = shape
        values = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// Number of elements.
    public var count: Int { values.count }

    /// A short description such as `Tensor(16×60×19)`.
    public var shapeDescription: String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
}
