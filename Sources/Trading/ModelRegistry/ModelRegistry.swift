import Foundation

/// The versioned model registry: `root/<symbol>/<version>.safetensors` plus `root/<symbol>/registry.json`.
///
/// - **Verified on the way in.** ``register(candidateAt:symbol:metrics:createdAt:note:)`` copies the candidate
///   into the registry and loads the copy (checksum, truncation, shapes) before it is given a name; a corrupt or
///   truncated candidate is refused and nothing changes. ``promote(symbol:version:reason:)`` and
///   ``rollback(symbol:to:reason:)`` load the target again before switching to it.
/// - **Atomic.** Model files and `registry.json` are written to a temporary file, fsync'd and renamed; the deployed
///   version is a field of `registry.json`, so a reader (the live runner) sees the old deployment or the new one,
///   never a half-written state. A writer killed at any point leaves at most a hidden temporary file, which the
///   next writer deletes.
/// - **Locked.** Writers take an exclusive `flock` on `root/<symbol>/.lock`; symbols are independent, so shards of
///   a retrain can run in parallel on one registry. Readers take no lock.
/// - **Journaled.** With a ``Journal``, every registration, promotion, rejection and rollback is also recorded in
///   its `model_versions` table.
public final class ModelRegistry: @unchecked Sendable {
    /// Points inside a write where a test may stop the process (see ``faultHook``).
    public enum Step: String, Sendable {
        /// The candidate's copy is written and fsync'd under a temporary name, not yet verified or named.
        case candidateCopied
        /// The candidate is verified and stored under its version name; registry.json is not yet updated.
        case candidateStored
        /// The new registry.json is written under a temporary name, not yet renamed over the old one.
        case registryWritten
    }

    /// The registry folder.
    public let root: URL
    /// Checks model files before they are accepted or deployed.
    public let validator: ModelFileValidator
    /// Where model-version events are journaled (nil: not journaled).
    public let journal: Journal?
    /// How long a writer waits for another writer's lock.
    public var lockTimeout: TimeInterval = 60
    /// Test hook: called at each ``Step`` of a write, while the lock is held (used by the SIGKILL tests).
    public var faultHook: (@Sendable (Step) -> Void)?

    /// Opens (without creating anything yet) the registry at `root`.
    public init(root: URL, validator: ModelFileValidator = .lunarModel, journal: Journal? = nil) {
        self.root = root
        self.validator = validator
        self.journal = journal
    }

    /// The registry of a configuration: `models.registry`, journaled in `state_dir/journal.sqlite` when `journal`.
    public convenience init(config: LunarConfig, journal: Journal? = nil) {
        self.init(root: config.models.registry, journal: journal)
    }

    // MARK: - Paths

