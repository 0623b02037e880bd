package io.pinpipe.transforms.clean;

import io.pinpipe.transforms.parse.InvalidRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * cleaning.md §2 step 2: {@code 437} → 437, {@code 124k} → 124000, {@code 2M} → 2000000, {@code
 * 1.5k} → 1500 (exact decimal arithmetic); anything else is not a follower count.
 */
public final class FollowerCount {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,30}(?:\\.\\d{1,30})?)([kM]?)");
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private FollowerCount() {}

  public static long parse(String text) throws InvalidRecordException {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw invalid(text, "expected digits with an optional k or M suffix");
    }
    BigDecimal value = new BigDecimal(m.group(1));
    if (m.group(2).equals("k")) {
      value = value.multiply(THOUSAND);
    } else if (m.group(2).equals("M")) {
      value = value.multiply(MILLION);
    }
    BigInteger integer;
    try {
      integer = value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw invalid(text, "not a whole number of followers");
    }
    if (integer.bitLength() > 63) {
      throw invalid(text, "out of 64-bit range");
    }
    return integer.longValue();
  }

  private static InvalidRecordException invalid(String text, String why) {
    String shown = text.length() <= 40 ? text : text.substring(0, 40) + "…";
    return new InvalidRecordException("follower_count", "'" + shown + "' " + why);
  }
}
