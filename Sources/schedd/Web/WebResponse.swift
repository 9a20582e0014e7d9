import Foundation
import HTTPTypes
import Hummingbird

/// Responses as the web layer sends them: JSON for the API, HTML for pages, each with headers that keep a browser
/// from caching or sniffing them and pages from loading anything that schedd does not serve itself.
enum WebResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(value)
        return response(status, contentType: "application/json; charset=utf-8", body: ByteBuffer(bytes: body))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        response(status, contentType: "text/html; charset=utf-8", body: ByteBuffer(string: page))
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        response(status, contentType: contentType, body: ByteBuffer(string: body))
    }

    /// The API's answer: the handler's value as JSON, or its refusal as `{"error", "hint"}` with the refusal's status.
    static func api(_ body: () async throws -> some Encodable) async throws -> Response {
        do {
            return try json(try await body())
        } catch let error as WebError {
            return try json(["error": error.message, "hint": error.hint], status: error.status)
        }
    }

    /// A file to save rather than show (a report's CSV), named `filename`.
    static func download(_ body: String, contentType: String, filename: String) -> Response {
        var response = text(body, contentType: contentType)
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }

    /// 303 See Other: after a form's POST, the browser GETs `location`.
    static func redirect(to location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    private static func response(_ status: HTTPResponse.Status, contentType: String, body: ByteBuffer) -> Response {
        var headers = securityHeaders
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// Nothing from elsewhere (no CDN: the centre's network may be closed), no framing by other sites, no caching of
    /// what a login may see.
    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own forms, which the
        // login's cross-site check must then refuse.
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return headers
    }
}
