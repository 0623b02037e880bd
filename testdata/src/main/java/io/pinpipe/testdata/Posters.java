package io.pinpipe.testdata;

import java.util.SplittableRandom;

/**
 * Who posted the event with a given key. The pin, geo and user rows of one key all describe one
 * poster, as in the real tables, and, as in the real tables, a poster posts again and again: each
 * key k > 0 re-uses the poster of an earlier, uniformly drawn key with probability {@link
 * RealDistributions#REPOST_PROBABILITY} (a Yule–Simon process, so a few posters are very frequent,
 * like the real "Adam Acosta" with 140 keys). Such keys carry identical geo coordinates and user
 * rows under different keys: content duplicates that a correct de-duplication keeps.
 *
 * <p>A poster's attributes come from a random stream keyed by the poster's first key, so every key
 * finds its poster by following its own short chain of earlier keys (about two steps on average)
 * without any shared state.
 */
final class Posters {

  /** What a pin row needs of its poster: the category they post in and their account. */
  record Account(int category, Vocabulary.Poster poster) {}

  /** Everything about a poster that the pin, geo and user rows need. */
  record Poster(
      Account account,
      String firstName,
      String lastName,
      int age,
      long dateJoined,
      double latitude,
      double longitude,
      String country) {}

  private static final WeightedIndex CATEGORY = new WeightedIndex(RealDistributions.CATEGORY_ROWS);
  private static final WeightedIndex FOLLOWER_FORM =
      new WeightedIndex(RealDistributions.FOLLOWER_FORM_ROWS);
  private static final WeightedIndex AGE = new WeightedIndex(RealDistributions.AGE_ROWS);
  private static final PercentileTable DATE_JOINED =
      new PercentileTable(RealDistributions.DATE_JOINED_PERCENTILES);
  private static final PercentileTable LATITUDE =
      new PercentileTable(RealDistributions.LATITUDE_PERCENTILES);
  private static final PercentileTable LONGITUDE =
      new PercentileTable(RealDistributions.LONGITUDE_PERCENTILES);
  private static final double SHARED = RealDistributions.SHARED_FACTOR_LOADING;
  private static final double OWN = Math.sqrt(1 - SHARED * SHARED);

  private final long seed;
  private final Vocabulary vocabulary;

  Posters(long seed, Vocabulary vocabulary) {
    this.seed = seed;
    this.vocabulary = vocabulary;
  }

  Poster of(long key) {
    return attributes(firstKey(key));
  }

  /**
   * Only the account of the poster of {@code key}: the same draws, without the user and geo ones.
   */
  Account accountOf(long key) {
    return account(KeyedRandom.of(seed, KeyedRandom.POSTER, firstKey(key)));
  }

  /** The first key of the poster of {@code key}: follow re-posts back until a key posts anew. */
  long firstKey(long key) {
    if (key < 0) {
      throw new IllegalArgumentException("key must not be negative: " + key);
    }
    long k = key;
    while (k > 0) {
      SplittableRandom r = KeyedRandom.of(seed, KeyedRandom.REPOST, k);
      if (r.nextDouble() >= RealDistributions.REPOST_PROBABILITY) {
        break;
      }
      k = r.nextLong(k);
    }
    return k;
  }

  private Account account(SplittableRandom r) {
    int category = CATEGORY.pick(r.nextDouble());
    int form = FOLLOWER_FORM.pick(r.nextDouble());
    return new Account(category, vocabulary.poster(category, form, r.nextDouble()));
  }

  private Poster attributes(long firstKey) {
    SplittableRandom r = KeyedRandom.of(seed, KeyedRandom.POSTER, firstKey);
    Account account = account(r); // first, so accountOf() sees the same draws
    double shared = r.nextGaussian();
    String firstName = vocabulary.firstNames.pick(correlated(shared, r));
    String lastName = vocabulary.lastNames.pick(correlated(shared, r));
    int age = RealDistributions.MIN_AGE + AGE.pick(correlated(shared, r));
    long dateJoined = Math.round(DATE_JOINED.at(correlated(shared, r)));
    double latitude = LATITUDE.at(correlated(shared, r));
    double longitude = LONGITUDE.at(correlated(shared, r));
    String country = vocabulary.countries.pick(correlated(shared, r));
    return new Poster(account, firstName, lastName, age, dateJoined, latitude, longitude, country);
  }

  /**
   * A uniform in [0, 1) that shares the factor {@code shared} with the poster's other attributes.
   */
  private static double correlated(double shared, SplittableRandom r) {
    double u = normalCdf(SHARED * shared + OWN * r.nextGaussian());
    return Math.min(u, Math.nextDown(1.0));
  }

  /** Standard normal CDF, absolute error below 7.5e-8 (Abramowitz and Stegun 26.2.17). */
  static double normalCdf(double z) {
    double t = 1 / (1 + 0.2316419 * Math.abs(z));
    double density = 0.3989422804014327 * Math.exp(-z * z / 2);
    double tail =
        density
            * t
            * (0.319381530
                + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    return z > 0 ? 1 - tail : tail;
  }
}