    /// Whether `symbol` can name a registry folder.
    public static func isValidSymbol(_ symbol: String) -> Bool {
        !symbol.isEmpty && symbol.count <= 64 && symbol != "." && symbol != ".." && !symbol.hasPrefix(".")
            && symbol.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "." || $0 == "-" || $0 == "_" || $0 == "^" || $0 == "="
            }
    }

    /// `root/<symbol>`.
    public func directory(symbol: String) throws -> URL {
        guard Self.isValidSymbol(symbol) else { throw ModelRegistryError.invalidSymbol(symbol) }
        return root.appendingPathComponent(symbol, isDirectory: true)
    }

    /// `root/<symbol>/registry.json`.
    public func registryURL(symbol: String) throws -> URL {
        try directory(symbol: symbol).appendingPathComponent("registry.json")
    }

    /// `root/<symbol>/<version>.safetensors`.
    public func modelURL(symbol: String, version: String) throws -> URL {
        try directory(symbol: symbol).appendingPathComponent(version + ".safetensors")
    }

    // MARK: - Reading (no lock: registry.json is replaced atomically)

    /// Symbols that have a registry, sorted.
    public func symbols() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter {
            Self.isValidSymbol($0)
                && FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("registry.json").path)
        }.sorted()
    }

    /// Every version of `symbol`, oldest first (empty when the symbol has no registry).
    public func versions(symbol: String) throws -> [ModelVersion] {
        guard let doc = try RegistryDocument.read(try registryURL(symbol: symbol), symbol: symbol) else { return [] }
        return try doc.versions.map { try record($0, symbol: symbol) }.sorted { $0.version < $1.version }
    }

    /// The deployed version of `symbol`, or nil.
    public func deployed(symbol: String) throws -> ModelVersion? {
        let url = try registryURL(symbol: symbol)
        guard let doc = try RegistryDocument.read(url, symbol: symbol), let name = doc.deployed else { return nil }
        guard let i = doc.index(of: name) else {
            throw ModelRegistryError.corruptRegistry(path: url.path, message: "deployed version \(name) is not listed")
        }
        return try record(doc.versions[i], symbol: symbol)
    }

    /// Promotions and rollbacks of `symbol`, oldest first.
    public func history(symbol: String) throws -> [RegistryEvent] {
        try RegistryDocument.read(try registryURL(symbol: symbol), symbol: symbol)?.history ?? []
    }

    private func record(_ e: RegistryDocument.Entry, symbol: String) throws -> ModelVersion {
        ModelVersion(symbol: symbol, version: e.version, url: try directory(symbol: symbol).appendingPathComponent(e.file),
                     metrics: e.metrics, createdAt: e.createdAt, status: e.status, format: e.format, note: e.note)
    }

    // MARK: - Writing

    /// `yyyyMMdd-HHmmss` of `date` in UTC.
    public static func versionName(for date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }

    /// Runs `body` with the symbol's lock held, its folder created and leftovers of dead writers removed.
    private func withLock<T>(symbol: String, _ body: (URL) throws -> T) throws -> T {
        let dir = try directory(symbol: symbol)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ModelRegistryError.io(path: dir.path, message: "cannot create the folder: \(error.localizedDescription)")
        }
        let lock = try FileLock(path: dir.appendingPathComponent(".lock").path, timeout: lockTimeout)
        defer { lock.unlock() }
        DurableFile.removeLeftovers(in: dir)
        return try body(dir)
    }

    private func save(_ doc: RegistryDocument, symbol: String) throws {
        let url = try registryURL(symbol: symbol)
        let tmp = try DurableFile.writeTemporary(try doc.encoded(), beside: url)
        faultHook?(.registryWritten)
        try DurableFile.commit(tmp, to: url)
    }

    private func journalEvent(_ symbol: String, _ version: String, _ url: URL?, _ action: String,
                              _ metrics: [String: Double]?) {
        guard let journal else { return }
        var text: String?
        if let metrics, let data = try? RegistryDocument.encoder().encode(metrics) {
            text = String(decoding: data, as: UTF8.self)
        }
        // The registry change is already durable; a journal failure must not undo or fail it.
        try? journal.recordModelVersion(symbol: symbol, version: version, path: url?.path, action: action, metrics: text)
    }

    /// Copies a candidate model file into the registry as a new version (status `candidate`).
    ///
    /// The copy is written under a temporary name, fsync'd and loaded with the validator; only a copy that loads is
    /// renamed to `<version>.safetensors` and recorded. The deployed version does not change.
    ///
    /// - Parameters:
    ///   - candidateAt: The model file to copy (left in place).
    ///   - symbol: The symbol it trades.
    ///   - metrics: Its out-of-sample metrics.
    ///   - createdAt: The version's time (the version name is this time in UTC, moved on by seconds if taken).
    ///   - note: Free text kept with the version.
    /// - Throws: ``ModelRegistryError/invalidModel(path:message:)`` for a corrupt or truncated candidate.
    @discardableResult
    public func register(candidateAt source: URL, symbol: String, metrics: [String: Double] = [:],
                         createdAt: Date = Date(), note: String? = nil) throws -> ModelVersion {
        try withLock(symbol: symbol) { dir in
            var doc = try RegistryDocument.read(try registryURL(symbol: symbol), symbol: symbol)
                ?? RegistryDocument(symbol: symbol)
            var time = createdAt
            var name = Self.versionName(for: time)
            while doc.index(of: name) != nil
                || FileManager.default.fileExists(atPath: dir.appendingPathComponent(name + ".safetensors").path) {
                time = time.addingTimeInterval(1)
                name = Self.versionName(for: time)
            }
            let target = dir.appendingPathComponent(name + ".safetensors")
            let bytes: Data
            do { bytes = try Data(contentsOf: source) } catch {
                throw ModelRegistryError.invalidModel(path: source.path, message: "cannot read: \(error.localizedDescription)")
            }
            let tmp = try DurableFile.writeTemporary(bytes, beside: target)
            faultHook?(.candidateCopied)
            let format: String
            do {
                format = try validator.validate(URL(fileURLWithPath: tmp))
            } catch {
                unlink(tmp)
                // Name the candidate, not the temporary copy, in the message.
                var message = "\(error)"
                if case ModelRegistryError.invalidModel(_, let m) = error { message = m }
                message = message.replacingOccurrences(of: tmp + ": ", with: "")
                    .replacingOccurrences(of: tmp, with: source.path)
                throw ModelRegistryError.invalidModel(path: source.path, message: message)
            }
            try DurableFile.commit(tmp, to: target)
            faultHook?(.candidateStored)
            let entry = RegistryDocument.Entry(version: name, file: target.lastPathComponent, createdAt: createdAt,
                                               status: .candidate, format: format, metrics: metrics, note: note)
            doc.versions.append(entry)
            try save(doc, symbol: symbol)
            journalEvent(symbol, name, target, "registered", metrics)
            return try record(entry, symbol: symbol)
        }
    }

    /// Deploys `version`: it becomes what ``deployed(symbol:)`` returns; the previous one is `retired`.
    ///
    /// The file is loaded first; a file that no longer loads is refused and the deployment does not change.
    @discardableResult
    public func promote(symbol: String, version: String, reason: String? = nil, now: Date = Date()) throws
        -> ModelVersion {
        try deploy(symbol: symbol, action: "promoted", reason: reason, now: now) { _ in version }
    }

    /// Deploys an earlier version again: `to`, or (nil) the version deployed before the current one.
    @discardableResult
    public func rollback(symbol: String, to version: String? = nil, reason: String? = nil, now: Date = Date()) throws
        -> ModelVersion {
        try deploy(symbol: symbol, action: "rolled_back", reason: reason ?? "rollback", now: now) { doc in
            if let version { return version }
            guard let current = doc.deployed else { throw ModelRegistryError.nothingDeployed(symbol: symbol) }
            guard let previous = doc.history.last(where: { $0.version == current })?.previous else {
                throw ModelRegistryError.noPreviousVersion(symbol: symbol)
            }
            return previous
        }
    }

    /// Switches the deployment to the version `target` picks from the current document (under the lock).
    private func deploy(symbol: String, action: String, reason: String?, now: Date,
                        target: (RegistryDocument) throws -> String) throws -> ModelVersion {
        try withLock(symbol: symbol) { dir in
            var doc = try RegistryDocument.read(try registryURL(symbol: symbol), symbol: symbol)
                ?? RegistryDocument(symbol: symbol)
            let version = try target(doc)
            guard let i = doc.index(of: version) else {
                throw ModelRegistryError.unknownVersion(symbol: symbol, version: version)
            }
            let url = dir.appendingPathComponent(doc.versions[i].file)
            _ = try validator.validate(url)
            let previous = doc.deployed
            if previous == version { return try record(doc.versions[i], symbol: symbol) }
            if let previous, let p = doc.index(of: previous) { doc.versions[p].status = .retired }
            doc.versions[i].status = .deployed
            if let reason { doc.versions[i].note = reason }
            doc.deployed = version
            doc.history.append(RegistryEvent(action: action, version: version, previous: previous, at: now, reason: reason))
            try save(doc, symbol: symbol)
            journalEvent(symbol, version, url, action, doc.versions[i].metrics)
            return try record(doc.versions[i], symbol: symbol)
        }
    }

    /// Marks a registered candidate as refused by the policy (the file is kept for the record).
    @discardableResult
    public func reject(symbol: String, version: String, reason: String) throws -> ModelVersion {
        try withLock(symbol: symbol) { _ in
            guard var doc = try RegistryDocument.read(try registryURL(symbol: symbol), symbol: symbol),
                  let i = doc.index(of: version) else {
                throw ModelRegistryError.unknownVersion(symbol: symbol, version: version)
            }
            guard doc.versions[i].status == .candidate else { return try record(doc.versions[i], symbol: symbol) }
            doc.versions[i].status = .rejected
            doc.versions[i].note = reason
            try save(doc, symbol: symbol)
            let v = try record(doc.versions[i], symbol: symbol)
            journalEvent(symbol, version, v.url, "rejected", v.metrics)
            return v
        }
    }
}
