package io.gatewarden.parse;

import io.gatewarden.secret.Redactor;
import io.gatewarden.testsupport.SeededRuns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a log file holds, the parsers answer with an event and never throw: seeded random text and fixture lines
 * mutated a char at a time ({@code -Dgatewarden.seed=N} replays a run). The coverage-guided search for the same
 * properties is {@link LineParserFuzzTest}.
 */
class ParserPropertyTest {
    static final List<String> FIXTURE_LINES = fixtureLines();
    private final OpenClawLineParser openclaw = new OpenClawLineParser();
    private final GenericJsonLineParser json = new GenericJsonLineParser();

    private static List<String> fixtureLines() {
        List<String> all = new ArrayList<>();
        for (String f : Fixtures.jsonFiles()) all.addAll(Fixtures.lines(f));
        return all;
    }

    private static void assertAnEvent(GatewayEvent e) {
        assertThat(e).isNotNull();
        assertThat(e.type()).isNotNull();
        assertThat(e.attrs()).isNotNull();
        if (e.raw() != null) assertThat(e.raw().length()).isLessThanOrEqualTo(300);
    }

    private static final String ANY_JSONISH = "{}[]\":,\\0123456789abc truefalsn\u00e9\u2026\uFEFF\r\t";
    private static final String KEY_CHARS = "abcXYZ0123456789-_.";
    private static final String[] KEY_PREFIXES = {"sk-", "xoxb-", "xoxp-", "xapp-", "ghp_", "github_pat_", "AIza", "Bearer ", "", "-", "_", "z"};
    private static final String GLUE = " \"=:/,{}(";
    private static final char[] SPECIAL = {'"', '{', '}', '[', ']', '\\', ',', ':', '\u0000', '\uD800', '\u00ff'};

    @Test
    void randomStringsNeverThrow() {
        SeededRuns.forEach(500, r -> {
            String line = switch (r.nextInt(3)) {
                case 0 -> anyChars(r, r.nextInt(401));
                case 1 -> from(r, ANY_JSONISH, r.nextInt(201));
                default -> "{" + from(r, ANY_JSONISH, r.nextInt(201));
            };
            assertAnEvent(openclaw.parse(line));
            assertAnEvent(json.parse(line));
        });
    }

    @Test
    void mutatedFixtureLinesNeverThrow() {
        SeededRuns.forEach(1500, r -> {
            String line = mutated(r, FIXTURE_LINES.get(r.nextInt(FIXTURE_LINES.size())), SPECIAL);
            assertAnEvent(openclaw.parse(line));
            assertAnEvent(json.parse(line));
        });
    }

    @Test
    void everyStrictPrefixOfAFixtureLineIsMalformed() {
        SeededRuns.forEach(300, r -> {
            String line = FIXTURE_LINES.get(r.nextInt(FIXTURE_LINES.size()));
            String prefix = line.substring(0, r.nextInt(line.length()));
            assertThat(openclaw.parse(prefix).type()).as(prefix).isEqualTo(EventType.MALFORMED);
        });
    }

    @Test
    void theKeyPrecheckNeverHidesAKey() {
        SeededRuns.forEach(1000, r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                sb.append(from(r, GLUE, r.nextInt(4))).append(KEY_PREFIXES[r.nextInt(KEY_PREFIXES.length)]).append(from(r, KEY_CHARS, r.nextInt(31)));
            }
            String text = sb.toString();
            boolean truncated = r.nextBoolean();
            if (!Redactor.mayHoldSecret(text)) {
                assertThat(Redactor.mask(text, truncated)).as(text).isEqualTo(text);
            }
        });
    }

    static String from(Random r, String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Any UTF-16 units, lone surrogates included. */
    static String anyChars(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append((char) (r.nextInt(4) == 0 ? r.nextInt(128) : r.nextInt(0x10000)));
        return sb.toString();
    }

    /** A line mutated once, and sometimes twice; the inserted chars are mostly {@code special}. */
    static String mutated(Random r, String line, char[] special) {
        int times = r.nextInt(3) == 0 ? 2 : 1;
        for (int i = 0; i < times; i++) {
            char c = r.nextBoolean() ? special[r.nextInt(special.length)] : (char) r.nextInt(0x10000);
            line = Mutation.values()[r.nextInt(Mutation.values().length)].apply(line, r.nextInt(Integer.MAX_VALUE), c);
        }
        return line;
    }

    enum Mutation {
        FLIP_CHAR {
            @Override
            String apply(String s, int pos, char c) {
                if (s.isEmpty()) return s;
                int i = pos % s.length();
                return s.substring(0, i) + (char) (s.charAt(i) ^ (1 << (pos % 7))) + s.substring(i + 1);
            }
        },
        REPLACE_CHAR {
            @Override
            String apply(String s, int pos, char c) {
                if (s.isEmpty()) return String.valueOf(c);
                int i = pos % s.length();
                return s.substring(0, i) + c + s.substring(i + 1);
            }
        },
        INSERT_CHAR {
            @Override
            String apply(String s, int pos, char c) {
                int i = pos % (s.length() + 1);
                return s.substring(0, i) + c + s.substring(i);
            }
        },
        DELETE_CHAR {
            @Override
            String apply(String s, int pos, char c) {
                if (s.isEmpty()) return s;
                int i = pos % s.length();
                return s.substring(0, i) + s.substring(i + 1);
            }
        },
        TRUNCATE {
            @Override
            String apply(String s, int pos, char c) {
                return s.substring(0, pos % (s.length() + 1));
            }
        },
        DUPLICATE_TAIL {
            @Override
            String apply(String s, int pos, char c) {
                int i = pos % (s.length() + 1);
                return s + s.substring(i);
            }
        };

        abstract String apply(String s, int pos, char c);
    }
}
