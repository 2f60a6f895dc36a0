package io.gatewarden.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Child-JVM kill tests pack class folders into jars, because AppCDS archives only classes loaded from jars. */
public final class ClasspathJars {
    private ClasspathJars() {}

    /** Packs every file under {@code root} (or only the one named {@code only}, relative, '/'-separated) into {@code out}. */
    public static Path jar(Path root, Path out, String only) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(os);
             Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(f).toString().replace(File.separatorChar, '/');
                if (only != null && !name.equals(only)) continue;
                jar.putNextEntry(new JarEntry(name));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return out;
    }
}
