package io.pinpipe.ingest;

/** Ends a request early with a ready error reply (bad input, unknown topic, backend down). */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Reply reply;

  ApiException(Reply reply) {
    super(reply.bodyText(), null, false, false);
    this.reply = reply;
  }

  Reply reply() {
    return reply;
  }
}
