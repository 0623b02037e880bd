package io.pinpipe.testdata;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Generates source rows of any volume that look like the real ones: the same keys in the same
 * order, the same JSON types and text form, and values drawn from the real distributions with the
 * real rates of placeholder and dirty values (see {@link RealDistributions} and {@link
 * PinProfile}). Real rows are few (4,457 pins); load, scale and soak tests need millions that still
 * exercise every cleaning rule as often as production data would.
 *
 * <p>Deterministic: a row depends only on the seed and its key, never on which rows were generated
 * before, so rows can be produced in parallel and in any order. The pin, geo and user rows of one
 * key describe one posting event by one poster (see {@link Posters}).
 *
 * <p>Command line: {@code RowGenerator <pin|geo|user> <rows> <seed>} prints the rows with keys
 * 0…rows−1 as JSON Lines on standard output.
 */
public final class RowGenerator {

  private static final WeightedIndex PROFILE = profileIndex();
  private static final WeightedIndex IMAGE_EXTENSION =
      new WeightedIndex(RealDistributions.IMAGE_EXTENSION_ROWS);
  private static final WeightedIndex THUMBNAIL_ENDING =
      new WeightedIndex(RealDistributions.THUMBNAIL_ENDING_ROWS);
  private static final PinProfile[] PROFILES = PinProfile.values();
  private static final String[] SAVE_LOCATIONS =
      RealDistributions.CATEGORIES.stream()
          .map(c -> "Local save in /data/" + c)
          .toArray(String[]::new);

  private final long seed;
  private final Vocabulary vocabulary;
  private final Posters posters;

  public RowGenerator(long seed) {
    this.seed = seed;
    this.vocabulary = Vocabulary.get();
    this.posters = new Posters(seed, vocabulary);
  }

  /** One {@code pinterest_data} row with key {@code index}, as the JSON text of the real rows. */
  public String pinRow(long index) {
    Posters.Account account = posters.accountOf(index);
    SplittableRandom r = KeyedRandom.of(seed, KeyedRandom.PIN, index);
    int category = account.category();
    String uniqueId = uuid(r.nextLong(), r.nextLong());
    PinProfile profile = PROFILES[PROFILE.pick(r.nextDouble())];
    String title =
        profile.title != null
            ? JsonLine.quote(profile.title)
            : vocabulary.titleJson(category, r.nextDouble());
    String description =
        profile.description != null
            ? JsonLine.quote(profile.description)
            : vocabulary.descriptionJson(category, r.nextDouble());
    String posterName = PinProfile.Text.USER_INFO_ERROR;
    String followerCount = PinProfile.Text.USER_INFO_ERROR;
    if (!profile.userInfoError) {
      posterName = account.poster().name();
      followerCount = account.poster().followerCount();
    }
    String tagList =
        profile.noTags
            ? JsonLine.quote(PinProfile.Text.NO_TAGS)
            : vocabulary.tagListJson(category, r.nextDouble());
    String imageSrc = profile.imageError ? PinProfile.Text.IMAGE_SRC_ERROR : imageSrc(profile, r);
    return new JsonLine(1024)
        .integer("index", index)
        .text("unique_id", uniqueId)
        .json("title", title)
        .json("description", description)
        .text("poster_name", posterName)
        .text("follower_count", followerCount)
        .json("tag_list", tagList)
        .text("is_image_or_video", profile.media)
        .text("image_src", imageSrc)
        .integer("downloaded", profile.imageError ? 0 : 1)
        .text("save_location", SAVE_LOCATIONS[category])
        .text("category", RealDistributions.CATEGORIES.get(category))
        .close();
  }

