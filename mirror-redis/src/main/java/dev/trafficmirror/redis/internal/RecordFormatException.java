package dev.trafficmirror.redis.internal;

/**
 * Thrown when a stream entry is not a record this version can read; the message names the field.
 */
public final class RecordFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names the offending field. */
  public RecordFormatException(String message) {
    super(message);
  }

  /** Creates the exception with a message that names the offending field, and its cause. */
  public RecordFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
