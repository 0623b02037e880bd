package io.pinpipe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.docs.ShellCommands.Command;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellCommandsTest {
  @Test
  void continuationLinesAndHereDocumentsAreOneCommandAndCommentsAreNot() {
    List<Command> commands =
        ShellCommands.parse(
            "doc",
            List.of(
                "## Section",
                "```bash",
                "# a comment",
                "bin/pinpipe land \\",
                "    --output=/tmp/x   # where",
                "curl http://h/#frag",
                "cat > f.conf <<'CONF'",
                "a   b",
                "```",
                "CONF",
                "chmod 600 f.conf",
                "```",
                "## Other",
                "```",
                "key=value",
                "bin/test",
                "```"));
    assertEquals(
        List.of(
            "bin/pinpipe land \\\n    --output=/tmp/x   # where",
            "curl http://h/#frag",
            "cat > f.conf <<'CONF'\na   b\n```\nCONF",
            "chmod 600 f.conf",
            "bin/test"),
        commands.stream().map(Command::text).toList());
    assertEquals("bin/pinpipe land --output=/tmp/x", commands.get(0).normalised());
    assertEquals(
        List.of("Section", "Section", "Section", "Section", "Other"),
        commands.stream().map(Command::section).toList());
    assertEquals(4, commands.get(0).line());
  }

  @Test
  void theProgramComesAfterTheEnvironmentAssignments() {
    assertEquals(
        "bin/pinpipe",
        ShellCommands.program("PINPIPE_API_KEYS=k1,k2 A='x y' bin/pinpipe api --port=1"));
    assertEquals(".", ShellCommands.program(". stack/env.sh"));
  }

  @Test
  void placeholdersOptionalPartsAndChoicesMakeATemplate() {
    for (String template :
        List.of(
            "bin/pinpipe clean --input=... --output=x",
            "bin/pinpipe stream [--window=60s]",
            "bin/pinpipe emulate --target=api|kafka",
            "bin/pinpipe analytics --snapshot=<id>",
            "bin/pinpipe clean --input=/data/landing")) {
      assertTrue(
          ShellCommands.parse("d", List.of("```bash", template, "```")).get(0).template(),
          template);
    }
    for (String command :
        List.of(
            "bin/pinpipe land --output=$PINPIPE_S3_ENDPOINT",
            "bin/pinpipe land --awsCredentialsProvider='{\"@type\":\"StaticCredentialsProvider\"}'",
            "bin/pinpipe-stack up && . stack/env.sh")) {
      assertFalse(
          ShellCommands.parse("d", List.of("```bash", command, "```")).get(0).template(), command);
    }
  }

  @Test
  void aShellBlockWithAProgramNoOneKnowsFailsUntilTheTestLearnsIt() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ShellCommands.parse("doc", List.of("```bash", "rm -rf /", "```")));
    assertTrue(e.getMessage().contains("doc:2") && e.getMessage().contains("'rm'"), e.getMessage());
  }
}
