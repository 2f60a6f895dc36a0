package io.gatewarden.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link LintReport} as a table a human reads in a terminal: agent, rung, severity, finding, fix. */
public final class TextReportWriter {
    private static final int AGENT_MAX = 16;
    private static final int RUNG_MAX = 36;
    private static final int SEVERITY = 8;
    private static final int FINDING = 58;
    private static final int FIX = 50;

    public String write(LintReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("gatewarden check: ").append(report.configFile()).append('\n');
        report.legacyAuthFiles().forEach(f -> sb.append("legacy auth profiles: ").append(f).append('\n'));
        for (ChainView c : report.chains()) {
            sb.append("chain ").append(c.agent()).append(" (").append(c.source()).append("): ");
            sb.append(c.rungs().stream().map(r -> r.rung().position() + " " + r.rung().ref()
                    + (r.rungClass() == null ? "" : " [" + r.rungClass().wireName() + "]")).collect(Collectors.joining(" → ")));
            sb.append('\n');
        }
        sb.append('\n');
        if (report.findings().isEmpty()) {
            sb.append("no findings\n");
            return sb.toString();
        }
        int agentW = Math.min(AGENT_MAX, Math.max(5, report.findings().stream().mapToInt(f -> f.agent().length()).max().orElse(5)));
        int rungW = Math.min(RUNG_MAX, Math.max(4, report.findings().stream().flatMap(f -> f.rungs().stream())
                .mapToInt(r -> r.label().length()).max().orElse(4)));
        int[] widths = {agentW, rungW, SEVERITY, FINDING, FIX};
        row(sb, widths, List.of(List.of("AGENT"), List.of("RUNG"), List.of("SEVERITY"), List.of("FINDING"), List.of("FIX")));
        row(sb, widths, List.of(List.of("-".repeat(agentW)), List.of("-".repeat(rungW)), List.of("-".repeat(SEVERITY)),
                List.of("-".repeat(FINDING)), List.of("-".repeat(FIX))));
        for (Finding f : report.findings()) {
            List<String> rungs = new ArrayList<>();
            for (Rung r : f.rungs()) rungs.addAll(wrap(r.label(), rungW));
            if (rungs.isEmpty()) rungs.add("-");
            row(sb, widths, List.of(wrap(f.agent(), agentW), rungs, List.of(f.severity().wireName()),
                    wrap(f.message(), FINDING), wrap(f.fix(), FIX)));
        }
        sb.append('\n').append(summary(report)).append('\n');
        return sb.toString();
    }

    public static String summary(LintReport report) {
        long e = report.count(LintSeverity.ERROR);
        long w = report.count(LintSeverity.WARNING);
        long i = report.count(LintSeverity.INFO);
        return plural(e, "error") + ", " + plural(w, "warning") + ", " + i + " info";
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void row(StringBuilder sb, int[] widths, List<List<String>> cells) {
        int lines = cells.stream().mapToInt(List::size).max().orElse(1);
        for (int l = 0; l < lines; l++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cells.size(); c++) {
                String text = l < cells.get(c).size() ? cells.get(c).get(l) : "";
                line.append(text);
                if (c < cells.size() - 1) line.append(" ".repeat(Math.max(0, widths[c] - text.length()) + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** Greedy word wrap; a word longer than the width is cut. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : text.split(" ")) {
            while (word.length() > width) {
                if (cur.length() > 0) { out.add(cur.toString()); cur.setLength(0); }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(word);
        }
        if (cur.length() > 0 || out.isEmpty()) out.add(cur.toString());
        return out;
    }
}
