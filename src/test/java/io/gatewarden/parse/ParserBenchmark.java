package io.gatewarden.parse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of {@link OpenClawLineParser} on a realistic mix: every JSON fixture line (info and debug
 * slices and the full run), repeated as fresh String copies up to ~200 MB of UTF-8. Throughput is given per
 * second of this thread's CPU time (what one core does, even on a busy machine) and per wall-clock second.
 * Not a test: run it by hand from the project root, e.g.
 * {@code java -cp target/classes:target/test-classes:<jackson-core.jar> io.gatewarden.parse.ParserBenchmark [MB] [rounds]}.
 */
public final class ParserBenchmark {
    public static void main(String[] args) {
        long targetBytes = (args.length > 0 ? Long.parseLong(args[0]) : 200) * 1_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> mix = new ArrayList<>();
        for (String f : Fixtures.jsonFiles()) mix.addAll(Fixtures.lines(f));
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        while (bytes < targetBytes) {
            for (String l : mix) {
                lines.add(new String(l.toCharArray())); // a fresh copy: no cache-hot repeats of one object
                bytes += l.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        String[] input = lines.toArray(String[]::new);
        System.out.printf("mix: %d distinct lines, input: %d lines, %.1f MB%n", mix.size(), input.length, bytes / 1e6);
        OpenClawLineParser parser = new OpenClawLineParser();
        long sink = 0;
        for (int r = 0; r < 2; r++) sink += pass(parser, input); // warm-up
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += pass(parser, input);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            double mbs = bytes / 1e6 / cpuSecs;
            best = Math.max(best, mbs);
            System.out.printf("round %d: cpu %.2f s -> %.0f MB/s, %.0f lines/s | wall %.2f s -> %.0f MB/s%n",
                    r + 1, cpuSecs, mbs, input.length / cpuSecs, wall, bytes / 1e6 / wall);
        }
        System.out.printf("best: %.0f MB/s per CPU second (sink %d)%n", best, sink);
    }

    private static long pass(OpenClawLineParser parser, String[] input) {
        long h = 0;
        for (String line : input) h += parser.parse(line).type().ordinal();
        return h;
    }
}
