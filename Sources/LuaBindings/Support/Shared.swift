/// A reference to a value-type core object (`Series`, `BarSeries`, `Frame`), so Lua can hold it as userdata.
/// The value itself is copy-on-write: handing it to Swift code never copies the columns.
public final class Shared<Value> {
    /// The wrapped value.
    public var value: Value
    public init(_ value: Value) { self.value = value }
}
