import Crypto
import Foundation

/// Secrets handed to people (set-up links, session cookies, personal links) and what the workspace keeps
/// of them.
enum Secret {
    /// 256 random bits from the system's cryptographic generator, base64url without padding (43
    /// characters, safe in a URL path and a cookie).
    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What the workspace stores instead of `secret`: its SHA-256, hex. A stolen database gives no
    /// working link or session.
    static func hash(_ secret: String) -> String {
        // Hex by hand: `String(format:)` per byte was a twentieth of a roll-call tap.
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
