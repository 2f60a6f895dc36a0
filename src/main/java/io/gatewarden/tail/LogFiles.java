package io.gatewarden.tail;

import org.apache.commons.io.input.Tailer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The tailer's only door to the file system, so a test can make opening fail (a permission-denied file, say,
 * which root cannot produce with chmod). Handles are commons-io's {@link Tailer.RandomAccessResourceBridge}:
 * seek, read bytes, report the position — exactly what following a file needs.
 */
public interface LogFiles {

    /** Stats what the path names now (following symlinks). */
    FileStat stat(Path path) throws IOException;

    /** Opens the file read-only. */
    Tailer.RandomAccessResourceBridge open(Path path) throws IOException;

    static LogFiles local() {
        return LocalLogFiles.INSTANCE;
    }
}
