package io.gatewarden.gateway.restart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the gateway's process by pidfile or by process name, through {@link ProcessHandle} and /proc.
 * A name matches /proc/PID/comm (Linux keeps 15 bytes of a process title: "openclaw-gatewa") or the
 * basename of argv[0] (Node rewrites argv to its process.title). When several processes match, only the
 * topmost one (whose parent does not match) is taken; if that is still ambiguous we refuse: signalling the
 * wrong process is worse than not signalling.
 */
public class GatewayProcessFinder {
    private static final int COMM_LENGTH = 15;

    private final Path pidfile;
    private final String processName;
    private final Path procRoot;

    public GatewayProcessFinder(Path pidfile, String processName) {
        this(pidfile, processName, Path.of("/proc"));
    }

    GatewayProcessFinder(Path pidfile, String processName, Path procRoot) {
        this.pidfile = pidfile;
        this.processName = processName;
        this.procRoot = procRoot;
    }

    /**
     * What a lookup found.
     *
     * @param process the one live gateway process, if found
     * @param gone    true when no such process runs (false when several match: something runs, we cannot say which)
     * @param detail  for journals: which pid, or why none (missing or bad pidfile, dead pid, ambiguous name)
     */
    public record Lookup(Optional<ProcessHandle> process, boolean gone, String detail) {
        public boolean found() {
            return process.isPresent();
        }

        static Lookup of(ProcessHandle p, String detail) {
            return new Lookup(Optional.of(p), false, detail);
        }

        static Lookup none(String detail) {
            return new Lookup(Optional.empty(), true, detail);
        }
    }

    public Lookup find() {
        if (pidfile != null) {
            Lookup byPidfile = byPidfile();
            if (byPidfile.found() || processName == null) return byPidfile;
        }
        if (processName != null) return byName();
        return new Lookup(Optional.empty(), false, "no pidfile or process name configured");
    }

    private Lookup byPidfile() {
        String text;
        try {
            text = Files.readString(pidfile, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Lookup.none("pidfile " + pidfile + " does not exist");
        } catch (IOException e) {
            return new Lookup(Optional.empty(), false, "cannot read pidfile " + pidfile + ": " + e.getMessage());
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Lookup.none("pidfile " + pidfile + " does not hold a pid");
        }
        if (pid <= 1) return Lookup.none("pidfile " + pidfile + " holds pid " + pid + ", refusing it");
        Optional<ProcessHandle> ph = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return ph.map(p -> Lookup.of(p, "pid " + pid + " from " + pidfile))
                .orElseGet(() -> Lookup.none("pid " + pid + " from " + pidfile + " is not running"));
    }

    private Lookup byName() {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> matches = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive() && nameMatches(p.pid()))
                .collect(Collectors.toList());
        if (matches.isEmpty()) return Lookup.none("no process named " + processName);
        Set<Long> pids = matches.stream().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<ProcessHandle> top = matches.stream()
                .filter(p -> p.parent().map(pp -> !pids.contains(pp.pid())).orElse(true))
                .collect(Collectors.toList());
        if (top.size() != 1) {
            return new Lookup(Optional.empty(), false, top.size() + " processes named " + processName + " ("
                    + top.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "))
                    + "); set restart.pidfile to say which");
        }
        return Lookup.of(top.get(0), "pid " + top.get(0).pid() + " named " + processName);
    }

    boolean nameMatches(long pid) {
        Path dir = procRoot.resolve(Long.toString(pid));
        String comm = read(dir.resolve("comm"));
        if (comm != null) {
            String want = processName.length() > COMM_LENGTH ? processName.substring(0, COMM_LENGTH) : processName;
            if (comm.strip().equals(want)) return true;
        }
        String cmdline = read(dir.resolve("cmdline"));
        if (cmdline != null && !cmdline.isEmpty()) {
            int nul = cmdline.indexOf('\0');
            String argv0 = (nul < 0 ? cmdline : cmdline.substring(0, nul)).strip();
            int slash = argv0.lastIndexOf('/');
            return (slash < 0 ? argv0 : argv0.substring(slash + 1)).equals(processName);
        }
        return false;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
