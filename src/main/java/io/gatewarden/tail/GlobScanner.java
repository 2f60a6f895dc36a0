package io.gatewarden.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands file globs ({@code /tmp/openclaw/openclaw-*.log}, {@code /var/log/**}{@code /*.log}) into the regular files
 * they name. Only the folder part after the first wildcard is walked; a folder that does not exist yet is no error
 * (the gateway may not have started), any other listing failure is reported so callers can tell a complete scan
 * from a partial one.
 */
final class GlobScanner {

    record Result(List<Path> files, List<String> errors) {
        boolean complete() {
            return errors.isEmpty();
        }
    }

    private record Glob(Path base, PathMatcher matcher, int depth, Path literal) {}

    private final List<Glob> globs = new ArrayList<>();

    GlobScanner(List<String> patterns) {
        for (String pattern : patterns) globs.add(compile(pattern));
    }

    private static Glob compile(String pattern) {
        Path abs = Path.of(pattern).toAbsolutePath().normalize();
        int firstWild = -1;
        for (int i = 0; i < abs.getNameCount(); i++) {
            if (hasWildcard(abs.getName(i).toString())) {
                firstWild = i;
                break;
            }
        }
        if (firstWild < 0) return new Glob(null, null, 0, abs);
        Path base = abs.getRoot() == null ? Path.of("") : abs.getRoot();
        for (int i = 0; i < firstWild; i++) base = base.resolve(abs.getName(i));
        int remaining = abs.getNameCount() - firstWild;
        boolean deep = abs.subpath(firstWild, abs.getNameCount()).toString().contains("**");
        // glob syntax needs '/' separators; on Unix the absolute path string is already in that form
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
        return new Glob(base, m, deep ? Integer.MAX_VALUE : remaining, null);
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** The folders the globs look into (a glob's folder before its first wildcard; a plain path's folder). */
    Set<Path> folders() {
        Set<Path> out = new LinkedHashSet<>();
        for (Glob g : globs) {
            Path f = g.literal() != null ? g.literal().getParent() : g.base();
            if (f != null) out.add(f);
        }
        return out;
    }

    Result scan() {
        Set<Path> found = new LinkedHashSet<>();
        List<String> errors = new ArrayList<>();
        for (Glob g : globs) {
            try {
                if (g.literal() != null) {
                    if (Files.isRegularFile(g.literal())) found.add(g.literal());
                } else if (g.depth() == 1) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(g.base())) {
                        for (Path p : ds) {
                            if (g.matcher().matches(p) && Files.isRegularFile(p)) found.add(p);
                        }
                    }
                } else {
                    try (Stream<Path> s = Files.walk(g.base(), g.depth())) {
                        s.filter(p -> g.matcher().matches(p) && Files.isRegularFile(p)).forEach(found::add);
                    }
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                // nothing there yet
            } catch (IOException | UncheckedIOException | SecurityException e) {
                errors.add((g.base() != null ? g.base() : g.literal()) + ": " + e);
            }
        }
        return new Result(new ArrayList<>(found), errors);
    }
}
