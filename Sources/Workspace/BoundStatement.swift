import GRDB
import GRDBSQLite

/// A prepared statement run through SQLite's C interface, for bulk writes: GRDB boxes each argument
/// in `StatementArguments` (about 0.7 µs per row of nine values, measured with `perf` on the
/// 1,000,000-mark import), which this skips. It runs inside GRDB's own connection and transaction.
///
/// Bind every parameter (1-based, in order), then ``step()``.
struct BoundStatement {
    private let statement: Statement
    private let connection: OpaquePointer?
    private let arena = TextArena()

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds text, copied once into an arena that stays put until ``step()`` (SQLite's own copy of each
    /// value costs a `malloc`).
    func bind(_ index: Int32, _ text: String) throws {
        var text = text
        let (pointer, count) = text.withUTF8 { (arena.copy($0), Int32($0.count)) }
        try check(sqlite3_bind_text(statement.sqliteStatement, index, pointer, count, nil))
    }

    /// Binds text given as UTF-8 bytes (valid UTF-8: the caller wrote them).
    func bind(_ index: Int32, utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        try check(sqlite3_bind_text(statement.sqliteStatement, index, arena.copy(bytes), Int32(bytes.count), nil))
    }

    func bind(_ index: Int32, _ text: String?) throws {
        if let text { try bind(index, text) } else { try check(sqlite3_bind_null(statement.sqliteStatement, index)) }
    }

    func bind(_ index: Int32, _ number: Int) throws {
        try check(sqlite3_bind_int64(statement.sqliteStatement, index, sqlite3_int64(number)))
    }

    func bind(_ index: Int32, _ number: Int?) throws {
        if let number {
            try bind(index, number)
        } else {
            try check(sqlite3_bind_null(statement.sqliteStatement, index))
        }
    }

    /// Runs the statement once and resets it for the next values.
    func step() throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            arena.reset()
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Runs the statement once, resets it, and returns how many rows it inserted, updated or deleted.
    func stepCountingChanges() throws -> Int {
        try step()
        return Int(sqlite3_changes(connection))
    }

    /// Runs a query and returns the first column of every row, as text (`nil` when NULL, left out).
    /// Resets the statement for the next values.
    func allRows() throws -> [String] {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            arena.reset()
        }
        var rows: [String] = []
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_DONE: return rows
            case SQLITE_ROW: if let text = sqlite3_column_text(handle, 0) { rows.append(String(cString: text)) }
            default: throw error(code)
            }
        }
    }

    /// Runs a query: whether it gave a row, and the first column of that row as text (`nil` when NULL).
    /// Resets the statement for the next values.
    func firstRow() throws -> (found: Bool, text: String?) {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            arena.reset()
        }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_DONE: return (false, nil)
        case SQLITE_ROW: return (true, sqlite3_column_text(handle, 0).map { String(cString: $0) })
        default: throw error(code)
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) },
            sql: statement.sql)
    }
}

/// Memory for bound text: blocks reused from one step to the next.
private final class TextArena {
    private static let blockSize = 1 << 16
    private var blocks: [UnsafeMutableRawPointer] = []
    private var large: [UnsafeMutableRawPointer] = []
    private var block = 0
    private var used = 0

    /// A copy of the bytes (never a null pointer, even for no bytes), valid until ``reset()``.
    func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        let target: UnsafeMutableRawPointer
        if bytes.count > Self.blockSize {
            target = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
            large.append(target)
        } else {
            if blocks.isEmpty || used + bytes.count > Self.blockSize {
                if !blocks.isEmpty { block += 1 }
                if block == blocks.count {
                    blocks.append(UnsafeMutableRawPointer.allocate(byteCount: Self.blockSize, alignment: 1))
                }
                used = 0
            }
            target = blocks[block] + used
            used += bytes.count
        }
        if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
        return UnsafePointer(target.assumingMemoryBound(to: CChar.self))
    }

    func reset() {
        block = 0
        used = 0
        for pointer in large { pointer.deallocate() }
        large.removeAll()
    }

    deinit {
        reset()
        for pointer in blocks { pointer.deallocate() }
    }
}

/// Inserts rows with one `INSERT … VALUES (…), (…), …` statement per chunk of rows: SQLite keeps its
/// b-tree cursor for the whole statement, so rows in key order append without a descent from the root
/// each (a third of the per-row cost of the mark import, measured with `perf`).
///
/// The statement is `INSERT OR ROLLBACK`: a row that breaks a constraint rolls back the whole transaction
/// at once, as every caller would anyway. That spares SQLite a statement journal: with the default
/// (`ABORT`) a statement of several rows must be undoable on its own, so each one first copied every page
/// it was about to change (64 KiB each, at least the table's and each index's last page) to a temporary
/// file: 300 MB for a 100,000-course import (`strace`).
struct ChunkedInsert<Item> {
    private let db: Database
    private let prefix: String
    private let suffix: String
    private let width: Int
    private let chunk: Int
    private let bind: (Item, BoundStatement, Int32) throws -> Void
    private var pending: [Item] = []
    private var full: BoundStatement?
    /// Rows inserted so far (fewer than appended when the upsert clause left some out).
    private(set) var rowsInserted = 0

    /// `bind` binds one item's `width` values at parameters `base + 1 … base + width`.
    /// `suffix` follows the rows (an upsert clause).
    init(
        _ db: Database, into table: String, columns: [String], rowsPerStatement chunk: Int = 64, suffix: String = "",
        bind: @escaping (Item, BoundStatement, Int32) throws -> Void
    ) {
        self.db = db
        self.prefix = "INSERT OR ROLLBACK INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        self.suffix = suffix.isEmpty ? "" : " " + suffix
        self.width = columns.count
        self.chunk = chunk
        self.bind = bind
        pending.reserveCapacity(chunk)
    }

    mutating func append(_ item: Item) throws {
        pending.append(item)
        if pending.count == chunk { try flush() }
    }

    /// Writes what is pending.
    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let statement: BoundStatement
        if pending.count == chunk, let full {
            statement = full
        } else {
            statement = try BoundStatement(db, sql: sql(rows: pending.count))
            if pending.count == chunk { full = statement }
        }
        for (offset, item) in pending.enumerated() { try bind(item, statement, Int32(offset * width)) }
        defer { pending.removeAll(keepingCapacity: true) }
        rowsInserted += try statement.stepCountingChanges()
    }

    private func sql(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
        return prefix + Array(repeating: row, count: rows).joined(separator: ", ") + suffix
    }
}
