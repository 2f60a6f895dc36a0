package io.gatewarden.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * config/gatewarden.yaml is the operator's reference: it must load, equal the embedded defaults, and name every key
 * the settings records accept. Bad configs must be refused with file, line, dotted key and reason.
 */
class GatewardenYamlTest {
    static final Path SHIPPED = Path.of("config/gatewarden.yaml");

    // ------------------------------------------------------------------ (a) the shipped file is the defaults

    @Test
    void shippedFileLoads_andEqualsTheEmbeddedDefaults_sectionBySection() throws Exception {
        GatewardenConfig file = ConfigLoader.load(SHIPPED);
        GatewardenConfig dflt = GatewardenConfig.defaults();

        // state_dir and gateway.config_file are null in the file on purpose: their defaults live under the home of
        // the user running gatewarden ($XDG_STATE_HOME or ~/.local/state, ~/.openclaw), which a shipped file cannot
        // spell ('~' is not expanded). Both sides compute them in this JVM, so they must still be equal.
        assertThat(file.stateDir()).isEqualTo(dflt.stateDir());
        assertThat(file.http()).isEqualTo(dflt.http());
        assertThat(file.gateway()).isEqualTo(dflt.gateway());
        assertThat(file.tail()).isEqualTo(dflt.tail());
        assertThat(file.parse()).isEqualTo(dflt.parse());
        assertThat(file.detect()).isEqualTo(dflt.detect());
        assertThat(file.incidents()).isEqualTo(dflt.incidents());
        assertThat(file.pressure()).isEqualTo(dflt.pressure());
        assertThat(file.lint()).isEqualTo(dflt.lint());
        assertThat(file.probe()).isEqualTo(dflt.probe());
        assertThat(file.collect()).isEqualTo(dflt.collect());
        assertThat(file.restart()).isEqualTo(dflt.restart());
        assertThat(file.breakers()).isEqualTo(dflt.breakers());
        assertThat(file.act()).isEqualTo(dflt.act());
        assertThat(file.alert()).isEqualTo(dflt.alert());
        // and as a whole, so a section added to the root record later is covered too
        assertThat(file).isEqualTo(dflt);

        assertThat(file.act().dryRun()).as("the embedded defaults and the shipped file act in dry-run").isTrue();
        assertThat(Files.readString(SHIPPED)).contains("set to false to let gatewarden edit openclaw.json and restart");
    }

    @Test
    void actGateway_followsGatewayName_unlessSet() throws Exception {
        // the restarter claims the in-flight slot under gateway.name; the switcher under act.gateway: one name, one slot
        assertThat(GatewardenConfig.defaults().act().gateway()).isEqualTo("openclaw");
        assertThat(ConfigLoader.parse("gateway:\n  name: home\n", "t.yaml").act().gateway()).isEqualTo("home");
        assertThat(ConfigLoader.parse("gateway:\n  name: home\nact:\n  gateway: lab\n", "t.yaml").act().gateway()).isEqualTo("lab");
    }

    // ------------------------------------------------------------------ (b) every key is in the file

    @Test
    void everyKeyOfTheDefaults_isWrittenOutInTheShippedFile() throws Exception {
        ObjectMapper yaml = ConfigMapper.yaml();
        // a receiver's type as a plain 'type:' key, as an operator writes it, not as a YAML tag
        ((YAMLFactory) yaml.getFactory()).disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID);
        Set<String> fromDefaults = keyPaths(yaml.readTree(yaml.writeValueAsString(GatewardenConfig.defaults())));
        Set<String> inFile = keyPaths(yaml.readTree(Files.readString(SHIPPED)));

