package io.gatewarden.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CommandRunnerTest {
    @TempDir
    Path dir;

    @Test
    void capturesExitCodeAndOutputWithoutAShell() {
        CommandRunner.Result r = new CommandRunner().run(List.of("echo", "a;b", "$HOME"), Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
        assertThat(r.output().strip()).isEqualTo("a;b $HOME"); // no shell: nothing expanded
        assertThat(new CommandRunner().run(List.of("false"), Duration.ofSeconds(5)).exitCode()).isEqualTo(1);
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() {
        long t0 = System.nanoTime();
        CommandRunner.Result r = new CommandRunner().run(List.of("sleep", "30"), Duration.ofMillis(300));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void boundsOutputAndRedactsSecrets() {
        CommandRunner.Result big = new CommandRunner().run(List.of("head", "-c", "100000", "/dev/zero"), Duration.ofSeconds(5));
        assertThat(big.output()).hasSizeLessThan(CommandRunner.MAX_OUTPUT + 100).endsWith("[output truncated]");
        CommandRunner.Result secret = new CommandRunner().run(
                List.of("echo", "Authorization: Bearer abcdefghijklmnop1234 api_key=sk-live-0123456789"), Duration.ofSeconds(5));
        assertThat(secret.output()).doesNotContain("abcdefghijklmnop1234").doesNotContain("sk-live-0123456789").contains("fp:");
    }

    @Test
    void findsProgramsOnThePathItIsGiven() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tool = bin.resolve("gw-test-tool");
        Files.writeString(tool, "#!/bin/sh\necho from-fake-path \"$@\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandRunner runner = new CommandRunner(Map.of("PATH", bin + ":" + System.getenv("PATH")));
        CommandRunner.Result r = runner.run(List.of("gw-test-tool", "x"), Duration.ofSeconds(5));
        assertThat(r.output().strip()).isEqualTo("from-fake-path x");
        CommandRunner.Result missing = new CommandRunner().run(List.of("gw-test-tool-missing"), Duration.ofSeconds(5));
        assertThat(missing.ok()).isFalse();
    }

    @Test
    void aQueryKeepsStdoutForItsParserAndShowsOnlyRedactedText() throws Exception {
        Path tool = script("gw-query", "echo '{\"apiKey\": \"sk-live-0123\"}'\necho 'warn: token=s3cr3t-value' >&2\nexit 3\n");
        CommandRunner.Result r = new CommandRunner().query(List.of(tool.toString()), Duration.ofSeconds(5), 1024);
        assertThat(r.outcome()).isEqualTo(CommandRunner.Outcome.FAILED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output().strip()).as("stdout as printed, stderr apart").isEqualTo("{\"apiKey\": \"sk-live-0123\"}");
        assertThat(r.stderr()).doesNotContain("s3cr3t-value").contains("token=fp:");
        assertThat(r.message()).endsWith("exited with 3: warn: token=" + io.gatewarden.secret.Fingerprint.of("s3cr3t-value"));
    }

    @Test
    void aQueryThatPrintsTooMuchOrIsMissingIsAnOutcome() throws Exception {
        CommandRunner.Result big = new CommandRunner().query(List.of("head", "-c", "100000", "/dev/zero"), Duration.ofSeconds(5), 1024);
        assertThat(big.outcome()).isEqualTo(CommandRunner.Outcome.OUTPUT_TOO_LARGE);
        assertThat(big.output()).hasSize(1024);
        assertThat(big.message()).isEqualTo("head printed more than 1024 bytes; killed");
        CommandRunner.Result missing = new CommandRunner().query(List.of(dir.resolve("nope").toString()), Duration.ofSeconds(5), 1024);
        assertThat(missing.outcome()).isEqualTo(CommandRunner.Outcome.NOT_FOUND);
        assertThat(missing.message()).startsWith("cannot run " + dir.resolve("nope"));
        long t0 = System.nanoTime();
        CommandRunner.Result slow = new CommandRunner().query(List.of("sleep", "30"), Duration.ofMillis(300), 1024);
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.message()).isEqualTo("sleep did not finish within 300 ms; killed");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anActionThatCannotStartSaysWhyInItsSummary() {
        CommandRunner.Result r = new CommandRunner().run(List.of(dir.resolve("nope").toString()), Duration.ofSeconds(5));
        assertThat(r.outcome()).isEqualTo(CommandRunner.Outcome.NOT_FOUND);
        assertThat(r.summary()).startsWith("exit -1: cannot run " + dir.resolve("nope"));
    }

    private Path script(String name, String body) throws Exception {
        Path tool = Files.createDirectories(dir.resolve("bin")).resolve(name);
        Files.writeString(tool, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }
}