  /**
   * One {@code geolocation_data} row with key {@code ind}. The timestamp is uniform over the real
   * range but never before the poster joined (true of every real row).
   */
  public String geoRow(long ind) {
    Posters.Poster poster = posters.of(ind);
    SplittableRandom r = KeyedRandom.of(seed, KeyedRandom.GEO, ind);
    long timestamp =
        RealDistributions.TIMESTAMP_MIN
            + r.nextLong(RealDistributions.TIMESTAMP_MAX - RealDistributions.TIMESTAMP_MIN + 1);
    if (timestamp < poster.dateJoined()) {
      timestamp =
          poster.dateJoined()
              + r.nextLong(RealDistributions.TIMESTAMP_MAX - poster.dateJoined() + 1);
    }
    return new JsonLine(128)
        .integer("ind", ind)
        .dateTime("timestamp", timestamp)
        .float6("latitude", poster.latitude())
        .float6("longitude", poster.longitude())
        .text("country", poster.country())
        .close();
  }

  /** One {@code user_data} row with key {@code ind}. */
  public String userRow(long ind) {
    Posters.Poster poster = posters.of(ind);
    return new JsonLine(128)
        .integer("ind", ind)
        .text("first_name", poster.firstName())
        .text("last_name", poster.lastName())
        .integer("age", poster.age())
        .dateTime("date_joined", poster.dateJoined())
        .close();
  }

  /** The row of {@code table} ({@code pin}, {@code geo} or {@code user}) with key {@code key}. */
  public String row(String table, long key) {
    return switch (table) {
      case "pin" -> pinRow(key);
      case "geo" -> geoRow(key);
      case "user" -> userRow(key);
      default -> throw new IllegalArgumentException("table must be pin, geo or user: " + table);
    };
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: RowGenerator <pin|geo|user> <rows> <seed>");
      System.exit(2);
    }
    // Straight to the file descriptor: System.out's locking and char encoding would halve the rate.
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    write(args[0], Long.parseLong(args[1]), Long.parseLong(args[2]), out);
    out.flush();
  }

  /** Writes the rows with keys 0…rows−1 of {@code table}, one per line, in UTF-8. */
  static void write(String table, long rows, long seed, OutputStream out) throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must not be negative: " + rows);
    }
    RowGenerator generator = new RowGenerator(seed);
    generator.row(table, 0); // fail on a bad table name before writing anything
    for (long key = 0; key < rows; key++) {
      out.write(generator.row(table, key).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
  }

  private static String imageSrc(PinProfile profile, SplittableRandom r) {
    StringBuilder url = new StringBuilder(120);
    boolean image = PinProfile.Media.IMAGE.equals(profile.media);
    url.append(
        image
            ? "https://i.pinimg.com/originals/"
            : "https://i.pinimg.com/videos/thumbnails/originals/");
    long high = r.nextLong();
    long low = r.nextLong();
    // Pinterest shards by the hash's first three bytes: originals/ae/99/06/ae9906f3….jpg
    JsonLine.appendHex(url, high >>> 56, 2);
    url.append('/');
    JsonLine.appendHex(url, high >>> 48, 2);
    url.append('/');
    JsonLine.appendHex(url, high >>> 40, 2);
    url.append('/');
    JsonLine.appendHex(url, high, 16);
    JsonLine.appendHex(url, low, 16);
    if (image) {
      url.append('.')
          .append(RealDistributions.IMAGE_EXTENSIONS.get(IMAGE_EXTENSION.pick(r.nextDouble())));
    } else {
      url.append(RealDistributions.THUMBNAIL_ENDINGS.get(THUMBNAIL_ENDING.pick(r.nextDouble())));
    }
    return url.toString();
  }

  /** A version-4 UUID text from two random longs (the real unique_id values are all version 4). */
  private static String uuid(long high, long low) {
    high = (high & ~0xF000L) | 0x4000L;
    low = (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new java.util.UUID(high, low).toString();
  }

  private static WeightedIndex profileIndex() {
    PinProfile[] profiles = PinProfile.values();
    long[] rows = new long[profiles.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = profiles[i].realRows;
    }
    return new WeightedIndex(rows);
  }
}
