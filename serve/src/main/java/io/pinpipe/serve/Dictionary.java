package io.pinpipe.serve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text values (categories, countries, poster names) held once each, as small ids; null is id -1.
 */
final class Dictionary {
  static final int NULL = -1;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> values = new ArrayList<>();

  int id(String value) {
    if (value == null) {
      return NULL;
    }
    Integer id = ids.get(value);
    if (id == null) {
      id = values.size();
      ids.put(value, id);
      values.add(value);
    }
    return id;
  }

  String value(int id) {
    return id == NULL ? null : values.get(id);
  }

  int size() {
    return values.size();
  }
}
