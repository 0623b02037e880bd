package io.pinpipe.testdata;

/**
 * The joint pattern of placeholder values in one real pin row, with the number of real rows showing
 * it (4,457 in all). The placeholders are not independent: a failed scrape writes {@code User Info
 * Error} into poster_name and follower_count together with five other placeholders, and {@code No
 * description available Story format} appears only on story posts. Drawing a whole pattern keeps
 * every co-occurrence and every single rate exactly as in the real rows.
 *
 * <p>A {@code null} title or description means "real text from the vocabulary".
 */
enum PinProfile {
  IMAGE(3896, null, null, false, false, false, Media.IMAGE),
  STORY(224, null, Text.STORY_FORMAT, false, false, false, Media.STORY),
  VIDEO(128, null, null, false, false, false, Media.VIDEO),
  STORY_IMAGE_ERROR(74, null, Text.STORY_FORMAT, false, false, true, Media.STORY),
  IMAGE_NO_DESCRIPTION(61, null, Text.NO_DESCRIPTION, false, false, false, Media.IMAGE),
  SCRAPE_FAILED(32, Text.NO_TITLE, Text.STORY_FORMAT, true, true, true, Media.STORY),
  IMAGE_NO_TAGS(28, null, null, false, true, false, Media.IMAGE),
  STORY_NO_TAGS(5, null, Text.STORY_FORMAT, false, true, false, Media.STORY),
  VIDEO_NO_DESCRIPTION(4, null, Text.NO_DESCRIPTION, false, false, false, Media.VIDEO),
  VIDEO_NO_TAGS(3, null, null, false, true, false, Media.VIDEO),
  IMAGE_UNTITLED(1, null, Text.UNTITLED, false, false, false, Media.IMAGE),
  STORY_EMPTY_TITLE(1, "", Text.STORY_FORMAT, false, false, true, Media.STORY);

  /** The placeholder texts, exactly as the source database holds them. */
  static final class Text {
    static final String NO_TITLE = "No Title Data Available";
    static final String STORY_FORMAT = "No description available Story format";
    static final String NO_DESCRIPTION = "No description available";
    static final String UNTITLED = "Untitled";
    static final String USER_INFO_ERROR = "User Info Error";
    static final String NO_TAGS = "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e";
    static final String IMAGE_SRC_ERROR = "Image src error.";

    private Text() {}
  }

  /** The three {@code is_image_or_video} values. */
  static final class Media {
    static final String IMAGE = "image";
    static final String VIDEO = "video";
    static final String STORY = "multi-video(story page format)";

    private Media() {}
  }

  final long realRows;
  final String title;
  final String description;
  final boolean userInfoError;
  final boolean noTags;
  final boolean imageError;
  final String media;

  PinProfile(
      long realRows,
      String title,
      String description,
      boolean userInfoError,
      boolean noTags,
      boolean imageError,
      String media) {
    this.realRows = realRows;
    this.title = title;
    this.description = description;
    this.userInfoError = userInfoError;
    this.noTags = noTags;
    this.imageError = imageError;
    this.media = media;
  }
}
