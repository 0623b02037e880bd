package io.pinpipe.ingest;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (a request arriving while the server stops, an unparseable
 * request line, headers too large) in the JSON error body of the path's route family instead of
 * Jetty's HTML page, so clients parse every error the same way.
 */
final class JsonErrorHandler implements Request.Handler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 500;
    String path;
    try {
      path = Request.getPathInContext(request);
    } catch (RuntimeException unparseable) {
      path = "/";
    }
    String reason = HttpStatus.getMessage(status);
    Object detail = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    String message =
        "HTTP "
            + status
            + " "
            + reason
            + (detail == null ? "" : ": " + detail)
            + (status == 503 ? "; retry later" : "");
    String type =
        status == 503 ? "ServiceUnavailable" : status >= 500 ? "InternalFailure" : "BadRequest";
    Reply reply = RouteFamily.of(path).error(status, status * 100 + 1, type, message);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }
}
