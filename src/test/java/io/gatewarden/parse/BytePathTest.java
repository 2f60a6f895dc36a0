package io.gatewarden.parse;

import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OpenClawLineParser#parse(byte[], int, int)} reads most lines without Jackson ({@link TslogBytes}); for every
 * line it must give exactly the event {@link OpenClawLineParser#parse(String)} gives for the decoded line.
 */
class BytePathTest {
    private static final List<String> FIXTURE_LINES = fixtureLines();
    private final OpenClawLineParser parser = new OpenClawLineParser();

    private static List<String> fixtureLines() {
        List<String> all = new ArrayList<>();
        for (String f : Fixtures.jsonFiles()) all.addAll(Fixtures.lines(f));
        all.addAll(Fixtures.lines(Fixtures.CONSOLE));
        return all;
    }

    /** Both paths on the same bytes; returns the event. */
    private GatewayEvent sameBothWays(byte[] bytes) {
        // inside a bigger buffer, so offsets are exercised too
        byte[] buf = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, buf, 3, bytes.length);
        GatewayEvent fromBytes = parser.parse(buf, 3, bytes.length);
        GatewayEvent fromString = parser.parse(new String(bytes, StandardCharsets.UTF_8));
        assertThat(fromBytes).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(fromString);
        return fromBytes;
    }

    private GatewayEvent sameBothWays(String line) {
        return sameBothWays(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyFixtureLineGivesTheSameEvent() {
        int fast = 0;
        for (String line : FIXTURE_LINES) {
            sameBothWays(line);
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (TslogBytes.read(b, 0, b.length) != null) fast++;
        }
        // the point of the byte path: the real lines take it (the console capture is plain text)
        assertThat(fast).isGreaterThan(FIXTURE_LINES.size() * 8 / 10);
    }

    @Test
    void plainTslogLinesTakeTheBytePath() {
        String line = TslogLines.logger("agent/embedded", 4, "transient same-model retry 1/9 for fakeoa/rl-429 reason=rate_limit: delayMs=1051");
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        TslogLine t = TslogBytes.read(b, 0, b.length);
        assertThat(t).isNotNull();
        assertThat(t.subsystem).isEqualTo("agent/embedded");
        assertThat(t.level).isEqualTo(4);
        assertThat(t.firstArg).startsWith("transient same-model retry");
        assertThat(sameBothWays(line).type()).isEqualTo(EventType.SAME_MODEL_RETRY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "{}",
            " {} ",
            "{}\t\r",
            "{} {}",
            "{}x",
            "{},",
            "[1,2]",
            "\"text\"",
            "{\"0\":\"{\\\"subsystem\\\":\\\"gateway\\\"}\",\"1\":\"gateway ready\",\"_meta\":{\"logLevelId\":3},\"time\":\"2026-11-23T12:00:00.000+00:00\"}",
            "{\"0\":\"\\u007b\\\"subsystem\\\":\\\"gateway\\\"}\",\"1\":\"gateway ready\"}",
            "{\"0\":\"\\u0067ateway ready\"}",
            "{\"0\":\"{\",\"1\":\"gateway ready\"}",
            "{\"0\":\"{x\",\"1\":\"gateway ready\"}",
            "{\"0\":{\"message\":\"gateway ready\",\"x\":[1,{\"a\":null}]},\"1\":\"verbose\"}",
            "{\"0\":{\"message\":5},\"1\":\"verbose\"}",
            "{\"0\":5,\"1\":\"gateway ready\"}",
            "{\"_meta\":{\"logLevelId\":4.0},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":4e0},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":-0},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":-7},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":123456789},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":1234567890},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":99999999999999999999},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":04},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":\"4\"},\"0\":\"x\"}",
            "{\"_meta\":{\"logLevelId\":4,\"logLevelId\":5},\"0\":\"x\"}",
            "{\"_meta\":[4],\"0\":\"x\"}",
            "{\"time\":\"2026-11-23T12:00:00.000+00:00\",\"time\":5}",
            "{\"session_id\":\"agent:main:explicit:s1\",\"agent_id\":\"main\",\"0\":\"x\"}",
            "{\"ti\\u006de\":\"2026-11-23T12:00:00.000+00:00\"}",
            "{\"1\":{\"event\":\"model_fallback_decision\",\"decision\":\"candidate_failed\",\"reason\":\"rate_limit\",\"candidateProvider\":\"p\",\"candidateModel\":\"m\",\"status\":429,\"attempt\":1.50,\"isPrimary\":true,\"total\":null,\"runId\":\"r1\",\"x\":{\"y\":[true,false,null,-1.5e-3]}}}",
            "{\"1\":{\"event\":\"embedded_run_agent_end\",\"isError\":true,\"httpCode\":429,\"failoverReason\":\"rate_limit\",\"provider\":\"p\",\"model\":\"m\",\"error\":\"429 \\\"quota\\\" \\u2026\"}}",
            "{\"1\":{\"event\":\"x\"},\"2\":{\"event\":\"model_fallback_decision\"}}",
            "{\"2\":\"second\",\"1\":\"first\",\"0\":\"{\\\"subsystem\\\":\\\"s\\\"}\"}",
            "{\"10\":\"ten\",\"0\":\"{\\\"subsystem\\\":\\\"s\\\"}\"}",
            "{\"1000\":\"not an arg\",\"0\":\"{\\\"subsystem\\\":\\\"s\\\"}\"}",
            "{\"1\":[\"a\"],\"2\":\"text\"}",
            "{\"0\":\"tab\there\"}",
            "{\"0\":\"bad escape \\x\"}",
            "{\"0\":\"short \\u12\"}",
            "{\"0\":\"pair \\ud83d\\ude00 lone \\ud800 end\"}",
            "{\"0\":\"unterminated}",
            "{\"0\":\"x\",}",
            "{\"0\":\"x\" \"1\":\"y\"}",
            "{\"0\" \"x\"}",
            "{\"a\":tru}",
            "{\"a\":nul,\"0\":\"x\"}",
            "{\"a\":truex}",
            "{\"a\":1.}",
            "{\"a\":.5}",
            "{\"a\":+1}",
            "{\"a\":1e}",
            "{\"a\":-}",
            "{\"a\":[1,]}",
            "{\"a\":[,1]}",
            "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
            "\uFEFF{\"0\":\"gateway ready\"}",
            "{\"0\":\"gateway ready\"}\u0001",
            "\u0001{\"0\":\"gateway ready\"}",
            "{\"0\":\"caf\u00e9 \u21c4 \u2713 \ud83d\ude00\"}",
            "{\"caf\u00e9\":1,\"0\":\"x\"}",
            "{\"0\":\"Bearer abcdefghijklmnopqrstuvwxyz0123456789 sk-fakefakefakefakefakefake\"}",
    })
    void edgeCasesGiveTheSameEvent(String line) {
        sameBothWays(line);
    }

    @Test
    void invalidUtf8GivesWhatTheDecodedLineGives() {
        String[] around = {"{\"0\":\"", "\",\"1\":\"x\"}"};
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xe2}};
        for (byte[] b : bad) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
            out.writeBytes(b);
            out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
            sameBothWays(out.toByteArray());
            // outside a string, and cut at the line's end
            sameBothWays(concat("{\"0\":\"x\"".getBytes(StandardCharsets.UTF_8), b, "}".getBytes(StandardCharsets.UTF_8)));
            sameBothWays(concat("{\"0\":\"x".getBytes(StandardCharsets.UTF_8), b));
        }
    }

    @Test
    void overlongLinesTakeTheStringPath() {
        OpenClawLineParser small = new OpenClawLineParser(new ParseSettings(ParseSettings.OPENCLAW, 1024, 300));
        String line = TslogLines.logger("gateway", 3, "x".repeat(2000));
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertThat(small.parse(b, 0, b.length)).isEqualTo(small.parse(line));
        assertThat(small.parse(b, 0, b.length).type()).isEqualTo(EventType.MALFORMED);
    }

    @Test
    void evidenceFromBytesIsTheStringExcerpt() {
        for (String line : List.of("", "short", "x".repeat(300), "x".repeat(301), "x".repeat(299) + "\u00e9", "x".repeat(299) + "\ud83d\ude00tail",
                "é".repeat(400), "sk-" + "a".repeat(310), "x".repeat(280) + " sk-fakeabcdefghijk")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            assertThat(Evidence.of(b, 0, b.length, 300)).as(line).isEqualTo(Evidence.of(line, 300));
        }
    }

    /** The byte path decodes only the excerpt's bytes (issue 15); any mix of 1- to 4-byte chars must give the same. */
    @Test
    void evidenceFromAPrefixOfTheBytesIsTheStringExcerpt() {
        String[] pieces = {"a", "{", "\"", " ", "\u00e9", "\u2713", "\u21c4", "\ud83d\ude00", "sk-", "abcdefghijklmnopqrstu"};
        SeededRuns.forEach(3000, rnd -> {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(700);
            while (sb.length() < n) sb.append(pieces[rnd.nextInt(pieces.length)]);
            String line = sb.toString();
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            int max = 1 + rnd.nextInt(400);
            assertThat(Evidence.of(b, 0, b.length, max)).as("max " + max + ": " + line).isEqualTo(Evidence.of(line, max));
        });
    }

    @Test
    void byteNamesFindTheSameFieldSlots() {
        for (String name : List.of("event", "decision", "runId", "nextCandidateModel", "providerRuntimeFailureKind", "aborted",
                "modelId", "eventx", "even", "", "Event", "runid")) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            assertThat(EventFields.slotOf(b, 0, b.length)).as(name).isEqualTo(EventFields.slotOf(name));
        }
    }

    private static final char[] SPECIAL = {'"', '{', '}', '[', ']', '\\', ',', ':', '\u0000', '\uD800',
            '\u00ff', 'u', '0', '-', '.', 'e', ' ', '\t', '\u2026'};
    private static final byte[] SPECIAL_BYTES = {'"', '\\', '{', '}', ',', ':', 0, (byte) 0x80, (byte) 0xc3, (byte) 0xe2,
            (byte) 0xf0, (byte) 0xff, ' ', '0'};

    /** Seeded (see {@link SeededRuns}); the coverage-guided search is {@link LineParserFuzzTest#openClawLine}. */
    @Test
    void mutatedFixtureLinesGiveTheSameEvent() {
        SeededRuns.forEach(3000, r -> sameBothWays(ParserPropertyTest.mutated(r, FIXTURE_LINES.get(r.nextInt(FIXTURE_LINES.size())), SPECIAL)));
    }

    @Test
    void mutatedFixtureBytesGiveTheSameEvent() {
        SeededRuns.forEach(1000, r -> {
            byte[] b = FIXTURE_LINES.get(r.nextInt(FIXTURE_LINES.size())).getBytes(StandardCharsets.UTF_8);
            if (b.length == 0) return;
            b[r.nextInt(b.length)] = r.nextBoolean() ? (byte) r.nextInt(256) : SPECIAL_BYTES[r.nextInt(SPECIAL_BYTES.length)];
            sameBothWays(b);
        });
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
