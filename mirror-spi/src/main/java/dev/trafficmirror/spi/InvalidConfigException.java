package dev.trafficmirror.spi;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a configuration value is missing or invalid. The message names the full
 * key and the value, for example {@code mirror.sample-rate=1.5: must be between 0 and 1}.
 *
 * <p>A secret never appears in the message nor in {@link #value()}: the value of a key whose name
 * looks secret (it contains {@code password}, {@code secret}, {@code seed}, {@code token}, {@code
 * credential}, {@code signing-key}, {@code api-key} and the like, or is a static header {@code
 * mirror.target.<name>.header.*}) is shown as {@code <hidden, N chars>}, and the password of a URI
 * ({@code redis://user:pass@host}) as {@code ***}. See {@link #shown(String, String)}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(pass(word|wd|phrase)?|pwd|secret|seed|token|credential|signing[-_.]?key|api[-_.]?key|private[-_.]?key"
              + "|auth|cookie|\\.header\\.).*");

  private final String key;
  private final @Nullable String value;

  /**
   * Creates an exception for {@code key}.
   *
   * @param key the full configuration key
   * @param value the offending value, or null when the key was missing; shown as {@link
   *     #shown(String, String)} returns it
   * @param reason what is wrong, as a phrase: {@code "must be between 0 and 1"}; it must not repeat
   *     the value
   */
  public InvalidConfigException(String key, @Nullable String value, String reason) {
    super(key + (value == null ? " " : "=" + shown(key, value) + ": ") + reason);
    this.key = key;
    this.value = value == null ? null : shown(key, value);
  }

  /** Returns the full configuration key. */
  public String key() {
    return key;
  }

  /**
   * Returns the offending value as the message shows it (a secret masked), or null when the key was
   * missing.
   */
  public @Nullable String value() {
    return value;
  }

  /**
   * Returns {@code value} of {@code key} as it may be shown in a message or a log: {@code <hidden,
   * N chars>} when the key's name looks secret, else the value with the password of any URI in it
   * replaced by {@code ***} ({@code redis://user:***@host}; a user information without {@code :} is
   * all password to Redis, so it becomes {@code ***} too).
   */
  public static String shown(String key, String value) {
    if (SECRET_KEY.matcher(key).matches()) {
      return "<hidden, " + value.length() + (value.length() == 1 ? " char>" : " chars>");
    }
    return withoutPasswords(value);
  }

  /**
   * Returns {@code text} with the password of every URI in it replaced by {@code ***}: everything
   * between the {@code :} after the user name and the last {@code @} of the authority, so that a
   * password holding {@code @} or spaces is masked whole.
   */
  public static String withoutPasswords(String text) {
    int scheme = text.indexOf("://");
    if (scheme < 0 || text.indexOf('@', scheme) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (scheme >= 0) {
      int start = scheme + 3;
      int end = start;
      while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
        end++;
      }
      int at = text.lastIndexOf('@', end - 1);
      if (at >= start) {
        int colon = text.indexOf(':', start);
        int keep = colon >= 0 && colon < at ? colon + 1 : start;
        out.append(text, copied, keep).append("***");
        copied = at;
      }
      scheme = text.indexOf("://", start);
    }
    return out.append(text, copied, text.length()).toString();
  }
}
