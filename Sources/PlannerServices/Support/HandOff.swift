import Foundation

/// Items passed from a reading thread to the writing one, in order; at most `capacity` wait, so memory
/// stays flat however large the file.
final class HandOff<Item: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer: [Item] = []
    private var returned: [Item] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Whether the writer has given up (the reader may stop sending).
    var isCancelled: Bool { condition.withLock { cancelled } }

    /// Whether the writer is behind: `capacity` items wait, and sending now would wait too.
    var isFull: Bool { condition.withLock { buffer.count >= capacity } }

    /// Hands an item over, waiting while the buffer is full; dropped once the writer has given up.
    func send(_ item: Item) {
        condition.lock()
        defer { condition.unlock() }
        while buffer.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return }
        buffer.append(item)
        condition.broadcast()
    }

    /// No more items will come.
    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// The writer gives up: the reader stops waiting, and what it sends from now on is dropped.
    func cancel() {
        condition.withLock {
            cancelled = true
            buffer.removeAll()
            condition.broadcast()
        }
    }

    /// The writer hands a used item back, for the reader to free (memory is best freed by the thread that
    /// allocated it: freeing the reader's allocations on the writing thread made both wait on the
    /// allocator's lock, `perf`).
    func giveBack(_ item: Item) {
        condition.withLock { returned.append(item) }
    }

    /// The items handed back since the last call (the reader drops them).
    func takeBack() -> [Item] {
        condition.withLock {
            defer { returned = [] }
            return returned
        }
    }

    /// The next item, waiting for it; nil once the reader has finished and everything was taken.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty && !finished && !cancelled { condition.wait() }
        guard !buffer.isEmpty else { return nil }
        // At most `capacity` items: taking the first one is cheap.
        let item = buffer.removeFirst()
        condition.broadcast()
        return item
    }
}

/// A value computed on a thread of its own (with a stack large enough for libxml2's parser); `value`
/// waits for it.
final class Eventually<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: Value?

    init(_ body: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = body()
            condition.withLock {
                stored = value
                condition.broadcast()
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once the thread has produced it.
    var value: Value {
        condition.lock()
        defer { condition.unlock() }
        while stored == nil { condition.wait() }
        return stored!
    }
}
