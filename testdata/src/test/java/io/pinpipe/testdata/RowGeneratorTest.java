package io.pinpipe.testdata;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The generator against the real rows in {@code real/}. Every rate is measured on the real rows
 * here and compared with the generated rate.
 *
 * <p>Tolerances: where the generator hard-codes a real rate, the only expected difference is its
 * own sampling error, and a check fails beyond 4 standard errors, √(p(1−p)/n). For what a row draws
 * itself (placeholders, media type) n is the number of rows. For what belongs to the poster
 * (category, follower count, name, age, sign-up, location) rows of one poster move together, so n
 * is the effective sample size n²/Σ(rows per poster)², counted from the generated user rows of the
 * same keys, and the share of the largest poster is added: with re-posting a single poster can hold
 * 0.4% of 100,000 keys, and falls wholly on one side of any check. Where the generator uses a model
 * instead of the measured rate (timestamps uniform over the real range), the real rows' own
 * sampling error counts too: √(p(1−p)(1/n + 1/n_real)).
 */
class RowGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20240601L;
  private static final RowGenerator GENERATOR = new RowGenerator(SEED);
  private static final int PIN_ROWS = 20_000;
  private static final int POSTER_ROWS = 100_000;
  private static final double STANDARD_ERRORS = 4;

  private static final String USER_INFO_ERROR = "User Info Error";
  private static final String IMAGE_SRC_ERROR = "Image src error.";
  private static final String STORY = "multi-video(story page format)";

  /** Parsed rows, made once for all tests. */
  private static final class Data {
    static final List<JsonNode> REAL_PIN = parse(RealRows.lines("pin"));
    static final List<JsonNode> REAL_GEO = parse(RealRows.lines("geo"));
    static final List<JsonNode> REAL_USER = parse(RealRows.lines("user"));
    static final List<JsonNode> PIN = generate("pin", POSTER_ROWS);
    static final List<JsonNode> GEO = generate("geo", POSTER_ROWS);
    static final List<JsonNode> USER = generate("user", POSTER_ROWS);

    /** Poster attributes over all generated keys. */
    static final Sample POSTERS = Sample.ofPosters(USER);

    /** Effective size of the real geo and user rows' poster attributes (about 640 of 11,154). */
    static final double REAL_POSTER_N = Sample.ofPosters(REAL_USER).effectiveSize();
  }

  // ---------------------------------------------------------------- determinism

  @Test
  void sameSeedAndKeyAlwaysGiveTheSameText() {
    RowGenerator again = new RowGenerator(SEED);
    for (String table : List.of("pin", "geo", "user")) {
      for (long key = 0; key < 2_000; key++) {
        assertEquals(GENERATOR.row(table, key), again.row(table, key), table + " " + key);
      }
    }
  }

  @Test
  void rowsDoNotDependOnGenerationOrderOrThread() {
    for (String table : List.of("pin", "geo", "user")) {
      List<String> forward =
          LongStream.range(0, 3_000)
              .mapToObj(k -> GENERATOR.row(table, k))
              .collect(Collectors.toList());
      RowGenerator fresh = new RowGenerator(SEED);
      List<String> parallel =
          LongStream.range(0, 3_000)
              .parallel()
              .mapToObj(k -> fresh.row(table, k))
              .collect(Collectors.toList());
      RowGenerator backwards = new RowGenerator(SEED);
      for (long k = 2_999; k >= 0; k--) {
        assertEquals(forward.get((int) k), backwards.row(table, k), table + " " + k);
      }
      assertEquals(forward, parallel, table);
    }
  }

  @Test
  void differentSeedsGiveDifferentRows() {
    RowGenerator other = new RowGenerator(SEED + 1);
    for (String table : List.of("pin", "geo", "user")) {
      long same =
          LongStream.range(0, 1_000)
              .filter(k -> GENERATOR.row(table, k).equals(other.row(table, k)))
              .count();
      assertTrue(same <= 5, table + ": " + same + " of 1000 rows identical across seeds");
    }
  }

  // ---------------------------------------------------------------- shape

  @Test
  void rowsHaveTheRealKeysInTheRealOrderWithTheRealJsonTypes() {
    Map<String, List<JsonNode>> real =
        Map.of("pin", Data.REAL_PIN, "geo", Data.REAL_GEO, "user", Data.REAL_USER);
    Map<String, List<JsonNode>> generated =
        Map.of("pin", Data.PIN, "geo", Data.GEO, "user", Data.USER);
    for (String table : real.keySet()) {
      Set<String> realShapes = new HashSet<>();
      real.get(table).forEach(row -> realShapes.add(shape(row)));
      assertEquals(1, realShapes.size(), table + " real rows have one shape: " + realShapes);
      for (JsonNode row : generated.get(table).subList(0, 20_000)) {
        assertEquals(realShapes.iterator().next(), shape(row), table);
      }
    }
  }

  @Test
  void rowsAreInTheRealRowsTextForm() {
    // Parsing a row and writing it back the way the real files are written changes nothing.
    for (String table : List.of("pin", "geo", "user")) {
      for (long key = 0; key < 5_000; key++) {
        String row = GENERATOR.row(table, key);
        assertEquals(row, JsonLineTest.reEmit(parse(row)), table + " " + key);
      }
    }
  }

  @Test
  void keyFieldIsTheRequestedKey() {
    for (long key : new long[] {0, 1, 11_153, 11_154, 1_000_000_007L, Long.MAX_VALUE}) {
      assertEquals(key, parse(GENERATOR.pinRow(key)).get("index").longValue());
      assertEquals(key, parse(GENERATOR.geoRow(key)).get("ind").longValue());
      assertEquals(key, parse(GENERATOR.userRow(key)).get("ind").longValue());
    }
  }

  // ---------------------------------------------------------------- pin

  @Test
  void pinPlaceholderRatesMatchRealRows() {
    List<JsonNode> pins = Data.PIN.subList(0, PIN_ROWS);
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    rates.put("title No Title Data Available", is("title", "No Title Data Available"));
    rates.put("title empty", is("title", ""));
    rates.put(
        "description Story format", is("description", "No description available Story format"));
    rates.put(
        "description No description available", is("description", "No description available"));
    rates.put("description Untitled", is("description", "Untitled"));
    rates.put("poster_name User Info Error", is("poster_name", USER_INFO_ERROR));
    rates.put("follower_count User Info Error", is("follower_count", USER_INFO_ERROR));
    rates.put("tag_list no tags", is("tag_list", "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"));
    rates.put("image_src Image src error.", is("image_src", IMAGE_SRC_ERROR));
    rates.put("downloaded 0", row -> row.get("downloaded").intValue() == 0);
    rates.put("is_image_or_video image", is("is_image_or_video", "image"));
    rates.put("is_image_or_video video", is("is_image_or_video", "video"));
    rates.put("is_image_or_video story", is("is_image_or_video", STORY));
    rates.put("image_src png", row -> row.get("image_src").textValue().endsWith(".png"));
    assertRates(rates, Data.REAL_PIN, pins, Sample.ofRows(pins.size()));
  }

  @Test
  void followerCountSuffixRatesMatchRealRows() {
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    rates.put("plain digits", matches("follower_count", "[0-9]+"));
    rates.put("k suffix", matches("follower_count", "[0-9]+k"));
    rates.put("M suffix", matches("follower_count", "[0-9]+M"));
    for (JsonNode row : Data.PIN) {
      String count = row.get("follower_count").textValue();
      assertTrue(count.equals(USER_INFO_ERROR) || count.matches("[0-9]+[kM]?"), count);
    }
    assertRates(rates, Data.REAL_PIN, Data.PIN, Data.POSTERS);
  }

  @Test
  void categoryRatesMatchRealRows() {
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    for (String category : RealDistributions.CATEGORIES) {
      rates.put(category, is("category", category));
    }
    Set<String> realCategories = values(Data.REAL_PIN, "category");
    assertEquals(13, realCategories.size());
    assertTrue(realCategories.containsAll(values(Data.PIN, "category")));
    assertRates(rates, Data.REAL_PIN, Data.PIN, Data.POSTERS);
  }

  @Test
  void userInfoErrorFillsPosterNameAndFollowerCountTogether() {
    for (List<JsonNode> rows : List.of(Data.REAL_PIN, Data.PIN)) {
      for (JsonNode row : rows) {
        assertEquals(
            is("poster_name", USER_INFO_ERROR).test(row),
            is("follower_count", USER_INFO_ERROR).test(row),
            row.toString());
      }
    }
  }

  @Test
  void downloadedIsZeroExactlyWhenImageSrcIsThePlaceholder() {
    for (List<JsonNode> rows : List.of(Data.REAL_PIN, Data.PIN)) {
      for (JsonNode row : rows) {
        boolean error = is("image_src", IMAGE_SRC_ERROR).test(row);
        assertEquals(error ? 0 : 1, row.get("downloaded").intValue(), row.toString());
      }
    }
  }

  @Test
  void placeholdersOnlyCoOccurAsInRealRows() {
    Set<String> real = new HashSet<>();
    Data.REAL_PIN.forEach(row -> real.add(placeholderPattern(row)));
    Set<String> generated = new HashSet<>();
    Data.PIN.forEach(row -> generated.add(placeholderPattern(row)));
    generated.removeAll(real);
    assertEquals(Set.of(), generated, "placeholder combinations no real row has");
  }

  @Test
  void imageSrcHasTheRealUrlShapes() {
    Pattern image =
        Pattern.compile(
            "https://i\\.pinimg\\.com/originals/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{2})/\\1\\2\\3[0-9a-f]{26}"
                + "\\.(jpg|png|webp|gif)");
    Pattern thumbnail =
        Pattern.compile(
            "https://i\\.pinimg\\.com/videos/thumbnails/originals/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{2})/"
                + "\\1\\2\\3[0-9a-f]{26}(\\.0000001|-00001)\\.jpg");
    for (List<JsonNode> rows : List.of(Data.REAL_PIN, Data.PIN.subList(0, PIN_ROWS))) {
      for (JsonNode row : rows) {
        String src = row.get("image_src").textValue();
        String media = row.get("is_image_or_video").textValue();
        boolean ok =
            src.equals(IMAGE_SRC_ERROR)
                || (media.equals("image") ? image : thumbnail).matcher(src).matches();
        assertTrue(ok, media + " " + src);
      }
    }
  }

  @Test
  void uniqueIdsAreDistinctVersion4Uuids() {
    Pattern v4 =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    Set<String> ids = new HashSet<>();
    for (List<JsonNode> rows : List.of(Data.REAL_PIN, Data.PIN)) {
      ids.clear();
      for (JsonNode row : rows) {
        String id = row.get("unique_id").textValue();
        assertTrue(v4.matcher(id).matches(), id);
        assertTrue(ids.add(id), "repeated " + id);
      }
    }
  }

  @Test
  void saveLocationIsTheCategoryFolder() {
    for (List<JsonNode> rows : List.of(Data.REAL_PIN, Data.PIN)) {
      for (JsonNode row : rows) {
        assertEquals(
            "Local save in /data/" + row.get("category").textValue(),
            row.get("save_location").textValue());
      }
    }
  }

  @Test
  void textsAreRealNonPlaceholderValues() {
    Set<String> titles = values(Data.REAL_PIN, "title");
    Set<String> descriptions = values(Data.REAL_PIN, "description");
    Set<String> tags = values(Data.REAL_PIN, "tag_list");
    Set<String> posters = values(Data.REAL_PIN, "poster_name");
    for (JsonNode row : Data.PIN.subList(0, PIN_ROWS)) {
      assertTrue(titles.contains(row.get("title").textValue()), row.get("title").textValue());
      assertTrue(descriptions.contains(row.get("description").textValue()));
      assertTrue(tags.contains(row.get("tag_list").textValue()));
      assertTrue(posters.contains(row.get("poster_name").textValue()));
    }
    // The hard characters of the real texts reach the generated rows.
    String all =
        Data.PIN.subList(0, PIN_ROWS).stream()
            .map(JsonNode::toString)
            .collect(Collectors.joining());
    for (String hard : List.of("\\\"", "\\n", "\\\\", "\u2026\u00a0", "   ")) {
      assertTrue(all.contains(hard), "no generated text contains " + hard);
    }
  }

  // ---------------------------------------------------------------- geo

  @Test
  void geoTimestampsAreWholeSecondsInTheRealRangeAtTheRealYearRates() {
    Pattern form = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    String min = min(Data.REAL_GEO, "timestamp");
    String max = max(Data.REAL_GEO, "timestamp");
    for (JsonNode row : Data.GEO) {
      String ts = row.get("timestamp").textValue();
      assertTrue(form.matcher(ts).matches(), ts);
      assertTrue(ts.compareTo(min) >= 0 && ts.compareTo(max) <= 0, ts);
    }
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    for (int year = 2017; year <= 2022; year++) {
      rates.put("year " + year, startsWith("timestamp", Integer.toString(year)));
    }
    // Uniform over the real range is a model, not the measured year shares: both samples' errors
    // count.
    assertRates(
        rates, Data.REAL_GEO, Data.GEO, Sample.ofRows(Data.GEO.size()), Data.REAL_GEO.size());
  }

  @Test
  void coordinatesStayInRangeWithMysqlFloatPrecision() {
    for (JsonNode row : Data.GEO) {
      double lat = row.get("latitude").doubleValue();
      double lon = row.get("longitude").doubleValue();
      assertTrue(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, row.toString());
      for (String f : List.of("latitude", "longitude")) {
        String text = row.get(f).toString();
        assertTrue(row.get(f).isDouble() && text.contains(".") && !text.contains("E"), text);
        assertTrue(significantDigits(text) <= 6, text);
      }
    }
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    for (int d = 3; d <= 5; d++) {
      int decimals = d;
      rates.put(
          "latitude with " + d + " decimals", row -> decimals(row.get("latitude")) == decimals);
    }
    // Decimal counts follow from the values' sizes and their chance trailing zeros, a model rather
    // than a measured rate; in the real rows a few frequent posters' values (−75.3) weigh heavily,
    // so the real rows' own error, with their effective size, counts too.
    assertRates(rates, Data.REAL_GEO, Data.GEO, Data.POSTERS, Data.REAL_POSTER_N);
  }

  @Test
  void coordinateQuartilesMatchRealRows() {
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    for (String f : List.of("latitude", "longitude")) {
      double[] sorted =
          Data.REAL_GEO.stream().mapToDouble(r -> r.get(f).doubleValue()).sorted().toArray();
      for (int q = 1; q <= 3; q++) {
        double quartile = sorted[sorted.length * q / 4];
        rates.put(f + " below real quartile " + q, row -> row.get(f).doubleValue() < quartile);
      }
    }
    assertRates(rates, Data.REAL_GEO, Data.GEO, Data.POSTERS);
  }

  @Test
  void countriesComeFromTheRealListAtTheRealRates() {
    Set<String> real = values(Data.REAL_GEO, "country");
    assertEquals(243, real.size());
    assertTrue(real.containsAll(values(Data.GEO, "country")));
    Map<String, Long> counts =
        Data.REAL_GEO.stream()
            .collect(
                Collectors.groupingBy(r -> r.get("country").textValue(), Collectors.counting()));
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(10)
        .forEach(e -> rates.put(e.getKey(), is("country", e.getKey())));
    assertRates(rates, Data.REAL_GEO, Data.GEO, Data.POSTERS);
  }

  @Test
  void geoTimestampIsNeverBeforeThePosterJoined() {
    for (List<List<JsonNode>> pair :
        List.of(List.of(Data.REAL_GEO, Data.REAL_USER), List.of(Data.GEO, Data.USER))) {
      for (int k = 0; k < pair.get(0).size(); k++) {
        String posted = pair.get(0).get(k).get("timestamp").textValue();
        String joined = pair.get(1).get(k).get("date_joined").textValue();
        assertTrue(posted.compareTo(joined) >= 0, "key " + k + ": " + posted + " < " + joined);
      }
    }
  }

  // ---------------------------------------------------------------- user

  @Test
  void agesFollowTheRealDistribution() {
    int min = Data.REAL_USER.stream().mapToInt(r -> r.get("age").intValue()).min().orElseThrow();
    int max = Data.REAL_USER.stream().mapToInt(r -> r.get("age").intValue()).max().orElseThrow();
    assertEquals(20, min);
    assertEquals(60, max);
    for (JsonNode row : Data.USER) {
      int age = row.get("age").intValue();
      assertTrue(age >= min && age <= max, "age " + age);
    }
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    rates.put("age 20", ageIn(20, 20));
    rates.put("18-24", ageIn(18, 24));
    rates.put("25-35", ageIn(25, 35));
    rates.put("36-50", ageIn(36, 50));
    rates.put("+50", ageIn(51, 200));
    assertRates(rates, Data.REAL_USER, Data.USER, Data.POSTERS);
  }

  @Test
  void dateJoinedFollowsTheRealDistribution() {
    Pattern form = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    String min = min(Data.REAL_USER, "date_joined");
    String max = max(Data.REAL_USER, "date_joined");
    for (JsonNode row : Data.USER) {
      String joined = row.get("date_joined").textValue();
      assertTrue(form.matcher(joined).matches(), joined);
      assertTrue(joined.compareTo(min) >= 0 && joined.compareTo(max) <= 0, joined);
    }
    Map<String, Predicate<JsonNode>> rates = new LinkedHashMap<>();
    rates.put("2015", startsWith("date_joined", "2015"));
    rates.put("2016", startsWith("date_joined", "2016"));
    rates.put("2017", startsWith("date_joined", "2017"));
    rates.put(
        "first two months", row -> row.get("date_joined").textValue().compareTo("2015-12") < 0);
    assertRates(rates, Data.REAL_USER, Data.USER, Data.POSTERS);
  }

  @Test
  void namesComeFromTheRealNames() {
    assertTrue(values(Data.REAL_USER, "first_name").containsAll(values(Data.USER, "first_name")));
    assertTrue(values(Data.REAL_USER, "last_name").containsAll(values(Data.USER, "last_name")));
  }

  // ---------------------------------------------------------------- posters across tables

  @Test
  void keysSharingAPosterAgreeAcrossTables() {
    checkPosterAgreement(Data.REAL_USER, Data.REAL_GEO, Data.REAL_PIN);
    checkPosterAgreement(
        Data.USER.subList(0, 20_000), Data.GEO.subList(0, 20_000), Data.PIN.subList(0, 20_000));
  }

  @Test
  void contentDuplicatesUnderDifferentKeysOccurAtTheRealRate() {
    int keys = Data.REAL_USER.size();
    double real = distinctContents(Data.REAL_USER) / (double) keys;
    double generated = distinctContents(Data.USER.subList(0, keys)) / (double) keys;
    assertEquals(real, generated, 0.05, "share of distinct user contents in " + keys + " keys");
    assertTrue(
        distinctContents(Data.GEO.subList(0, keys)) == keys,
        "geo rows differ by timestamp even for one poster, as in the real table");
  }

  @Test
  void posterAttributesAreRankCorrelatedAsInRealRows() {
    int n = Data.REAL_USER.size();
    List<Function<Integer, Double>> realAttrs = attributes(Data.REAL_USER, Data.REAL_GEO);
    List<Function<Integer, Double>> genAttrs = attributes(Data.USER, Data.GEO);
    List<Executable> checks = new ArrayList<>();
    String[] names = {"age", "date_joined", "latitude", "longitude"};
    for (int a = 0; a < names.length; a++) {
      for (int b = a + 1; b < names.length; b++) {
        double real = spearman(realAttrs.get(a), realAttrs.get(b), n);
        double gen = spearman(genAttrs.get(a), genAttrs.get(b), n);
        String what = names[a] + "~" + names[b];
        checks.add(() -> assertEquals(real, gen, 0.08, what));
      }
    }
    assertAll(checks);
  }

  // ---------------------------------------------------------------- command line and errors

  @Test
  void commandLineWritesKeysZeroToRowsMinusOneAsJsonLines() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RowGenerator.write("pin", 5, SEED, out);
    String expected =
        LongStream.range(0, 5)
            .mapToObj(GENERATOR::pinRow)
            .map(row -> row + "\n")
            .collect(Collectors.joining());
    assertEquals(expected, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownTableAndNegativeKeyAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> GENERATOR.row("pins", 0));
    assertThrows(IllegalArgumentException.class, () -> GENERATOR.pinRow(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> RowGenerator.write("geo", -1, SEED, new ByteArrayOutputStream()));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * How far a generated rate may stray by chance.
   *
   * @param effectiveSize n for independent rows, n²/Σ(rows per poster)² for poster attributes
   * @param largestShare the share of rows that move together as one block at most
   */
  private record Sample(double effectiveSize, double largestShare) {

    static Sample ofRows(int rows) {
      return new Sample(rows, 1.0 / rows);
    }

    /** Posters told apart by their user row content. */
    static Sample ofPosters(List<JsonNode> users) {
      Map<String, Integer> rows = new HashMap<>();
      users.forEach(u -> rows.merge(content(u), 1, Integer::sum));
      double squares = rows.values().stream().mapToDouble(s -> (double) s * s).sum();
      int largest = rows.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      double n = users.size();
      return new Sample(n * n / squares, largest / n);
    }
  }

  /** Rates the generator hard-codes from the real rows: only its own sampling error counts. */
  private static void assertRates(
      Map<String, Predicate<JsonNode>> rates,
      List<JsonNode> real,
      List<JsonNode> generated,
      Sample sample) {
    assertRates(rates, real, generated, sample, Double.POSITIVE_INFINITY);
  }

  private static void assertRates(
      Map<String, Predicate<JsonNode>> rates,
      List<JsonNode> real,
      List<JsonNode> generated,
      Sample sample,
      double realN) {
    List<Executable> checks = new ArrayList<>();
    rates.forEach(
        (what, predicate) -> {
          double p = real.stream().filter(predicate).count() / (double) real.size();
          double g = generated.stream().filter(predicate).count() / (double) generated.size();
          double tolerance =
              sample.largestShare()
                  + STANDARD_ERRORS
                      * Math.sqrt(p * (1 - p) * (1 / sample.effectiveSize() + 1 / realN));
          checks.add(
              () ->
                  assertEquals(
                      p,
                      g,
                      tolerance,
                      String.format(
                          "%s: real %.3f%%, generated %.3f%%, tolerance %.3f points (n=%.0f)",
                          what, 100 * p, 100 * g, 100 * tolerance, sample.effectiveSize())));
        });
    assertAll(checks);
  }

  private static void checkPosterAgreement(
      List<JsonNode> users, List<JsonNode> geos, List<JsonNode> pins) {
    Map<Long, JsonNode> pinByKey = new HashMap<>();
    pins.forEach(p -> pinByKey.put(p.get("index").longValue(), p));
    Map<String, String> geoOf = new HashMap<>();
    Map<String, String> posterOf = new HashMap<>();
    for (int k = 0; k < users.size(); k++) {
      String user = content(users.get(k));
      JsonNode geo = geos.get(k);
      String where = geo.get("latitude") + "," + geo.get("longitude") + "," + geo.get("country");
      String before = geoOf.putIfAbsent(user, where);
      assertTrue(before == null || before.equals(where), "key " + k + " " + user);
      JsonNode pin = pinByKey.get((long) k);
      if (pin != null && !pin.get("poster_name").textValue().equals(USER_INFO_ERROR)) {
        String poster = pin.get("poster_name").textValue();
        String earlier = posterOf.putIfAbsent(user, poster);
        assertTrue(earlier == null || earlier.equals(poster), "key " + k + " " + user);
      }
    }
  }

  private static List<Function<Integer, Double>> attributes(
      List<JsonNode> users, List<JsonNode> geos) {
    return List.of(
        i -> users.get(i).get("age").doubleValue(),
        // "2015-10-21 03:17:47" → 20151021031747: orders like the datetime, exact as a double
        i -> Double.parseDouble(users.get(i).get("date_joined").textValue().replaceAll("\\D", "")),
        i -> geos.get(i).get("latitude").doubleValue(),
        i -> geos.get(i).get("longitude").doubleValue());
  }

  /** Spearman's rank correlation with tied values given their mean rank. */
  private static double spearman(Function<Integer, Double> x, Function<Integer, Double> y, int n) {
    double[] rx = ranks(x, n);
    double[] ry = ranks(y, n);
    double mean = (n - 1) / 2.0;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (rx[i] - mean) * (ry[i] - mean);
      sxx += (rx[i] - mean) * (rx[i] - mean);
      syy += (ry[i] - mean) * (ry[i] - mean);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double[] ranks(Function<Integer, Double> f, int n) {
    Integer[] order = new Integer[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      v[i] = f.apply(i);
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] rank = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      for (int t = i; t <= j; t++) {
        rank[order[t]] = (i + j) / 2.0;
      }
      i = j + 1;
    }
    return rank;
  }

  private static long distinctContents(List<JsonNode> rows) {
    return rows.stream().map(RowGeneratorTest::content).distinct().count();
  }

  /** The row without its key. */
  private static String content(JsonNode row) {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getKey().equals("ind") && !f.getKey().equals("index")) {
        sb.append(f.getKey()).append('=').append(f.getValue()).append(';');
      }
    }
    return sb.toString();
  }

  private static String placeholderPattern(JsonNode row) {
    return String.join(
        "|",
        row.get("title").textValue().equals("No Title Data Available")
            ? "no-title"
            : row.get("title").textValue().isEmpty() ? "empty-title" : "title",
        row.get("description").textValue().startsWith("No description available")
                || row.get("description").textValue().equals("Untitled")
            ? row.get("description").textValue()
            : "description",
        row.get("poster_name").textValue().equals(USER_INFO_ERROR) ? "user-error" : "poster",
        row.get("tag_list").textValue().startsWith("N,o, ,T") ? "no-tags" : "tags",
        row.get("image_src").textValue().equals(IMAGE_SRC_ERROR) ? "image-error" : "image",
        row.get("is_image_or_video").textValue());
  }

  private static String shape(JsonNode row) {
    StringBuilder sb = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      String type =
          v.isIntegralNumber()
              ? "int"
              : v.isFloatingPointNumber()
                  ? "float"
                  : v.isTextual() ? "string" : v.getNodeType().toString();
      sb.append(f.getKey()).append(':').append(type).append(' ');
    }
    return sb.toString().trim();
  }

  private static int significantDigits(String number) {
    return number.replace("-", "").replace(".", "").replaceFirst("^0+", "").length();
  }

  private static int decimals(JsonNode number) {
    String text = number.toString();
    return text.length() - text.indexOf('.') - 1;
  }

  private static Predicate<JsonNode> is(String field, String value) {
    return row -> row.get(field).textValue().equals(value);
  }

  private static Predicate<JsonNode> matches(String field, String regex) {
    Pattern p = Pattern.compile(regex);
    return row -> p.matcher(row.get(field).textValue()).matches();
  }

  private static Predicate<JsonNode> startsWith(String field, String prefix) {
    return row -> row.get(field).textValue().startsWith(prefix);
  }

  private static Predicate<JsonNode> ageIn(int min, int max) {
    return row -> row.get("age").intValue() >= min && row.get("age").intValue() <= max;
  }

  private static Set<String> values(List<JsonNode> rows, String field) {
    return rows.stream().map(r -> r.get(field).textValue()).collect(Collectors.toSet());
  }

  private static String min(List<JsonNode> rows, String field) {
    return rows.stream().map(r -> r.get(field).textValue()).min(String::compareTo).orElseThrow();
  }

  private static String max(List<JsonNode> rows, String field) {
    return rows.stream().map(r -> r.get(field).textValue()).max(String::compareTo).orElseThrow();
  }

  private static List<JsonNode> generate(String table, int rows) {
    RowGenerator generator = new RowGenerator(SEED);
    return LongStream.range(0, rows)
        .parallel()
        .mapToObj(k -> parse(generator.row(table, k)))
        .collect(Collectors.toList());
  }

  private static List<JsonNode> parse(List<String> lines) {
    return lines.stream().map(RowGeneratorTest::parse).collect(Collectors.toList());
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
