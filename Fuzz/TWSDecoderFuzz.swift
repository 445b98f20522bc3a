// libFuzzer entry point for the TWS decoders: the input is treated as a raw byte stream from a peer.
// It is cut into frames exactly as the NIO handlers do, and every frame is decoded in both directions;
// the first bytes are also tried as a client hello. Any trap or sanitizer report is a bug.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTWSDecoders(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = TWSHandshake.parseHello(Array(bytes.prefix(1100)))
    if let text = String(bytes: bytes.prefix(64), encoding: .utf8) { _ = TWSHandshake.parseRange(text) }
    // The whole input as one payload, too (covers inputs that are not valid frames).
    _ = try? ServerMessage.decode(bytes)
    _ = try? ClientMessage.decode(bytes)
    var offset = 0
    while offset < bytes.count {
        let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        switch TWSFraming.cut(rest) {
        case .needMoreData, .oversized:
            return 0
        case .frame(let po, let pl, let consumed):
            let payload = UnsafeRawBufferPointer(rebasing: rest[po..<(po + pl)])
            if let m = try? ServerMessage.decode(payload) {
                // Re-encoding a decoded message must not trap either.
                _ = m.encodePayload()
                if case .historicalData(_, _, _, let bars) = m { _ = bars.first?.epochSeconds }
            }
            if let m = try? ClientMessage.decode(payload) { _ = m.encodePayload() }
            offset += consumed
        }
    }
    return 0
}
