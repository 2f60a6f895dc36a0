package io.gatewarden.deploy;

import io.gatewarden.config.ConfigLoader;
import io.gatewarden.config.GatewardenConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/systemd: the unit's hardening, its agreement with the example config, the polkit rule and the env file,
 * and what systemd's own tools say about the unit (when they are installed: Debian package "systemd").
 */
class SystemdUnitTest {
    static final Path DIR = Path.of("deploy/systemd");
    static final Path UNIT = DIR.resolve("gatewarden.service");
    static final String S = "Service";

    final SystemdUnit unit = read();

    private static SystemdUnit read() {
        try {
            return SystemdUnit.read(UNIT);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + UNIT, e);
        }
    }

    @Test
    void restartsOnFailureWithinAStartLimit() {
        assertThat(unit.get(S, "Type")).isEqualTo("simple");
        assertThat(unit.get(S, "Restart")).isEqualTo("on-failure");
        assertThat(unit.get(S, "RestartSec")).isNotBlank();
        // the start limit lives in [Unit] (in [Service] systemd ignores it with a warning)
        assertThat(unit.get("Unit", "StartLimitIntervalSec")).isNotBlank();
        assertThat(Integer.parseInt(unit.get("Unit", "StartLimitBurst"))).isBetween(1, 10);
        assertThat(unit.get(S, "ExecReload")).contains("-HUP").contains("$MAINPID");
        assertThat(unit.words(S, "SuccessExitStatus")).as("SIGTERM exit of the JVM is a clean stop").contains("143");
    }

    @Test
    void runsHardenedAsItsOwnUser() {
        assertThat(unit.get(S, "User")).isEqualTo("gatewarden");
        assertThat(unit.get(S, "Group")).isEqualTo("gatewarden");
        assertThat(unit.get(S, "DynamicUser")).isNull();
        assertThat(unit.get(S, "NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.get(S, "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.get(S, "ProtectHome")).isIn("read-only", "yes", "tmpfs");
        assertThat(unit.get(S, "PrivateTmp")).as("the gateway's default log folder is /tmp/openclaw").isEqualTo("no");
        assertThat(unit.get(S, "CapabilityBoundingSet")).isEmpty();
        assertThat(unit.get(S, "AmbientCapabilities")).isEmpty();
        assertThat(unit.get(S, "UMask")).isEqualTo("0007");
        for (String key : List.of("PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules", "ProtectControlGroups",
                "RestrictSUIDSGID", "LockPersonality", "RestrictRealtime", "RestrictNamespaces")) {
            assertThat(unit.get(S, key)).as(key).isEqualTo("yes");
        }
        assertThat(unit.get(S, "MemoryDenyWriteExecute")).as("the JIT needs W+X memory").isNull();
        assertThat(unit.get(S, "EnvironmentFile")).isEqualTo("-/etc/gatewarden/gatewarden.env");
    }

    @Test
    void memoryLimitsLeaveRoomAboveTheHeap() {
        long max = bytes(unit.get(S, "MemoryMax"));
        long high = bytes(unit.get(S, "MemoryHigh"));
        long heap = bytes(option(execStart(), "-Xmx").orElseThrow(() -> new AssertionError("ExecStart sets no -Xmx")));
        assertThat(high).isLessThan(max);
        assertThat(heap).as("heap + metaspace + threads must fit under MemoryHigh").isLessThanOrEqualTo(high * 2 / 3);
        assertThat(execStart()).contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void writablePathsAreTheStateDirAndTheGatewayConfigFolderOnly() throws Exception {
        GatewardenConfig cfg = ConfigLoader.load(DIR.resolve("gatewarden.yaml"));
        List<String> writable = unit.words(S, "ReadWritePaths");
        Path state = cfg.stateDir();
        Path configFolder = cfg.gateway().configFile().getParent();

        assertThat(writable).containsExactlyInAnyOrder(state.toString(), configFolder.toString());
        assertThat(unit.words(S, "StateDirectory")).as("StateDirectory= creates the state dir for the user")
                .contains(Path.of("/var/lib").relativize(state).toString());
        // java.io.tmpdir: inside the state dir, and created by StateDirectory= (/tmp is read-only here)
        Path tmp = Path.of(option(execStart(), "-Djava.io.tmpdir=").orElseThrow());
        assertThat(tmp.startsWith(state)).as(tmp + " under " + state).isTrue();
        assertThat(unit.words(S, "StateDirectory")).contains(Path.of("/var/lib").relativize(tmp).toString());
        assertThat(execStart()).contains("-XX:-UsePerfData");
        // backups of openclaw.json go to gatewarden's own state, not next to the gateway's secrets
        assertThat(cfg.act().backups().dir().startsWith(state)).isTrue();
        // the unit starts the daemon with this very config file
        assertThat(String.join(" ", execStart())).endsWith("-jar quarkus-run.jar run --config /etc/gatewarden/gatewarden.yaml");
    }

    @Test
    void startsFromTheAppFolderWithItsClassDataSharingArchive() {
        // app-cds.jsa records the class path relative to the app folder: the JVM must start there, with a relative -jar
        assertThat(unit.get(S, "WorkingDirectory")).isEqualTo("/opt/gatewarden/quarkus-app");
        assertThat(execStart()).contains("-XX:SharedArchiveFile=app-cds.jsa", "-jar", "quarkus-run.jar");
        assertThat(execStart()).as("no -Xshare:on: a JVM of another version must still start, without the archive")
                .doesNotContain("-Xshare:on");
    }

    @Test
    void theWatchedLogIsVisible() throws Exception {
        GatewardenConfig cfg = ConfigLoader.load(DIR.resolve("gatewarden.yaml"));
        for (String glob : cfg.tail().paths()) {
            if (glob.startsWith("/tmp/")) {
                assertThat(unit.get(S, "PrivateTmp")).as(glob + " needs the real /tmp").isEqualTo("no");
            }
            if (glob.startsWith("/home/")) {
                assertThat(unit.get(S, "ProtectHome")).as(glob + " needs /home visible").isNotEqualTo("yes");
            }
            assertThat(unit.words(S, "InaccessiblePaths")).noneMatch(p -> glob.startsWith(p));
        }
        assertThat(cfg.http().host()).as("the API stays on loopback on a host").isEqualTo("127.0.0.1");
    }

    @Test
    void secretsRestartRightsAndConfigAgree() throws Exception {
        GatewardenConfig cfg = ConfigLoader.load(DIR.resolve("gatewarden.yaml"));
        String env = Files.readString(DIR.resolve("gatewarden.env"));
        assertThat(cfg.http().apiTokenEnv()).isNotBlank();
        assertThat(env).contains(cfg.http().apiTokenEnv() + "=");

        // gatewarden cannot reach another user's "systemctl --user", so the gateway is a system unit that the
        // polkit rule lets this service user restart (and reset-failed after a start limit)
        assertThat(cfg.restart().strategy()).isEqualTo("systemd");
        assertThat(cfg.restart().userMode()).isFalse();
        String rule = Files.readString(DIR.resolve("50-gatewarden.rules"));
        assertThat(rule).contains("subject.user === \"" + unit.get(S, "User") + "\"")
                .contains("action.lookup(\"unit\") === \"" + cfg.restart().unit() + "\"")
                .contains("\"restart\"").contains("\"reset-failed\"")
                .doesNotContain("\"stop\"").doesNotContain("\"start\"");
        assertThat(unit.words(S, "RestrictAddressFamilies")).as("systemctl speaks D-Bus over AF_UNIX").contains("AF_UNIX");
        assertThat(unit.get("Unit", "After")).contains(cfg.restart().unit());
    }

    /**
     * {@code systemd-analyze verify} on a copy of the unit. The copy differs in one place: ExecStart's program is
     * the JVM running this test. verify fails when ExecStart's program does not exist or is not executable, and a
     * build or CI machine has no /usr/bin/java (its JDK may live elsewhere); the arguments (the jar under
     * /opt/gatewarden) and User= are not checked by verify, so nothing else needs to exist.
     */
    @Test
    void systemdAnalyzeVerifyHasNothingToSayAboutOurUnit(@TempDir Path tmp) throws Exception {
        Path tool = requireTool("systemd-analyze");
        Path copy = copyWithRealJava(tmp);
        ExternalTool.Result r = ExternalTool.run(List.of(tool.toString(), "verify", copy.toString()), tmp, Duration.ofSeconds(60));
        List<String> aboutUs = r.output().lines().filter(l -> l.contains("gatewarden.service")).toList();
        assertThat(aboutUs).as("systemd-analyze verify output:\n" + r.output()).isEmpty();
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    /** The check above can fail: the same run on a copy with a typo reports it. */
    @Test
    void systemdAnalyzeVerifyReportsABrokenCopy(@TempDir Path tmp) throws Exception {
        Path tool = requireTool("systemd-analyze");
        Path copy = copyWithRealJava(tmp);
        Files.writeString(copy, Files.readString(copy).replace("NoNewPrivileges=yes", "NoNewPrivilege=yes"));
        ExternalTool.Result r = ExternalTool.run(List.of(tool.toString(), "verify", copy.toString()), tmp, Duration.ofSeconds(60));
        assertThat(r.output()).contains("gatewarden.service").contains("NoNewPrivilege");
    }

    @Test
    void exposureScoreStaysLow(@TempDir Path tmp) throws Exception {
        Path tool = requireTool("systemd-analyze");
        Path copy = copyWithRealJava(tmp);
        ExternalTool.Result r = ExternalTool.run(List.of(tool.toString(), "security", "--offline=yes", copy.toString()),
                tmp, Duration.ofSeconds(60));
        Matcher m = Pattern.compile("Overall exposure level for gatewarden\\.service: (\\d+\\.\\d+)").matcher(r.output());
        assumeTrue(m.find(), "this systemd-analyze has no 'security --offline' (systemd 250+ needed): " + r.output().strip());
        // 0 = fully locked down, 10 = no hardening; the network access and the real /tmp cost most of what is left
        assertThat(Double.parseDouble(m.group(1))).as(r.output()).isLessThanOrEqualTo(3.0);
    }

    @Test
    void sysusersCreatesTheServiceUser(@TempDir Path root) throws Exception {
        Path tool = requireTool("systemd-sysusers");
        Path conf = root.resolve("etc/sysusers.d/gatewarden.conf");
        Files.createDirectories(conf.getParent());
        Files.copy(DIR.resolve("gatewarden.sysusers"), conf);
        ExternalTool.Result r = ExternalTool.run(List.of(tool.toString(), "--root=" + root), root, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.output()).isZero();
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertThat(passwd.lines().filter(l -> l.startsWith(unit.get(S, "User") + ":")).findFirst())
                .hasValueSatisfying(line -> assertThat(line).contains(":/var/lib/gatewarden:").endsWith("nologin"));
    }

    private Path copyWithRealJava(Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(java).isExecutable();
        String text = Files.readString(UNIT);
        assertThat(text).contains("ExecStart=/usr/bin/java ");
        Path copy = tmp.resolve("gatewarden.service");
        Files.writeString(copy, text.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
        return copy;
    }

    private static Path requireTool(String name) {
        Optional<Path> tool = ExternalTool.find(name);
        assumeTrue(tool.isPresent(), name + " is not installed (Debian package 'systemd'); skipping this check");
        return tool.get();
    }

    private List<String> execStart() {
        return Arrays.asList(unit.get(S, "ExecStart").split("\\s+"));
    }

    private static Optional<String> option(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).map(a -> a.substring(prefix.length())).findFirst();
    }

    /** systemd/JVM sizes: 400M, 1G, 192m, 1024K. */
    private static long bytes(String size) {
        assertThat(size).as("size").isNotBlank();
        Matcher m = Pattern.compile("(\\d+)([KkMmGg]?)").matcher(size.strip());
        assertThat(m.matches()).as("size " + size).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toUpperCase()) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            case "G" -> n << 30;
            default -> n;
        };
    }
}
