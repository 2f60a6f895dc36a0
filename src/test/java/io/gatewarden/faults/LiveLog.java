package io.gatewarden.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/** Real fixture lines appended to a live log file with their timestamps moved to now (wall-clock quiet periods hold). */
final class LiveLog {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/openclaw");
    private static final Pattern TIME = Pattern.compile("\"time\":\"[^\"]+\"");

    private LiveLog() {}

    /** The first run's same-model retries on fakeoa/rl-429: one provider_rate_limited incident. */
    static List<String> rateLimitStorm() throws IOException {
        return Files.readAllLines(FIXTURES.resolve("logs/02-failover-cascade-429-529-unknown-model.info.jsonl")).subList(0, 30);
    }

    static void append(Path log, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC));
            sb.append(TIME.matcher(l).replaceFirst("\"time\":\"" + now + "\"")).append('\n');
        }
        Files.writeString(log, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
