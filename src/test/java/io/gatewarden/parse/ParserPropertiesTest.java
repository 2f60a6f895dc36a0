package io.gatewarden.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a log file holds, the parsers answer with an event and never throw. */
class ParserPropertiesTest {
    private static final List<String> FIXTURE_LINES = fixtureLines();
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

    @Property(tries = 500)
    void randomStringsNeverThrow(@ForAll("noise") String line) {
        assertAnEvent(openclaw.parse(line));
        assertAnEvent(json.parse(line));
    }

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void mutatedFixtureLinesNeverThrow(@ForAll("mutatedLines") String line) {
        assertAnEvent(openclaw.parse(line));
        assertAnEvent(json.parse(line));
    }

    @Property(tries = 300)
    void everyStrictPrefixOfAFixtureLineIsMalformed(@ForAll("fixtureLine") String line, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        String prefix = line.substring(0, cut % line.length());
        assertThat(openclaw.parse(prefix).type()).as(prefix).isEqualTo(EventType.MALFORMED);
    }

    @Property(tries = 1000)
    void theKeyPrecheckNeverHidesAKey(@ForAll("keyish") String text, @ForAll boolean truncated) {
        if (!Secrets.mayHoldKey(text, truncated)) {
            assertThat(Secrets.redact(text, truncated)).isEqualTo(text);
        }
    }

    @Provide
    Arbitrary<String> keyish() {
        Arbitrary<String> prefix = Arbitraries.of("sk-", "xoxb-", "xoxp-", "xapp-", "ghp_", "github_pat_", "AIza", "Bearer ", "", "-", "_", "z");
        Arbitrary<String> token = Arbitraries.strings().withChars("abcXYZ0123456789-_.").ofMaxLength(30);
        Arbitrary<String> glue = Arbitraries.strings().withChars(" \"=:/,{}(").ofMaxLength(3);
        return Combinators.combine(glue, prefix, token, glue, prefix, token)
                .as((g1, p1, t1, g2, p2, t2) -> g1 + p1 + t1 + g2 + p2 + t2);
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,\\0123456789abc truefalsn\u00e9\u2026\uFEFF\r\t")
                .ofMaxLength(200);
        Arbitrary<String> objectish = jsonish.map(s -> "{" + s);
        return Arbitraries.oneOf(any, jsonish, objectish);
    }

    @Provide
    Arbitrary<String> fixtureLine() {
        return Arbitraries.of(FIXTURE_LINES);
    }

    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<Mutation> mutation = Arbitraries.of(Mutation.values());
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Character> ch = Arbitraries.oneOf(Arbitraries.of('"', '{', '}', '[', ']', '\\', ',', ':', '\u0000', '\uD800', '\u00ff'),
                Arbitraries.chars());
        Arbitrary<String> once = Combinators.combine(fixtureLine(), mutation, position, ch)
                .as((line, m, pos, c) -> m.apply(line, pos, c));
        // sometimes mutate twice
        return Combinators.combine(once, mutation, position, ch).as((line, m, pos, c) -> pos % 3 == 0 ? m.apply(line, pos, c) : line);
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
