import Foundation

/// The text with runs of white space (ASCII and no-break space) made one space, and trimmed.
func collapsingWhitespace(_ text: String) -> String {
    var text = text
    // Text already collapsed is returned as it is, sharing its storage.
    return text.withUTF8 { utf8 in
        isCollapsed(utf8) ? nil : String(unsafeUninitializedCapacity: utf8.count) { collapse(utf8, into: $0) }
    } ?? text
}

/// UTF-8 bytes as text with white space collapsed, as ``collapsingWhitespace(_:)``.
func collapsed(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
    if isCollapsed(utf8) { return String(decoding: utf8, as: UTF8.self) }
    return String(unsafeUninitializedCapacity: utf8.count) { collapse(utf8, into: $0) }
}

/// Writes the collapsed text (never longer than the original) and returns its length in bytes.
func collapse(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
    var count = 0
    func append(_ byte: UInt8) {
        output[count] = byte
        count += 1
    }
    var pendingSpace = false
    var previousWasC2 = false
    for byte in utf8 {
        if previousWasC2 {
            previousWasC2 = false
            if byte == 0xA0 {  // U+00A0 NO-BREAK SPACE
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                append(0x20)
                pendingSpace = false
            }
            append(0xC2)
        }
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
            pendingSpace = count > 0
        case 0xC2:
            previousWasC2 = true
        default:
            if pendingSpace {
                append(0x20)
                pendingSpace = false
            }
            append(byte)
        }
    }
    if previousWasC2 {
        if pendingSpace { append(0x20) }
        append(0xC2)
    }
    return count
}

/// Whether collapsing would leave the text as it is: no white space at either end, no run of it, none
/// but plain spaces (most titles and identifiers, which are then shared rather than copied).
func isCollapsed(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    textShape(utf8, markup: false).collapsed
}

/// Whether collapsing would leave the text as it is (``isCollapsed(_:)``), and, when asked, whether it holds
/// markup (a `<` and a `>`): one pass over the bytes for most texts.
func textShape(_ utf8: UnsafeBufferPointer<UInt8>, markup: Bool = true) -> (collapsed: Bool, markup: Bool) {
    var previousWasSpace = true  // white space at the start is not collapsed
    var collapsed = true
    var open = false
    var index = 0
    scan: while index < utf8.count {
        switch utf8[index] {
        case 0x20:
            if previousWasSpace {
                collapsed = false
                break scan
            }
            previousWasSpace = true
        case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xC2:  // 0xC2 may start a no-break space
            collapsed = false
            break scan
        case 0x3C:  // "<"
            open = true
            previousWasSpace = false
        default:
            previousWasSpace = false
        }
        index += 1
    }
    if collapsed { collapsed = !previousWasSpace || utf8.isEmpty }
    guard markup else { return (collapsed, false) }
    if !open { open = UnsafeBufferPointer(rebasing: utf8[index...]).contains(0x3C) }
    return (collapsed, open && utf8.contains(0x3E))
}
