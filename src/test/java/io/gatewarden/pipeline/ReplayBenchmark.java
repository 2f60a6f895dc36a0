package io.gatewarden.pipeline;

import io.gatewarden.config.GatewardenConfig;
import io.gatewarden.incident.IncidentListener;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole replay path (read, parse, detect, track) over one log, several times in one JVM, so the steady state can be
 * told from JIT warm-up. CPU seconds are the process's (all threads: parse pool, GC, JIT), which on a busy machine say
 * more than wall time. Not a test: run it by hand from the project root, e.g.
 * {@code java -cp target/classes:target/test-classes:'target/quarkus-app/lib/main/*' io.gatewarden.pipeline.ReplayBenchmark FILE [rounds] [parseThreads]}
 * (under {@code taskset -c 0} for one core).
 */
public final class ReplayBenchmark {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        GatewardenConfig cfg = GatewardenConfig.defaults();
        for (int r = 1; r <= rounds; r++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Replay.Result res = Replay.run(cfg.pipeline(), List.of(file), new IncidentListener() {}, threads);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            double mb = res.read().bytes() / 1e6;
            System.out.printf("round %d: %,d lines, %.1f MB, %d incidents | wall %.2f s = %.1f MB/s | cpu %.2f s = %.1f MB per cpu-s | load %.2f%n",
                    r, res.read().lines(), mb, res.incidents().size(), wall, mb / wall, cpu, mb / cpu, os.getSystemLoadAverage());
        }
        threadTimes();
    }

    /** CPU seconds per thread name (Linux /proc), JIT compiler and GC threads included: where the CPU went. */
    private static void threadTimes() throws java.io.IOException {
        Path tasks = Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) return;
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        try (var ds = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (Path t : ds) {
                String stat = java.nio.file.Files.readString(t.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double secs = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
                byName.merge(name, secs, Double::sum);
            }
        }
        StringBuilder sb = new StringBuilder("cpu by thread:");
        byName.forEach((n, s) -> { if (s >= 0.05) sb.append(String.format(" %s=%.2f", n, s)); });
        System.out.println(sb);
    }
}
