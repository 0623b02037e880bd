package io.pinpipe.transforms.parse;

/**
 * A record that breaks a parsing or cleaning rule. The message always starts with the field it is
 * about ({@code payload} for the record as a whole), so dead letters name the field (cleaning.md
 * §1).
 */
public final class InvalidRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The whole record, rather than one field, is wrong (not JSON, not an object, ...). */
  public static final String PAYLOAD = "payload";

  private final String field;

  public InvalidRecordException(String field, String problem) {
    super(field + ": " + problem, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
