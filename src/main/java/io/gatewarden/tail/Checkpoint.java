package io.gatewarden.tail;

/**
 * Where reading of one file resumes.
 *
 * @param fileKey     the file's identity ("dev:ino"), stable across renames
 * @param path        the name it had when the checkpoint was taken (used to find it if it was rotated out of the
 *                    globs while gatewarden was down)
 * @param offset      the byte offset just past the last line the sink accepted
 * @param headLength  how many first bytes {@code headSha256} covers (up to 1 KiB)
 * @param headSha256  sha-256 (hex) of the file's first {@code headLength} bytes: a recycled inode, or a file
 *                    truncated and rewritten while we were down, has other first bytes and is read from 0
 */
public record Checkpoint(String fileKey, String path, long offset, int headLength, String headSha256) {
    public Checkpoint {
        if (fileKey == null || fileKey.isBlank()) throw new IllegalArgumentException("checkpoint without file_key");
        if (offset < 0 || headLength < 0) throw new IllegalArgumentException("negative checkpoint offset");
    }
}
