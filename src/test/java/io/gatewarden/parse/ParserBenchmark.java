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
 * {@code java -cp target/classes:target/test-classes:<jackson-core.jar> io.gatewarden.parse.ParserBenchmark [MB] [rounds] [string|bytes]}:
 * {@code string} times {@link OpenClawLineParser#parse(String)} (the daemon's tailer), {@code bytes} times
 * {@link OpenClawLineParser#parse(byte[], int, int)} on the lines' UTF-8 bytes (replay).
 */
public final class ParserBenchmark {
    public static void main(String[] args) {
        long targetBytes = (args.length > 0 ? Long.parseLong(args[0]) : 200) * 1_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean bytesMode = args.length > 2 && args[2].equals("bytes");
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
        byte[][] inputBytes = bytesMode ? lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new) : null;
        System.out.printf("mix: %d distinct lines, input: %d lines, %.1f MB, parse(%s)%n", mix.size(), input.length, bytes / 1e6,
                bytesMode ? "byte[], int, int" : "String");
        OpenClawLineParser parser = new OpenClawLineParser();
        long sink = 0;
        for (int r = 0; r < 2; r++) sink += bytesMode ? pass(parser, inputBytes) : pass(parser, input); // warm-up
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            sink += bytesMode ? pass(parser, inputBytes) : pass(parser, input);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
            double mbs = bytes / 1e6 / cpuSecs;
            best = Math.max(best, mbs);
            System.out.printf("round %d: cpu %.2f s -> %.0f MB/s, %.0f lines/s | wall %.2f s -> %.0f MB/s%n",
                    r + 1, cpuSecs, mbs, input.length / cpuSecs, wall, bytes / 1e6 / wall);
        }
        System.out.printf("best: %.0f MB/s per CPU second (sink %d)%n", best, sink);
    }

    private static long pass(OpenClawLineParser parser, byte[][] input) {
        long h = 0;
        for (byte[] line : input) h += parser.parse(line, 0, line.length).type().ordinal();
        return h;
    }

    private static long pass(OpenClawLineParser parser, String[] input) {
        long h = 0;
        for (String line : input) h += parser.parse(line).type().ordinal();
        return h;
    }
}