        assertThat(fromDefaults).as("sanity: the walk sees nested and list keys")
                .contains("detect.error_loop.window", "alert.receivers[].rate_limit.burst", "alert.receivers[].type", "state_dir");
        assertThat(difference(fromDefaults, inFile)).as("keys of GatewardenConfig.defaults() missing from " + SHIPPED).isEmpty();
        assertThat(difference(inFile, fromDefaults)).as("keys in " + SHIPPED + " that the defaults do not have").isEmpty();
    }

    @Test
    void everyKeyTheSettingsRecordsAccept_isDocumentedInTheShippedFile() throws Exception {
        ObjectMapper mapper = ConfigMapper.yaml();
        Set<String> accepted = new TreeSet<>();
        walk(mapper, mapper.constructType(GatewardenConfig.class), "", new ArrayList<>(), accepted);
        assertThat(accepted).as("sanity: list elements and receiver subtypes are walked")
                .contains("probe.providers[].api_key_file", "alert.receivers[].token_env", "alert.receivers[].resend_interval",
                        "pressure.quota.limits[].tokens_per_day", "alert.route.routes[].continue", "alert.silences[].ends_at");

        String text = Files.readString(SHIPPED);
        List<String> lines = text.lines().toList();
        Set<String> realKeys = keyPaths(mapper.readTree(text));
        Map<String, YamlKeyIndex.Entry> index = normalised(YamlKeyIndex.of(text));

        List<String> undocumented = new ArrayList<>();
        for (String key : accepted) {
            if (realKeys.contains(key)) continue;
            // not set in the file (an element of a list that is empty by default, or another receiver type):
            // it must appear as "name:" in the commented example under its nearest key that the file does set
            String holder = YamlKeyIndex.parent(key);
            while (!holder.isEmpty() && (holder.endsWith("]") || !index.containsKey(holder))) holder = YamlKeyIndex.parent(holder);
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            if (holder.isEmpty() || !documentedIn(lines, index.get(holder), leaf)) undocumented.add(key);
        }
        assertThat(undocumented).as("keys the settings records accept but " + SHIPPED + " does not document").isEmpty();
    }

    /** Dotted paths of every key of a tree; list elements count as one ("[]"). */
    static Set<String> keyPaths(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                out.add(path);
                collect(f.getValue(), path, out);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, prefix + "[]", out));
        }
    }

    /** Every key Jackson would bind, from the records' bean descriptions, into list elements and every subtype. */
    static void walk(ObjectMapper mapper, JavaType type, String prefix, List<Class<?>> onPath, Set<String> out) {
        Class<?> raw = type.getRawClass();
        // Route.routes holds Routes: walk a child route once, then stop
        if (onPath.stream().filter(raw::equals).count() >= 2) return;
        onPath.add(raw);
        try {
            JsonSubTypes subtypes = raw.getAnnotation(JsonSubTypes.class);
            if (subtypes != null) {
                JsonTypeInfo info = raw.getAnnotation(JsonTypeInfo.class);
                out.add(prefix + "." + info.property());
                for (JsonSubTypes.Type t : subtypes.value()) walk(mapper, mapper.constructType(t.value()), prefix, onPath, out);
                return;
            }
            if (!raw.isRecord()) return;
            BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
            for (BeanPropertyDefinition p : bean.findProperties()) {
                String path = prefix.isEmpty() ? p.getName() : prefix + "." + p.getName();
                out.add(path);
                JavaType t = p.getPrimaryType();
                if (t.isCollectionLikeType() || t.isArrayType()) walk(mapper, t.getContentType(), path + "[]", onPath, out);
                else if (!t.isMapLikeType()) walk(mapper, t, path, onPath, out); // map keys are free-form (e.g. cooldowns)
            }
        } finally {
            onPath.remove(onPath.size() - 1);
        }
    }

    /** The index with list positions folded: probe.providers[0].name → probe.providers[].name (first one kept). */
    private static Map<String, YamlKeyIndex.Entry> normalised(YamlKeyIndex index) {
        Map<String, YamlKeyIndex.Entry> out = new java.util.LinkedHashMap<>();
        index.entries().forEach((k, v) -> out.putIfAbsent(k.replaceAll("\\[\\d+\\]", "[]"), v));
        return out;
    }

    /** "leaf:" on a line of the block under {@code holder}: from its line to the next key at its indentation or less. */
    private static boolean documentedIn(List<String> lines, YamlKeyIndex.Entry holder, String leaf) {
        Pattern mention = Pattern.compile("(^|[\\s{,#-])" + Pattern.quote(leaf) + ":(\\s|$)");
        int indent = holder.column() - 1;
        for (int i = holder.line() - 1; i < lines.size(); i++) {
            String l = lines.get(i);
            String s = l.strip();
            boolean code = !s.isEmpty() && !s.startsWith("#");
            int ind = l.length() - l.stripLeading().length();
            if (i > holder.line() - 1 && code && ind <= indent) return false;
            if (mention.matcher(l).find()) return true;
        }
        return false;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    // ------------------------------------------------------------------ (c) bad configs

    @Nested
    class BadConfigs {
        @TempDir Path dir;

        /** The shipped file with one line changed, so lines and neighbours are realistic. */
        Path shippedWith(String line, String replacement) throws Exception {
            String text = Files.readString(SHIPPED);
            assertThat(text).as("test setup: the shipped file has " + line).contains(line + "\n");
            Path f = dir.resolve("gatewarden.yaml");
            Files.writeString(f, text.replaceFirst(Pattern.quote(line) + "\n", java.util.regex.Matcher.quoteReplacement(replacement) + "\n"));
            return f;
        }

        Path file(String yaml) throws Exception {
            Path f = dir.resolve("gatewarden.yaml");
            Files.writeString(f, yaml);
            return f;
        }

        ConfigException refused(Path f) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f));
            assertThat(e).as("config refused").isNotNull();
            return e;
        }

        /** File, line, key and reason, and all four in the one-line message a human sees. */
        void assertNames(ConfigException e, Path f, int line, String key, String reason) {
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.key()).as("key").isEqualTo(key);
            assertThat(e.reason()).as("reason").contains(reason);
            assertThat(e.getMessage()).isEqualTo(f + ":" + line + ": " + key + ": " + e.reason()).doesNotContain("\n");
        }

        int lineOf(Path f, String text) throws Exception {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
            throw new AssertionError(text + " not in " + f);
        }

        @Test
        void unknownKey_namesItsLine_andTheCloseMatchesOnly() throws Exception {
            Path f = shippedWith("  poll_interval: 250ms      # how often the files are checked for new lines. Lower = faster detection, more wake-ups.",
                    "  poll_intervall: 250ms");
            ConfigException e = refused(f);
            assertNames(e, f, lineOf(f, "  poll_intervall: 250ms"), "tail.poll_intervall", "unknown key 'poll_intervall' (did you mean 'poll_interval'?)");
            assertThat(e.reason()).doesNotContain("rotate_wait", "max_line_bytes");

            f = file("tail:\n  interval: 1s\n");
            assertNames(refused(f), f, 2, "tail.interval", "did you mean 'poll_interval' or 'checkpoint_interval'?");

            f = file("tail:\n  foo: 1s\n");
            assertNames(refused(f), f, 2, "tail.foo",
                    "tail takes checkpoint_interval, from_start, max_line_bytes, paths, poll_interval, rotate_wait, watch");

            f = file("http:\n  port: 9464\nalerts:\n  receivers: []\n");
            assertNames(refused(f), f, 3, "alerts", "unknown key 'alerts' (did you mean 'alert'?)");

            f = file("alert:\n  receivers:\n    - name: console\n      type: console\n    - name: ops\n      type: slack\n      channel: C1\n      tokn_env: SLACK\n");
            assertNames(refused(f), f, 8, "alert.receivers[1].tokn_env", "did you mean 'token_env'?");
        }

        @Test
        void badDuration() throws Exception {
            Path f = shippedWith("    window: 3m                  # distinct runs are counted over this window", "    window: 3 minutes");
            assertNames(refused(f), f, lineOf(f, "window: 3 minutes"), "detect.error_loop.window",
                    "'3 minutes' is not a duration (use e.g. 500ms, 30s, 3m, 1h, 1d)");
        }

        @Test
        void wrongType() throws Exception {
            Path f = file("http:\n  host: 127.0.0.1\n  port: abc\n");
            assertNames(refused(f), f, 3, "http.port", "expected a whole number, got 'abc'");
            f = file("restart:\n  budget:\n    max_restarts: 2.5\n");
            assertNames(refused(f), f, 3, "restart.budget.max_restarts", "expected a whole number, got '2.5'");
            f = file("detect:\n  error_loop: 5\n");
            assertNames(refused(f), f, 2, "detect.error_loop", "expected a section of keys, got a number");
            f = file("act:\n  dry_run: maybe\n");
            assertNames(refused(f), f, 2, "act.dry_run", "expected true or false, got 'maybe'");
            f = file("detect:\n  error_loop:\n    min_runs: [1]\n");
            assertNames(refused(f), f, 3, "detect.error_loop.min_runs", "expected a whole number, got a list");
            f = file("alert:\n  silences:\n    - matchers: [a=b]\n      ends_at: tomorrow\n");
            assertNames(refused(f), f, 4, "alert.silences[0].ends_at", "expected a time such as 2027-01-01T00:00:00Z, got 'tomorrow'");
            f = file("alert:\n  receivers:\n    - name: ops\n      type: slak\n");
            assertNames(refused(f), f, 4, "alert.receivers[0].type", "unknown type 'slak' (did you mean 'slack'? one of alertmanager, console, slack, webhook)");
            f = file("- tail\n- http\n");
            ConfigException e = refused(f);
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.reason()).contains("expected the sections of gatewarden.yaml", "got a list");
        }

        @Test
        void invalidYaml_tabAndIndentation() throws Exception {
            Path f = file("tail:\n  paths: [/tmp/openclaw/openclaw-*.log]\n\tpoll_interval: 1s\n");
            assertNames(refused(f), f, 3, "tail.poll_interval", "not valid YAML: a tab character in the indentation; indent with spaces only");

            f = shippedWith("  rotate_wait: 5s           # a file renamed out of the globs or deleted is still read this long for late writes",
                    " rotate_wait: 5s");
            assertNames(refused(f), f, lineOf(f, " rotate_wait: 5s"), "tail.rotate_wait", "not valid YAML: the indentation does not line up");

            f = file("probe:\n  providers:\n    - name: lmstudio\n      kind: openai\n      base_url: [http://127.0.0.1:1234/v1\n");
            assertNames(refused(f), f, 5, "probe.providers[0].base_url", "a list opened with '[' is not closed");

            f = file("gateway:\n  name: 'unclosed\n");
            assertNames(refused(f), f, 2, "gateway.name", "a quoted string is not closed");

            f = file("tail:\n  rotate_wait: 5s\ntail:\n  poll_interval: 1s\n");
            assertNames(refused(f), f, 3, "tail", "duplicate key (first set on line 1)");
        }

        @Test
        void outOfRange_pointsAtTheKeyNotAtTheEndOfItsSection() throws Exception {
            Path f = shippedWith("    min_runs: 3                 # runs with the same error that open the incident (at least 1)", "    min_runs: 0");
            assertNames(refused(f), f, lineOf(f, "min_runs: 0"), "detect.error_loop.min_runs", "must be at least 1, got 0");

            f = file("http:\n  port: 70000\n  host: 127.0.0.1\n");
            assertNames(refused(f), f, 2, "http.port", "70000 is out of range 0..65535");
            f = file("parse:\n  evidence_chars: 500\n  format: openclaw\n");
            assertNames(refused(f), f, 2, "parse.evidence_chars", "must be between 1 and 300, not 500");
            f = file("tail:\n  max_line_bytes: -5\n");
            assertNames(refused(f), f, 2, "tail.max_line_bytes", "must be between 1 and 268435456 (got -5)");
            f = file("breakers:\n  window: 2h\n");
            assertNames(refused(f), f, 2, "breakers.window", "window must be between 1s and 1h, got 2h");
            f = file("incidents:\n  quiet_periods:\n    bogus_type: 1h\n");
            assertNames(refused(f), f, 3, "incidents.quiet_periods.bogus_type", "unknown incident type 'bogus_type'");
            f = file("probe:\n  providers:\n    - name: a\n      kind: openai\n    - name: a\n      kind: ollama\n");
            assertNames(refused(f), f, 5, "probe.providers[1].name", "target name 'a' is used twice");
            f = file("lint:\n  order_policy: [local, cheap]\n");
            assertNames(refused(f), f, 2, "lint.order_policy[1]", "'cheap' is not one of: local, free, paid");
        }

        @Test
        void emptyFile_meansTheDefaults() throws Exception {
            assertThat(ConfigLoader.load(file(""))).isEqualTo(GatewardenConfig.defaults());
            assertThat(ConfigLoader.load(file("\n\n   \n"))).isEqualTo(GatewardenConfig.defaults());
            assertThat(ConfigLoader.load(file("# nothing set yet\n# tail:\n#   poll_interval: 1s\n"))).isEqualTo(GatewardenConfig.defaults());
            assertThat(ConfigLoader.load(file("---\n"))).isEqualTo(GatewardenConfig.defaults());
            assertThat(ConfigLoader.load(file("tail:\n"))).as("an empty section").isEqualTo(GatewardenConfig.defaults());
        }

        @Test
        void missingFile() {
            Path f = dir.resolve("nope/gatewarden.yaml");
            ConfigException e = refused(f);
            assertThat(e.file()).isEqualTo(f.toString());
            assertThat(e.line()).isZero();
            assertThat(e.key()).isNull();
            assertThat(e.getMessage()).isEqualTo(f + ": file not found (looked for " + f.toAbsolutePath().normalize() + ")");
            assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class).hasMessageContaining("is a directory");
        }

        @Test
        void aValidChange_stillLoads() throws Exception {
            Path f = shippedWith("  dry_run: true                 # decide and journal every action, change nothing: openclaw.json is not edited and",
                    "  dry_run: false");
            assertThat(ConfigLoader.load(f).act().dryRun()).isFalse();
        }

        @Test
        void theErrorExamplesInTheDocs_areRealOutput() throws Exception {
            // config/gatewarden.yaml's header quotes the message for a typo in its own tail section
            String shipped = Files.readString(SHIPPED);
            String typo = shipped.replaceFirst("\n  poll_interval: 250ms", "\n  poll_intervall: 250ms");
            ConfigException header = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(typo, "gatewarden.yaml"));
            assertThat(shipped).contains("#     " + header.getMessage() + "\n");

            // docs/configuration.md shows what `run` prints for a bad duration in /etc/gatewarden/gatewarden.yaml
            String bad = shipped.replaceFirst("\n    window: 3m ", "\n    window: 3 minutes ");
            ConfigException run = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(bad, "/etc/gatewarden/gatewarden.yaml"));
            assertThat(Files.readString(Path.of("docs/configuration.md")))
                    .contains("gatewarden: invalid configuration: " + run.getMessage() + "\n");
        }
    }
}
