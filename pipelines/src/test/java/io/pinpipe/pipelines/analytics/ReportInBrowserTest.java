package io.pinpipe.pipelines.analytics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.pipelines.Chromium;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics report in a real browser: Debian's headless Chromium loads the page from a file and
 * the test reads back the rendered DOM, the browser's log and a screenshot.
 *
 * <p>When {@code /usr/bin/chromium} is missing, {@code bin/ensure-chromium} installs it from
 * Debian's packages first. With {@code -Dpinpipe.updateScreenshot=true} the screenshot is also
 * copied to {@code docs/analytics-report.png} of the repository.
 */
@Tag("browser")
class ReportInBrowserTest {
  static final String HOSTILE = "<script>document.title='pwned'</script>";
  static final String HOSTILE_ATTRIBUTE = "\"><img src=x onerror=\"document.title='pwned2'\">";

  @TempDir Path work;

  static Path root() {
    return Path.of(System.getProperty("pinpipe.root", "..")).toAbsolutePath().normalize();
  }

  @BeforeAll
  static void ensureChromium() throws Exception {
    Chromium.ensureInstalled();
  }

  // ---- sample answers ---------------------------------------------------------------------------

  static List<Object> row(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  /** All nine answers with plausible rows, one hostile poster name and one null median. */
  static List<AnalyticsAnswer> answers() {
    String[] countries = {
      "Afghanistan",
      "Albania",
      "Algeria",
      "American Samoa",
      "Andorra",
      "Angola",
      "Anguilla",
      "Antarctica (the territory South of 60 deg S)",
      "Antigua and Barbuda",
      "Argentina",
      "Armenia",
      "Aruba",
      "Australia",
      "Austria",
      "Azerbaijan",
      "Bahamas",
      "Bahrain",
      "Bangladesh",
      "Barbados",
      "Belarus",
      "Belgium",
      "Belize",
      "Benin",
      "Bermuda",
      "Bhutan",
      "Bolivia",
      "Bosnia and Herzegovina",
      "Botswana",
      "Bouvet Island",
      "Brazil",
      "British Indian Ocean Territory",
      "Côte d'Ivoire"
    };
    String[] categories = {
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
      "vehicles"
    };
    List<List<Object>> q1 = new ArrayList<>();
    for (int i = 0; i < countries.length; i++) {
      q1.add(
          row(countries[i], categories[(i * 7) % categories.length], (long) (3 + (i * 37) % 29)));
      if (i % 11 == 4) { // a tie: two categories with the same count
        q1.add(
            row(
                countries[i],
                categories[(i * 7 + 3) % categories.length],
                (long) (3 + (i * 37) % 29)));
      }
    }
    return List.of(
        new AnalyticsAnswer(
            "q1",
            "Most popular category in each country",
            List.of("country", "category", "category_count"),
            q1),
        new AnalyticsAnswer(
            "q2",
            "Most popular category each year, 2018–2022",
            List.of("post_year", "category", "category_count"),
            List.of(
                row(2018L, "art", 1_241L),
                row(2019L, "art", 1_355L),
                row(2020L, "art", 1_487L),
                row(2021L, "art", 1_502L),
                row(2022L, "art", 1_174L))),
        new AnalyticsAnswer(
            "q3",
            "User with the most followers in each country",
            List.of("country", "poster_name", "follower_count"),
            List.of(
                row("Afghanistan", "9GAG", 3_000_000L),
                row("Albania", "The Minds Journal", 5_000_000L),
                row("Algeria", "YourTango", 942_000L),
                row("American Samoa", HOSTILE, 24_000L),
                row("Andorra", "Teachers Pay Teachers", 1_000_000L),
                row("Angola", HOSTILE_ATTRIBUTE, 6_000L),
                row("Côte d'Ivoire", "Tastemade & Friends <3", 2_000_000L))),
        new AnalyticsAnswer(
            "q3_top",
            "Country of the user with the most followers",
            List.of("country", "follower_count"),
            List.of(row("Albania", 5_000_000L))),
        new AnalyticsAnswer(
            "q4",
            "Most popular category per age group",
            List.of("age_group", "category", "category_count"),
            List.of(
                row("18-24", "tattoos", 6_812L),
                row("25-35", "finance", 3_244L),
                row("36-50", "vehicles", 2_210L),
                row("+50", "vehicles", 1_031L))),
        new AnalyticsAnswer(
            "q5",
            "Median follower count per age group",
            List.of("age_group", "median_follower_count"),
            List.of(
                row("18-24", 86_000L),
                row("25-35", 34_000L),
                row("36-50", 12_000L),
                row("+50", 3_000L))),
        new AnalyticsAnswer(
            "q6",
            "Users who joined each year, 2015–2020",
            List.of("post_year", "number_users_joined"),
            List.of(
                row(2015L, 5_221L),
                row(2016L, 6_894L),
                row(2017L, 2_511L),
                row(2018L, 1_203L),
                row(2019L, 802L),
                row(2020L, 411L))),
        new AnalyticsAnswer(
            "q7",
            "Median follower count by joining year, 2015–2020",
            List.of("post_year", "median_follower_count"),
            List.of(
                row(2015L, 150_000L),
                row(2016L, 23_000L),
                row(2017L, 4_000L),
                row(2018L, 6_000L),
                row(2019L, 2_000L),
                row(2020L, 0L))),
        new AnalyticsAnswer(
            "q8",
            "Median follower count by age group and joining year, 2015–2020",
            List.of("age_group", "post_year", "median_follower_count"),
            List.of(
                row("18-24", 2015L, 250_000L),
                row("18-24", 2016L, 34_000L),
                row("18-24", 2017L, 5_000L),
                row("25-35", 2015L, 41_000L),
                row("25-35", 2016L, 16_000L),
                row("25-35", 2017L, null),
                row("36-50", 2015L, 9_000L),
                row("36-50", 2016L, 7_000L),
                row("+50", 2015L, 1_000L))));
  }

  static long expectedBars(List<AnalyticsAnswer> answers) {
    return answers.stream()
        .flatMap(a -> a.rows.stream())
        .filter(r -> r.get(r.size() - 1) != null)
        .count();
  }

  Path writeReport() throws IOException {
    Path page = work.resolve("report.html");
    Files.writeString(
        page, ReportHtml.render(answers(), "2025-05-20T12:00:00Z"), StandardCharsets.UTF_8);
    return page;
  }

  // ---- the tests
  // ---------------------------------------------------------------------------------

  @Test
  void rendersEverySectionAndBarAndTheHostileTextStaysText() throws Exception {
    Path page = writeReport();
    Chromium.Run run = chromium("--dump-dom", page.toUri().toString());
    assertEquals(0, run.exit, run.stderr);
    String dom = run.stdout;
    assertTrue(dom.contains("</html>"), "a whole DOM:\n" + dom);
    List<AnalyticsAnswer> answers = answers();
    assertEquals(9, answers.size());
    for (AnalyticsAnswer answer : answers) {
      assertTrue(dom.contains("<section id=\"" + answer.id + "\">"), "section " + answer.id);
    }
    assertEquals(
        expectedBars(answers), ReportHtmlTest.count(dom, "<rect class=\"bar\""), "bars in the DOM");
    assertEquals(
        answers.stream().mapToInt(a -> a.rows.size()).sum() - expectedBars(answers),
        ReportHtmlTest.count(dom, "class=\"value none\""),
        "rows without a bar");

    // The hostile text did not run: the title is the page's own, and no element came from the data.
    assertTrue(dom.contains("<title>pinpipe — batch analytics</title>"), "title unchanged");
    assertFalse(dom.contains("pwned</title>"));
    assertFalse(dom.toLowerCase(Locale.ROOT).contains("<script"), "no script element in the DOM");
    assertFalse(dom.toLowerCase(Locale.ROOT).contains("<img"), "no img element in the DOM");
    assertTrue(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "the hostile text shown as text");
    assertTrue(
        dom.contains("\"&gt;&lt;img src=x onerror=\"document.title='pwned2'\"&gt;"),
        "the hostile attribute text shown as text");
  }

  @Test
  void thePageLogsNoErrors() throws Exception {
    // First make sure the log check sees errors where there are some, so it cannot pass vacuously.
    Path broken = work.resolve("broken.html");
    Files.writeString(
        broken,
        "<!DOCTYPE html><title>b</title><p>b</p>"
            + "<script>console.error('boom'); noSuchFunction();</script><script>var x = ;</script>");
    List<String> brokenErrors =
        pageErrors(
            chromium("--enable-logging=stderr", "--v=0", "--dump-dom", broken.toUri().toString())
                .stderr,
            broken);
    assertTrue(
        brokenErrors.size() >= 2,
        "the log check finds the errors of a broken page: " + brokenErrors);

    Path page = writeReport();
    Chromium.Run run =
        chromium("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());
    assertEquals(0, run.exit, run.stderr);
    assertTrue(run.stdout.contains("<section id=\"q8\">"), "the page loaded");
    List<String> errors = pageErrors(run.stderr, page);
    assertTrue(errors.isEmpty(), "errors from the page:\n" + String.join("\n", errors));
  }

  @Test
  void takesAScreenshot() throws Exception {
    Path page = writeReport();
    Path png = work.resolve("analytics-report.png");
    Chromium.Run run =
        chromium("--screenshot=" + png, "--window-size=1200,2400", page.toUri().toString());
    assertEquals(0, run.exit, run.stderr);
    assertTrue(Files.isRegularFile(png), "no screenshot: " + run.stderr);
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
    ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8); // IHDR width and height, big-endian
    assertEquals(1200, header.getInt());
    assertEquals(2400, header.getInt());
    assertTrue(
        bytes.length > 20_000, "a page with content, not a blank: " + bytes.length + " bytes");
    if (Boolean.getBoolean("pinpipe.updateScreenshot")) {
      Path docs = Files.createDirectories(root().resolve("docs"));
      Files.copy(png, docs.resolve("analytics-report.png"), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("Updated " + docs.resolve("analytics-report.png"));
    }
  }

  // ---- running chromium
  // --------------------------------------------------------------------------

  Chromium.Run chromium(String... args) throws Exception {
    return Chromium.run(work, args);
  }

  /** The page's JavaScript or console errors in chromium's log ({@link Chromium#pageErrors}). */
  static List<String> pageErrors(String stderr, Path page) {
    return Chromium.pageErrors(stderr, page.toUri().toString(), "file://" + page.toAbsolutePath());
  }
}
