package io.pinpipe.testdata;

import java.util.List;

/**
 * The distributions of the real source rows, measured once on the files in {@code real/} (pin 4,457
 * rows, geo and user 11,154 rows) and hard-coded here, so that generating a row never has to read
 * or scan the real data. {@code RowGeneratorTest} re-measures the real files and fails if the
 * generator drifts away from them.
 */
final class RealDistributions {

  private RealDistributions() {}

  /** The 13 categories, alphabetical; indexes into every per-category table. */
  static final List<String> CATEGORIES =
      List.of(
          "art",
          "beauty",
          "christmas",
          "diy-and-crafts",
          "education",
          "event-planning",
          "finance",
          "home-decor",
          "mens-fashion",
          "quotes",
          "tattoos",
          "travel",
          "vehicles");

  /** Real pin rows per category, in {@link #CATEGORIES} order (sum 4,457). */
  static final long[] CATEGORY_ROWS = {
    367, 294, 426, 329, 318, 303, 312, 325, 349, 386, 377, 369, 302
  };

  /**
   * Real pin rows per {@code follower_count} form among rows without {@code User Info Error} (sum
   * 4,425): plain digits {@code 437}, thousands {@code 124k}, millions {@code 2M}. No real value
   * has a decimal point before its suffix.
   */
  static final long[] FOLLOWER_FORM_ROWS = {773, 3290, 362};

  static final int FOLLOWER_PLAIN = 0;
  static final int FOLLOWER_THOUSANDS = 1;
  static final int FOLLOWER_MILLIONS = 2;

