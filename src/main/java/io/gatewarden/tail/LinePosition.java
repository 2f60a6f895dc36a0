package io.gatewarden.tail;

import java.nio.file.Path;

/**
 * Where a line sits: the file it came from ({@code fileKey} is the file's identity, stable across renames),
 * the name the file had when the line was read, and the byte range {@code [offset, nextOffset)} the line
 * occupied including its line terminator. {@code nextOffset} is where the next line starts, so a checkpoint
 * at {@code nextOffset} means "everything up to and including this line is done".
 * For a {@code .gz} file read by {@link LogSetReader}, offsets count uncompressed bytes.
 */
public record LinePosition(String fileKey, Path path, long offset, long nextOffset) {
    public LinePosition {
        if (offset < 0 || nextOffset < offset) {
            throw new IllegalArgumentException("bad line range [" + offset + ", " + nextOffset + ")");
        }
    }
}
