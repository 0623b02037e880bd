package io.pinpipe.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to a limit: a declared Content-Length over the limit is refused before
 * reading, and a chunked body is cut off as soon as it passes the limit, so memory per request
 * stays bounded whatever the client sends.
 */
final class RequestBody {
  private RequestBody() {}

  static byte[] read(Request request, int limit, RouteFamily family) throws IOException {
    long declared = request.getLength();
    if (declared > limit) {
      throw tooLarge(limit, family);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
    // Not closed on purpose: closing would fail the request's content; Jetty discards what is left.
    InputStream in = Content.Source.asInputStream(request);
    byte[] buffer = new byte[16 * 1024];
    for (int n; (n = in.read(buffer)) != -1; ) {
      if (body.size() + n > limit) {
        throw tooLarge(limit, family);
      }
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  private static ApiException tooLarge(int limit, RouteFamily family) {
    return new ApiException(family.error(413, 41301, "RequestEntityTooLargeException",
        "Request body larger than " + limit + " bytes"));
  }
}
