package io.gatewarden.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a state dir stop taking writes mid-run, and take them again. The real thing where the test may mount (root on
 * Linux): the dir is a 256 KiB tmpfs that is filled up (ENOSPC) or remounted read-only (EROFS). Where mounting is not
 * permitted: chmod 0500 for a non-root user, or, for root (whom permissions do not stop), the dir is moved aside and a
 * plain file put in its place, so every write below it fails.
 */
abstract class StateDirFault implements AutoCloseable {
    /** FULL and READ_ONLY use a tmpfs where the test may mount, a fallback elsewhere; REPLACED_BY_FILE is the fallback itself. */
    enum Kind { FULL, READ_ONLY, REPLACED_BY_FILE }

    final Path dir;
    final boolean mounted;

    private StateDirFault(Path dir, boolean mounted) {
        this.dir = dir;
        this.mounted = mounted;
    }

    static StateDirFault of(Kind kind, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (kind == Kind.REPLACED_BY_FILE) return new ReplacedByFile(dir);
        if (run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", dir.toString())) {
            return kind == Kind.FULL ? new Full(dir) : new ReadOnly(dir);
        }
        return isRoot() ? new ReplacedByFile(dir) : new NoPermission(dir);
    }

    /** What the OS says while the fault lasts (null where it depends on the fallback). */
    abstract String reason();

    abstract void inject() throws IOException;

    abstract void heal() throws IOException;

    String describe() {
        return getClass().getSimpleName() + (mounted ? " on tmpfs" : " (fallback: mount not permitted)");
    }

    @Override
    public void close() {
        if (mounted) run("umount", "-l", dir.toString());
    }

    static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return "0".equals(out);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** tmpfs filled to the last byte by one big file; healing deletes it. */
    static final class Full extends StateDirFault {
        private final Path filler;

        Full(Path dir) {
            super(dir, true);
            filler = dir.resolve("filler.bin");
        }

        @Override String reason() { return "No space left on device"; }

        @Override
        void inject() throws IOException {
            byte[] chunk = new byte[4096];
            try (OutputStream out = Files.newOutputStream(filler)) {
                for (int i = 0; i < 1024; i++) out.write(chunk); // at most 4 MiB: far more than the 256 KiB there are
                throw new IllegalStateException("the tmpfs at " + dir + " took 4 MiB: its size limit does not hold");
            } catch (IOException expected) {
                // ENOSPC: the disk is full
            }
        }

        @Override
        void heal() throws IOException {
            Files.deleteIfExists(filler);
        }
    }

    /** tmpfs remounted read-only (as a failing disk gets remounted by the kernel), then read-write again. */
    static final class ReadOnly extends StateDirFault {
        ReadOnly(Path dir) {
            super(dir, true);
        }

        @Override String reason() { return "Read-only file system"; }

        @Override
        void inject() {
            if (!run("mount", "-o", "remount,ro", dir.toString())) throw new IllegalStateException("cannot remount " + dir + " read-only");
        }

        @Override
        void heal() {
            if (!run("mount", "-o", "remount,rw", dir.toString())) throw new IllegalStateException("cannot remount " + dir + " read-write");
        }
    }

    static final class NoPermission extends StateDirFault {
        NoPermission(Path dir) {
            super(dir, false);
        }

        @Override String reason() { return "Permission denied"; }

        @Override
        void inject() throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
        }

        @Override
        void heal() throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    static final class ReplacedByFile extends StateDirFault {
        private final Path aside;

        ReplacedByFile(Path dir) {
            super(dir, false);
            aside = dir.resolveSibling(dir.getFileName() + ".aside");
        }

        @Override String reason() { return null; }

        @Override
        void inject() throws IOException {
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir, "not a directory");
        }

        @Override
        void heal() throws IOException {
            Files.delete(dir);
            Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
