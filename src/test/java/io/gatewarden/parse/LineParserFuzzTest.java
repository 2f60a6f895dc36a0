package io.gatewarden.parse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatewarden.secret.Redactor;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for the log line parsers: whatever bytes a log file holds, each parser answers with one well-formed
 * event and never throws; the byte path ({@link LineParser#parse(byte[], int, int)}, what replay uses) gives exactly
 * the event the String path gives for the decoded line; the evidence excerpt is bounded and holds no key the
 * redaction would still mask. Regression inputs (real fixture lines, edge cases, past findings):
 * {@code src/test/resources/io/gatewarden/parse/LineParserFuzzTestInputs/}.
 */
class LineParserFuzzTest {
    private static final ParseSettings SMALL = new ParseSettings(ParseSettings.OPENCLAW, 1024, 40);
    private static final LineParser OPENCLAW = new OpenClawLineParser();
    private static final LineParser OPENCLAW_SMALL = new OpenClawLineParser(SMALL);
    private static final LineParser JSON = new GenericJsonLineParser();
    private static final LineParser JSON_SMALL = new GenericJsonLineParser(new ParseSettings(ParseSettings.JSON, 1024, 40));

    @FuzzTest(maxDuration = "5m")
    void openClawLine(byte[] line) {
        bothPathsAgree(OPENCLAW, line, ParseSettings.DEFAULT_EVIDENCE_CHARS);
        bothPathsAgree(OPENCLAW_SMALL, line, SMALL.evidenceChars());
    }

    @FuzzTest(maxDuration = "5m")
    void genericJsonLine(byte[] line) {
        bothPathsAgree(JSON, line, ParseSettings.DEFAULT_EVIDENCE_CHARS);
        bothPathsAgree(JSON_SMALL, line, SMALL.evidenceChars());
    }

    /** The key pre-check never hides a key, and masking is stable: what it leaves, it leaves on a second pass. First byte: bit 0 = the text was cut. */
    @FuzzTest(maxDuration = "5m")
    void keyRedaction(byte[] input) {
        if (input.length == 0) return;
        boolean truncated = (input[0] & 1) != 0;
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        String once = Redactor.mask(text, truncated);
        if (!Redactor.mayHoldSecret(text)) assertThat(once).as("pre-check said no key").isSameAs(text);
        assertThat(Redactor.mask(once, false)).as("a second pass finds nothing left to mask").isEqualTo(once);
    }

    static void bothPathsAgree(LineParser parser, byte[] line, int evidenceChars) {
        // inside a bigger buffer, so that offsets are exercised too
        byte[] buf = new byte[line.length + 7];
        System.arraycopy(line, 0, buf, 3, line.length);
        GatewayEvent fromBytes = parser.parse(buf, 3, line.length);
        String decoded = new String(line, StandardCharsets.UTF_8);
        GatewayEvent fromString = parser.parse(decoded);
        assertThat(fromBytes).as("byte path = String path").isEqualTo(fromString);
        assertThat(fromString.type()).isNotNull();
        assertThat(fromString.attrs()).isNotNull();
        if (fromString.type() == EventType.MALFORMED) assertThat(fromString.reason()).isNotBlank();
        String raw = fromString.raw();
        assertThat(raw).as("evidence").isNotNull();
        // a key cut at the excerpt's end becomes a fingerprint (fp: and 8 hex), which may run past the limit
        assertThat(raw.length()).as("evidence length").isLessThanOrEqualTo(evidenceChars + 11);
        assertThat(Redactor.mask(raw, false)).as("evidence holds no key left to mask").isEqualTo(raw);
    }
}
