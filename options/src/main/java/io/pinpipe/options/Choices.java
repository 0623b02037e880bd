package io.pinpipe.options;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Options that take one of a fixed set of values are enums; on the command line their values are
 * the constants' names in lower case ({@code --source=jdbc}), and upper case is accepted too.
 */
public final class Choices {
  private Choices() {}

  /**
   * The constant of {@code type} named {@code text} in any case; otherwise fails with a message
   * that lists the accepted values (the caller names the option).
   */
  public static <E extends Enum<E>> E of(Class<E> type, String text) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return constant;
      }
    }
    throw new IllegalArgumentException("expected " + names(type) + ", got '" + text + "'");
  }

  /** The accepted values as a reader would list them: {@code raw or jdbc}. */
  public static String names(Class<? extends Enum<?>> type) {
    List<String> names =
        Arrays.stream(type.getEnumConstants())
            .map(constant -> constant.name().toLowerCase(Locale.ROOT))
            .toList();
    return names.size() == 1
        ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1);
  }
}
