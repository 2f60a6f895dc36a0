package io.gatewarden.gateway.restart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayProcessFinderTest {
    @TempDir
    Path dir;

    private static String uniqueTitle() {
        return "gw" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    @Test
    void pidfileCases() throws Exception {
        Path pidfile = dir.resolve("gw.pid");
        GatewayProcessFinder finder = new GatewayProcessFinder(pidfile, null);
        assertThat(finder.find().gone()).isTrue();
        assertThat(finder.find().detail()).contains("does not exist");

        Files.writeString(pidfile, "not-a-pid\n");
        assertThat(finder.find().detail()).contains("does not hold a pid");

        Files.writeString(pidfile, "1\n");
        assertThat(finder.find().found()).isFalse(); // never signal init

        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(pidfile, sleeper.pid() + "\n");
            assertThat(finder.find().process()).map(ProcessHandle::pid).contains(sleeper.pid());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        GatewayProcessFinder.Lookup dead = finder.find();
        assertThat(dead.gone()).isTrue();
        assertThat(dead.detail()).contains("is not running");
    }

    @Test
    void findsTheGatewayByItsProcessTitleAndRefusesToGuessBetweenTwo() throws Exception {
        String title = uniqueTitle();
        try (FakeGatewayProcess one = FakeGatewayProcess.builder(dir.resolve("one")).processTitle(title).start()) {
            GatewayProcessFinder finder = new GatewayProcessFinder(null, title);
            assertThat(finder.find().process()).map(ProcessHandle::pid).contains(one.pid());
            try (FakeGatewayProcess two = FakeGatewayProcess.builder(dir.resolve("two")).processTitle(title).start()) {
                GatewayProcessFinder.Lookup both = finder.find();
                assertThat(both.found()).isFalse();
                assertThat(both.gone()).isFalse();
                assertThat(both.detail()).contains("2 processes named").contains("restart.pidfile");
            }
        }
        assertThat(new GatewayProcessFinder(null, title).find().gone()).isTrue();
    }

    @Test
    void matchesOpenClawsTitleTruncatedByTheKernel() throws Exception {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("4242"));
        Files.writeString(proc.resolve("4242/comm"), "openclaw-gatewa\n");
        Files.createDirectories(proc.resolve("4343"));
        Files.writeString(proc.resolve("4343/comm"), "node\n");
        Files.writeString(proc.resolve("4343/cmdline"), "openclaw-gateway\0");
        Files.createDirectories(proc.resolve("4444"));
        Files.writeString(proc.resolve("4444/comm"), "node\n");
        Files.writeString(proc.resolve("4444/cmdline"), "/usr/bin/node\0/opt/openclaw/openclaw.mjs\0gateway\0");
        GatewayProcessFinder f = new GatewayProcessFinder(null, "openclaw-gateway", proc);
        assertThat(f.nameMatches(4242)).isTrue();
        assertThat(f.nameMatches(4343)).isTrue();
        assertThat(f.nameMatches(4444)).isFalse();
    }
}
