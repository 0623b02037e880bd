package io.pinpipe.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Real values the generator samples from, kept in small resource files under {@code vocab/} (one
 * JSON array per line, so any character, newlines and quotes included, survives byte-exact):
 *
 * <ul>
 *   <li>{@code titles.jsonl}, {@code descriptions.jsonl}, {@code tag-lists.jsonl}: {@code
 *       [category, text]}, about 30 real non-placeholder values per category, plus real values that
 *       carry the hard cases (quotes, newline, backslash, Greek, Cyrillic, emoji, mathematical
 *       letters, runs of spaces, the U+2026 U+00A0 cut-off);
 *   <li>{@code posters.jsonl}: {@code [category, poster_name, follower_count]}, real posters drawn
 *       in proportion to their rows, up to 10 plain, 18 {@code k} and 6 {@code M} per category;
 *   <li>{@code countries.jsonl}, {@code first-names.jsonl}, {@code last-names.jsonl}: every real
 *       value with its number of real rows, in alphabetical order.
 * </ul>
 *
 * Titles, descriptions and tag lists are kept as quoted JSON strings, escaped once at load time:
 * they are most of a pin row's bytes, and escaping them per row would halve the generator's rate.
 * Loaded once, immutable, safe to share between threads.
 */
final class Vocabulary {

  /** A poster's name and follower count, always drawn together as in the real rows. */
  record Poster(String name, String followerCount) {}

  /** Values with real row counts, in the file's (alphabetical) order. */
  static final class Weighted {
    private final String[] values;
    private final WeightedIndex index;

    Weighted(String[] values, long[] rows) {
      this.values = values;
      this.index = new WeightedIndex(rows);
    }

    String pick(double u) {
      return values[index.pick(u)];
    }

    List<String> values() {
      return List.of(values);
    }
  }

  private static final class Holder {
    static final Vocabulary INSTANCE = new Vocabulary();
  }

  static Vocabulary get() {
    return Holder.INSTANCE;
  }

  private final String[][] titles;
  private final String[][] descriptions;
  private final String[][] tagLists;
  private final Poster[][][] posters; // [category][follower form][i]
  private final Poster[][] postersByForm; // fallback when a category has none of a form
  final Weighted countries;
  final Weighted firstNames;
  final Weighted lastNames;

  private Vocabulary() {
    titles = byCategory(read("titles.jsonl"));
    descriptions = byCategory(read("descriptions.jsonl"));
    tagLists = byCategory(read("tag-lists.jsonl"));
    int categories = RealDistributions.CATEGORIES.size();
    List<List<List<Poster>>> p = new ArrayList<>();
    List<List<Poster>> all = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int c = 0; c < categories; c++) {
      p.add(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }
    for (JsonNode line : read("posters.jsonl")) {
      Poster poster = new Poster(line.get(1).textValue(), line.get(2).textValue());
      int form = followerForm(poster.followerCount());
      p.get(category(line.get(0).textValue())).get(form).add(poster);
      all.get(form).add(poster);
    }
    posters = new Poster[categories][3][];
    postersByForm = new Poster[3][];
    for (int f = 0; f < 3; f++) {
      postersByForm[f] = all.get(f).toArray(Poster[]::new);
      if (postersByForm[f].length == 0) {
        throw new IllegalStateException("posters.jsonl has no poster of follower form " + f);
      }
      for (int c = 0; c < categories; c++) {
        posters[c][f] = p.get(c).get(f).toArray(Poster[]::new);
      }
    }
    countries = weighted(read("countries.jsonl"));
    firstNames = weighted(read("first-names.jsonl"));
    lastNames = weighted(read("last-names.jsonl"));
  }

  /** A real title of the category, as a quoted JSON string. */
  String titleJson(int category, double u) {
    return pick(titles[category], u);
  }

  /** A real description of the category, as a quoted JSON string. */
  String descriptionJson(int category, double u) {
    return pick(descriptions[category], u);
  }

  /** A real tag list of the category, as a quoted JSON string. */
  String tagListJson(int category, double u) {
    return pick(tagLists[category], u);
  }

  /** A real poster of the category with the follower form, or of any category if it has none. */
  Poster poster(int category, int followerForm, double u) {
    Poster[] pool = posters[category][followerForm];
    return pick(pool.length > 0 ? pool : postersByForm[followerForm], u);
  }

  /** 0 plain digits, 1 {@code k} suffix, 2 {@code M} suffix. */
  static int followerForm(String followerCount) {
    if (followerCount.endsWith("M")) {
      return RealDistributions.FOLLOWER_MILLIONS;
    }
    return followerCount.endsWith("k")
        ? RealDistributions.FOLLOWER_THOUSANDS
        : RealDistributions.FOLLOWER_PLAIN;
  }

  private static <T> T pick(T[] values, double u) {
    return values[Math.min((int) (u * values.length), values.length - 1)];
  }

  private static int category(String name) {
    int c = RealDistributions.CATEGORIES.indexOf(name);
    if (c < 0) {
      throw new IllegalStateException("unknown category in vocabulary: " + name);
    }
    return c;
  }

  private static String[][] byCategory(List<JsonNode> lines) {
    int categories = RealDistributions.CATEGORIES.size();
    List<List<String>> values = new ArrayList<>();
    for (int c = 0; c < categories; c++) {
      values.add(new ArrayList<>());
    }
    for (JsonNode line : lines) {
      values.get(category(line.get(0).textValue())).add(JsonLine.quote(line.get(1).textValue()));
    }
    String[][] out = new String[categories][];
    for (int c = 0; c < categories; c++) {
      if (values.get(c).isEmpty()) {
        throw new IllegalStateException("no vocabulary for " + RealDistributions.CATEGORIES.get(c));
      }
      out[c] = values.get(c).toArray(String[]::new);
    }
    return out;
  }

  private static Weighted weighted(List<JsonNode> lines) {
    String[] values = new String[lines.size()];
    long[] rows = new long[lines.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = lines.get(i).get(0).textValue();
      rows[i] = lines.get(i).get(1).longValue();
    }
    return new Weighted(values, rows);
  }

  private static List<JsonNode> read(String name) {
    ObjectMapper json = new ObjectMapper();
    String path = "vocab/" + name;
    try (InputStream in = Vocabulary.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/pinpipe/testdata/" + path);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<JsonNode> lines = new ArrayList<>();
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isEmpty()) {
          lines.add(json.readTree(line));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
