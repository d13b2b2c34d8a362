package io.nija.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches the API (a path with an encoded NUL or an overlong UTF-8
 * sequence, a header section too large, an unknown method), in the API's {@code {error:{code,message}}} shape
 * instead of Jetty's HTML page. The message is generic: nothing of the request is echoed.
 */
final class JsonErrorPages {
    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private JsonErrorPages() {
    }

    static byte[] body(int status) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
        return ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"the request was refused before it reached the API (HTTP "
                + status + ")\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static boolean writeJson(Response response, Callback callback, int status) {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(status)), callback);
        return true;
    }

    /** For the server as a whole (requests that never reach a context). */
    static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            return writeJson(response, callback, code);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(JSON);
            return ByteBuffer.wrap(body(status));
        }
    }

    /** For the servlet context Javalin runs in (for example a path Jetty finds ambiguous). */
    static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) {
            return writeJson(response, callback, code);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(JSON);
            return ByteBuffer.wrap(body(status));
        }
    }
}
