import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Headers on every response: a content security policy without inline script or style, no sniffing, no
/// framing, no referrer, no indexing.
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers.append(contentsOf: securityFields)
        return response
    }
}

/// The fields ``SecurityHeaders`` adds.
private let securityFields: [HTTPField] = [
    HTTPField(
        name: .contentSecurityPolicy,
        value:
            "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    HTTPField(name: .xContentTypeOptions, value: "nosniff"),
    HTTPField(name: HTTPField.Name("X-Frame-Options")!, value: "DENY"),
    HTTPField(name: HTTPField.Name("Referrer-Policy")!, value: "no-referrer"),
    HTTPField(name: HTTPField.Name("X-Robots-Tag")!, value: "noindex, nofollow"),
]

/// Refuses a client that went over its limit with 429 and `Retry-After` (a token bucket per address).
struct RateLimiting<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let buckets: TokenBuckets

    init(limit: RateLimit) { buckets = TokenBuckets(limit: limit) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let client = context.remoteAddress?.ipAddress ?? "local"
        if let wait = buckets.take(for: client, at: ContinuousClock.now) {
            return Response(
                status: .tooManyRequests,
                headers: [.retryAfter: String(Int(wait.rounded(.up))), .contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "Too many requests; try again in a moment.\n")))
        }
        return try await next(request, context)
    }
}

/// Token buckets by client: each holds up to `requests` tokens and refills at `requests / seconds` a second.
final class TokenBuckets: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: RateLimit
    private var buckets: [String: (tokens: Double, at: ContinuousClock.Instant)] = [:]

    init(limit: RateLimit) { self.limit = limit }

    /// Takes a token for `client`; nil when there was one, else the seconds until there is.
    func take(for client: String, at now: ContinuousClock.Instant) -> Double? {
        lock.withLock {
            let rate = Double(limit.requests) / limit.seconds
            var bucket = buckets[client] ?? (Double(limit.requests), now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket = (min(Double(limit.requests), bucket.tokens + seconds * rate), now)
            defer { buckets[client] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
    }
}
