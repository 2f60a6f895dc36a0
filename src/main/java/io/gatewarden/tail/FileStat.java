package io.gatewarden.tail;

import java.nio.file.attribute.FileTime;

/**
 * What a path names right now. {@code fileKey} is the file's identity on its file system ("dev:ino" on Unix):
 * it survives renames, which is how a rotated file is recognised under its new name.
 */
public record FileStat(String fileKey, long size, FileTime lastModified) {}