  /** {@code image_src} file types of image posts (3,986 rows): jpg, png, webp, gif. */
  static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "png", "webp", "gif");

  static final long[] IMAGE_EXTENSION_ROWS = {3339, 622, 20, 5};

  /** Video thumbnail name endings of video and story posts (364 rows). */
  static final List<String> THUMBNAIL_ENDINGS = List.of(".0000001.jpg", "-00001.jpg");

  static final long[] THUMBNAIL_ENDING_ROWS = {359, 5};

  /** Real user rows per age, ages 20…60 (sum 11,154); no real age is outside 20…60. */
  static final int MIN_AGE = 20;

  static final long[] AGE_ROWS = {
    2126, 1218, 572, 636, 364, 426, 296, 321, 354, 262, 266, 237, 261, 198, 192, 192, 159, 197, 182,
    164, 162, 126, 171, 145, 136, 159, 119, 127, 124, 128, 126, 107, 122, 113, 88, 111, 100, 96, 89,
    93, 89
  };

  /** First and last real geo {@code timestamp}: 2017-10-19 15:13:42 and 2022-10-19 17:54:26 UTC. */
  static final long TIMESTAMP_MIN = 1508426022L;

  static final long TIMESTAMP_MAX = 1666202066L;

  /**
   * Percentiles 0…100 of real {@code date_joined} (epoch seconds, UTC; 2015-10-21 03:17:47 …
   * 2017-10-20 10:44:26). Sign-ups are front-loaded: a third of them fall in the first two months.
   */
  static final double[] DATE_JOINED_PERCENTILES = {
    1445397467, 1445462805, 1445466447, 1445513497, 1445571834, 1445593235, 1445616521, 1445616521,
    1445649302, 1445664927, 1445685831, 1445758568, 1445778711, 1445919046, 1446068696, 1446205052,
    1446317467, 1446421176, 1446638078, 1446754870, 1446929972, 1447068713, 1447154530, 1447300833,
    1447427299, 1447640815, 1447795322, 1448010480, 1448308155, 1448406292, 1448640413, 1448713964,
    1448897781, 1449139224, 1449498421, 1449726075, 1450013606, 1450346339, 1450664207, 1451055463,
    1451452874, 1451757548, 1452082928, 1452490389, 1452761950, 1453228695, 1453772963, 1454160352,
    1454739937, 1455208339, 1455685626, 1456213939, 1456607691, 1457279680, 1457774291, 1458214445,
    1458812334, 1459408387, 1460034128, 1460604658, 1461346927, 1462044041, 1462765978, 1463407253,
    1464046152, 1464738702, 1465656488, 1466532504, 1467117055, 1467764982, 1468496749, 1469468357,
    1470418496, 1471300090, 1472451309, 1473466561, 1474497591, 1475815990, 1476995038, 1478042179,
    1479206403, 1480380441, 1481519552, 1482716697, 1483947347, 1485100516, 1486357021, 1487836624,
    1489519275, 1490895211, 1492335907, 1493631019, 1495401189, 1497083654, 1498519900, 1500162957,
    1501791823, 1503597017, 1505125294, 1506709622, 1508496266
  };

  /** Percentiles 0…100 of real latitude: strongly skewed to the south pole (median −62.4). */
  static final double[] LATITUDE_PERCENTILES = {
    -89.9796, -89.8908, -89.63, -89.5173, -89.5173, -89.4584, -89.3669, -89.3099,
    -88.8443, -88.8298, -88.5478, -88.5252, -88.4642, -88.2286, -87.9895, -87.7034,
    -87.3742, -87.1897, -86.7478, -86.4063, -86.0696, -85.7232, -84.9073, -84.7363,
    -84.5322, -84.0648, -83.4398, -83.0854, -82.2521, -81.714, -81.0108, -80.2967,
    -79.3103, -78.2267, -77.4732, -76.7399, -75.8378, -75.3, -74.5797, -73.865,
    -72.9808, -72.142, -71.5025, -70.7195, -69.7124, -68.3359, -66.9418, -65.7952,
    -64.8486, -63.5781, -62.3873, -60.4435, -58.6925, -57.1651, -55.7938, -54.5127,
    -53.5315, -51.8814, -50.5562, -48.6573, -46.7328, -44.7118, -42.4844, -40.7256,
    -38.5686, -36.6989, -34.2939, -32.0151, -30.18, -27.649, -25.5834, -22.7861,
    -20.0894, -17.5103, -14.7062, -11.2287, -7.9123, -4.9862, -1.9257, 1.285,
    4.5589, 7.721, 11.9472, 15.8315, 19.2701, 23.2502, 26.4783, 30.3355,
    34.0131, 38.1033, 42.9369, 47.2635, 51.3679, 55.9095, 60.7872, 65.2878,
    69.8932, 75.0974, 80.1946, 85.2369, 89.9946
  };

  /** Percentiles 0…100 of real longitude: skewed to the west (median −120.8). */
  static final double[] LONGITUDE_PERCENTILES = {
    -179.908, -179.689, -179.689, -179.647, -179.126, -179.087, -178.919, -178.525,
    -177.92, -177.109, -176.58, -175.6864, -175.173, -174.9, -173.898, -173.293,
    -172.436, -171.58, -171.061, -170.812, -170.188, -170.019, -169.324, -167.982,
    -166.807, -166.033, -164.9477, -164.5132, -163.5245, -162.3214, -161.599, -160.515,
    -159.056, -157.544, -155.6445, -154.323, -152.8016, -150.7981, -149.084, -146.8227,
    -145.242, -142.889, -140.73, -137.6224, -136.2094, -133.724, -130.561, -129.0892,
    -126.327, -123.379, -120.7705, -117.7833, -115.4593, -112.438, -110.013, -106.9478,
    -103.765, -99.2329, -96.7844, -93.8606, -91.1935, -87.4187, -83.2597, -78.0115,
    -74.2273, -69.8411, -66.1592, -62.0301, -58.2645, -53.5581, -47.2689, -42.5085,
    -36.3516, -30.0087, -26.2603, -20.2823, -15.3414, -8.6902, -2.3826, 3.3019,
    8.9815, 15.3783, 21.4812, 28.7002, 37.0397, 44.7113, 52.1127, 59.1511,
    66.0569, 73.5244, 83.1233, 90.717, 98.8703, 108.6278, 118.8474, 128.8279,
    138.7081, 149.1135, 158.948, 168.499, 179.935
  };

  /**
   * Probability that a key re-posts for the poster of an earlier key. The real geo and user tables
   * hold 5,307 distinct contents in 11,154 keys (ind 0 and 1 are both Adam Acosta), and pins whose
   * user rows are equal always share their poster. A key k > 0 re-uses the poster of a uniformly
   * drawn earlier key with probability q, so k keys hold about 1 + (1 − q)(k − 1) posters: q = 1 −
   * 5,306 / 11,153.
   */
  static final double REPOST_PROBABILITY = 0.5243;

  /**
   * Loading of each poster attribute (first name, last name, age, date joined, latitude, longitude,
   * country) on one shared normal factor. In the real rows every pair of these attributes has a
   * rank correlation of about 0.58 (frequent posters have early names, young ages, early sign-ups
   * and south-west coordinates); a Gaussian one-factor copula with pairwise correlation ρ =
   * 2·sin(π·0.58/6) ≈ 0.598 reproduces it, and this is √ρ.
   */
  static final double SHARED_FACTOR_LOADING = 0.7733;
}
