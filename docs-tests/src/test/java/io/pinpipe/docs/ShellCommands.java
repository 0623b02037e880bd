package io.pinpipe.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands in the fenced code blocks of a Markdown document, as a reader would paste
 * them: continuation lines and here-documents joined into one command, each with the heading of the
 * section it stands in. Blocks tagged {@code bash} or {@code sh} hold only commands (a line whose
 * program is not one we know fails {@link #of}: the test must learn it); untagged blocks mix
 * commands with other text, so only lines that start with a program we know count.
 */
final class ShellCommands {
  /** Programs a reader of our documents runs. */
  static final Set<String> PROGRAMS =
      Set.of(
          "bin/pinpipe",
          "bin/pinpipe-stack",
          "bin/pinpipe-bench",
          "bin/test",
          ".",
          "curl",
          "java",
          "spark-sql",
          "spark-submit",
          "flink",
          "psql",
          "cat",
          "chmod",
          "export",
          "aws");

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^[A-Z_][A-Z0-9_]*=(?:'[^']*'|\"[^\"]*\"|\\S*)\\s+");
  private static final Pattern HEREDOC = Pattern.compile("<<-?'?(\\w+)'?");

  /**
   * Marks of a template rather than a command: placeholders, optional parts, alternatives, example
   * hosts.
   */
  private static final Pattern TEMPLATE =
      Pattern.compile(
          "\\.\\.\\.|\\[|\\]|<[a-z]|=[^\\s']*\\|[^\\s']*|/data/|s3://bucket/|host:|//db:|example\\.com");

  record Command(String document, String section, int line, String text) {
    /** The command without its trailing comments and with runs of blanks as one, for comparing. */
    String normalised() {
      StringBuilder out = new StringBuilder();
      for (String part : text.split("\n")) {
        out.append(stripComment(part)).append(' ');
      }
      return out.toString().replace("\\ ", " ").replaceAll("\\s+", " ").strip();
    }

    /** {@link #normalised()} without the leading {@code NAME=value} environment assignments. */
    String invocation() {
      return withoutAssignments(normalised());
    }

    String program() {
      return ShellCommands.program(text);
    }

    /**
     * A template to adapt (placeholders, {@code [optional]} parts, {@code a|b} choices), not a
     * command to paste.
     */
    boolean template() {
      return TEMPLATE.matcher(normalised()).find();
    }

    @Override
    public String toString() {
      return document + ":" + line + " (" + section + "): " + text;
    }
  }

  private ShellCommands() {}

  static List<Command> of(Path root, String document) throws IOException {
    return parse(document, Files.readAllLines(root.resolve(document), StandardCharsets.UTF_8));
  }

  static List<Command> parse(String document, List<String> lines) {
    List<Command> commands = new ArrayList<>();
    String section = "";
    String fence = null;
    StringBuilder current = null;
    int start = 0;
    String heredocEnd = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      if (fence == null) {
        if (stripped.startsWith("```")) {
          fence = stripped.substring(3).strip();
        } else if (line.startsWith("#")) {
          section = line.replaceFirst("^#+\\s*", "");
        }
        continue;
      }
      if (heredocEnd == null && stripped.startsWith("```")) {
        fence = null;
        current = null;
        continue;
      }
      boolean shellBlock = fence.equals("bash") || fence.equals("sh");
      if (current == null) {
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          continue;
        }
        current = new StringBuilder(stripped);
        start = i + 1;
      } else {
        current.append('\n').append(line);
      }
      if (heredocEnd != null) {
        if (stripped.equals(heredocEnd)) {
          heredocEnd = null;
        } else {
          continue;
        }
      } else {
        Matcher heredoc = HEREDOC.matcher(stripComment(line));
        if (heredoc.find()) {
          heredocEnd = heredoc.group(1);
          continue;
        }
        if (stripComment(line).endsWith("\\")) {
          continue;
        }
      }
      String program = program(current.toString());
      if (PROGRAMS.contains(program)) {
        commands.add(new Command(document, section, start, current.toString()));
      } else if (shellBlock) {
        throw new IllegalStateException(
            document
                + ":"
                + start
                + ": a shell block runs '"
                + program
                + "', a program ShellCommands.PROGRAMS does not know: "
                + current);
      }
      current = null;
    }
    return commands;
  }

  /**
   * The program a command line runs: its first word after any {@code NAME=value} environment
   * assignments.
   */
  static String program(String command) {
    String rest = withoutAssignments(command.replaceAll("\\\\\\s*\n\\s*", " ").strip());
    int blank = rest.indexOf(' ');
    return blank < 0 ? rest : rest.substring(0, blank);
  }

  private static String withoutAssignments(String command) {
    String rest = command;
    for (Matcher assignment = ASSIGNMENT.matcher(rest);
        assignment.find();
        assignment = ASSIGNMENT.matcher(rest)) {
      rest = rest.substring(assignment.end());
    }
    return rest;
  }

  /** {@code line} without a trailing {@code # comment} (a '#' after a blank, outside quotes). */
  static String stripComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#'
          && !single
          && !dbl
          && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i).stripTrailing();
      }
    }
    return line.stripTrailing();
  }
}
