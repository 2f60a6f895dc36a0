package io.gatewarden.breaker;

import io.gatewarden.parse.EventType;
import io.gatewarden.parse.GatewayEvent;
import io.gatewarden.parse.LineParser;
import io.gatewarden.parse.OpenClawLineParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads real OpenClaw log files for the breaker and switcher tests through the production parser, plus a small
 * builder for synthetic events.
 */
public final class MiniOpenClawParser implements LineParser {
    private final OpenClawLineParser parser = new OpenClawLineParser();

    public static List<GatewayEvent> parseFile(Path p) throws IOException {
        MiniOpenClawParser parser = new MiniOpenClawParser();
        List<GatewayEvent> out = new ArrayList<>();
        for (String line : Files.readAllLines(p)) out.add(parser.parse(line));
        return out;
    }

    @Override
    public GatewayEvent parse(String line) {
        return parser.parse(line);
    }

    public static GatewayEvent ev(EventType type, Instant time, int level, String runId, String provider, String model,
                                  String profile, String reason, int status, String detail, Map<String, String> attrs, String raw) {
        return new GatewayEvent(type, time, level, null, runId, null, null, provider, model, profile, reason, status, detail, attrs, raw);
    }
}
