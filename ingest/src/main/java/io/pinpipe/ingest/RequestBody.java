package io.pinpipe.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to a limit: a declared Content-Length over the limit is refused before
 * reading, and a chunked body is cut off as soon as it passes the limit, so memory per request
 * stays bounded whatever the client sends.
 */
final class RequestBody {
  private RequestBody() {}

  /**
   * An oversize body up to this many bytes is read and thrown away before the 413 goes out: a
   * client that sends its whole body before reading (Python requests does) would otherwise see the
   * connection reset instead of the answer. Larger bodies are cut off, and the connection with
   * them.
   */
  static final long DISCARD_AT_MOST = 16L << 20;

  static byte[] read(Request request, int limit, RouteFamily family) throws IOException {
    long declared = request.getLength();
    // Not closed on purpose: closing would fail the request's content; Jetty discards what is left.
    InputStream in = Content.Source.asInputStream(request);
    byte[] buffer = new byte[16 * 1024];
    if (declared > limit) {
      // A client that sent Expect: 100-continue has not sent its body and will not: nothing to
      // drain.
      if (declared <= DISCARD_AT_MOST
          && !request.getHeaders().contains(HttpHeader.EXPECT, "100-continue")) {
        discard(in, buffer, declared);
      }
      throw tooLarge(limit, family);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 4096);
    for (int n; (n = in.read(buffer)) != -1; ) {
      if (body.size() + n > limit) {
        discard(in, buffer, DISCARD_AT_MOST);
        throw tooLarge(limit, family);
      }
      body.write(buffer, 0, n);
    }
    return body.toByteArray();
  }

  private static void discard(InputStream in, byte[] buffer, long atMost) throws IOException {
    long seen = 0;
    for (int n; seen < atMost && (n = in.read(buffer)) != -1; ) {
      seen += n;
    }
  }

  private static ApiException tooLarge(int limit, RouteFamily family) {
    return new ApiException(
        family.error(
            413,
            41301,
            "RequestEntityTooLargeException",
            "Request body larger than " + limit + " bytes"));
  }
}
