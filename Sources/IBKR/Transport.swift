import NIOCore

/// What the client side of a TWS connection receives, after framing and decoding.
public enum ClientInbound: Sendable {
    /// The handshake reply: server version and connection time.
    case serverVersion(Int, connectionTime: String)
    /// A decoded server message (unknown ids and malformed frames were already logged and skipped).
    case message(ServerMessage)
}

/// What the server side of a TWS connection receives.
public enum ServerInbound: Sendable {
    /// The client's `API\0` hello with its version range.
    case hello(TWSHandshake.Hello)
    /// A decoded client message.
    case message(ClientMessage)
    /// A frame that did not parse; `id` is the message id when it could be read.
    case malformed(id: Int, reason: String)
    /// A frame with an id this implementation does not know.
    case unknown(id: Int)
}

/// Cuts client-side frames and decodes them; never throws for bad content, only for a broken stream.
public final class TWSClientDecoder: ByteToMessageDecoder {
    /// Decoded messages.
    public typealias InboundOut = ClientInbound
    private var handshakeDone = false
    private let logger: TWSLogger

    /// Creates a decoder that logs skipped frames to `logger`.
    public init(logger: TWSLogger) { self.logger = logger }

    /// Decodes as many frames as are buffered.
    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let cut = buffer.withUnsafeReadableBytes { TWSFraming.cut($0) }
        switch cut {
        case .needMoreData:
            return .needMoreData
        case .oversized(let n):
            logger.error("closing connection: frame length \(n) exceeds \(TWSFraming.maxPayloadLength)")
            throw TWSError(kind: .connection, code: 507, message: "bad message length \(n)")
        case .frame(let offset, let length, let consumed):
            let handshake = handshakeDone
            let out: ClientInbound? = buffer.withUnsafeReadableBytes { raw in
                let payload = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                return handshake ? decodeMessage(payload) : decodeHandshake(payload)
            }
            buffer.moveReaderIndex(forwardBy: consumed)
            if let out {
                if case .serverVersion = out { handshakeDone = true }
                context.fireChannelRead(wrapInboundOut(out))
            }
            return .continue
        }
    }

    /// Nothing special at EOF: a partial frame is dropped.
    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 { logger.warning("dropping \(buffer.readableBytes) bytes of a partial frame") }
        buffer.clear()
        return .needMoreData
    }

    private func decodeHandshake(_ payload: UnsafeRawBufferPointer) -> ClientInbound? {
        var r = TWSFieldReader(payload)
        do {
            guard let version = try r.readOptionalInt() else {
                logger.error("handshake reply without a server version")
                return nil
            }
            let time = r.isAtEnd ? "" : try r.readString()
            return .serverVersion(version, connectionTime: time)
        } catch {
            logger.error("malformed handshake reply: \(error)")
            return nil
        }
    }

    private func decodeMessage(_ payload: UnsafeRawBufferPointer) -> ClientInbound? {
        do {
            let m = try ServerMessage.decode(payload)
            if case .unknown(let id) = m {
                logger.info("skipping message with unknown id \(id)")
                return nil
            }
            return .message(m)
        } catch {
            logger.warning("skipping malformed frame: \(error)")
            return nil
        }
    }
}

/// Parses the client's hello, then cuts and decodes client frames (simulator side).
public final class TWSServerDecoder: ByteToMessageDecoder {
    /// Decoded requests.
    public typealias InboundOut = ServerInbound
    private var gotHello = false
    private let logger: TWSLogger

    /// Creates a decoder that logs to `logger`.
    public init(logger: TWSLogger) { self.logger = logger }

    /// Decodes the hello or as many frames as are buffered.
    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !gotHello {
            let head = buffer.getBytes(at: buffer.readerIndex, length: min(buffer.readableBytes, 1100)) ?? []
            switch TWSHandshake.parseHello(head) {
            case .needMoreData: return .needMoreData
            case .invalid(let why):
                logger.warning("closing connection: \(why)")
                throw TWSError(kind: .connection, code: 508, message: why)
            case .hello(let hello, let consumed):
                buffer.moveReaderIndex(forwardBy: consumed)
                gotHello = true
                context.fireChannelRead(wrapInboundOut(.hello(hello)))
                return .continue
            }
        }
        let cut = buffer.withUnsafeReadableBytes { TWSFraming.cut($0) }
        switch cut {
        case .needMoreData:
            return .needMoreData
        case .oversized(let n):
            logger.error("closing connection: frame length \(n) exceeds \(TWSFraming.maxPayloadLength)")
            throw TWSError(kind: .connection, code: 507, message: "bad message length \(n)")
        case .frame(let offset, let length, let consumed):
            let out: ServerInbound = buffer.withUnsafeReadableBytes { raw in
                let payload = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                do {
                    if let m = try ClientMessage.decode(payload) { return .message(m) }
                    var r = TWSFieldReader(payload)
                    return .unknown(id: (try? r.readInt()) ?? -1)
                } catch {
                    var r = TWSFieldReader(payload)
                    return .malformed(id: (try? r.readInt()) ?? -1, reason: "\(error)")
                }
            }
            buffer.moveReaderIndex(forwardBy: consumed)
            context.fireChannelRead(wrapInboundOut(out))
            return .continue
        }
    }

    /// Drops a partial frame at EOF.
    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.clear()
        return .needMoreData
    }
}

extension Channel {
    /// Writes raw bytes (an already framed message) and flushes.
    func writeBytes(_ bytes: [UInt8], flush: Bool = true) {
        let buffer = allocator.buffer(bytes: bytes)
        if flush {
            writeAndFlush(buffer, promise: nil)
        } else {
            write(buffer, promise: nil)
        }
    }
}
