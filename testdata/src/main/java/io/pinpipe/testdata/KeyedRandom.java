package io.pinpipe.testdata;

import java.util.SplittableRandom;

/**
 * A random stream that depends only on (seed, stream, key). Every row, and every poster, gets its
 * own stream, so rows can be generated in any order, in parallel, or one at a time, and still come
 * out byte-identical.
 */
final class KeyedRandom {

  /** Stream ids; distinct so that e.g. the geo row and the user row of one key are independent. */
  static final long PIN = 1;

  static final long GEO = 2;
  static final long USER = 3;
  static final long REPOST = 4;
  static final long POSTER = 5;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private KeyedRandom() {}

  static SplittableRandom of(long seed, long stream, long key) {
    long h = mix(seed + GOLDEN * stream);
    h = mix(h ^ key);
    return new SplittableRandom(mix(h + GOLDEN));
  }

  /** SplitMix64's finaliser (Stafford variant 13): a bijection that spreads every input bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
