package io.gatewarden.tail;

import org.apache.commons.io.input.Tailer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** {@link LogFiles} on the real file system. */
final class LocalLogFiles implements LogFiles {
    static final LocalLogFiles INSTANCE = new LocalLogFiles();
    private static volatile boolean unixViewMissing;

    private LocalLogFiles() {}

    @Override
    public FileStat stat(Path path) throws IOException {
        if (!unixViewMissing) {
            try {
                Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
                return new FileStat(a.get("dev") + ":" + a.get("ino"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                unixViewMissing = true; // not a Unix file system: fall back to the portable file key
            }
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        Object key = a.fileKey();
        String id = key != null ? key.toString() : "path:" + path.toAbsolutePath().normalize();
        return new FileStat(id, a.size(), a.lastModifiedTime());
    }

    @Override
    public Tailer.RandomAccessResourceBridge open(Path path) throws IOException {
        return new Bridge(new RandomAccessFile(path.toFile(), "r"));
    }

    /** commons-io keeps its RandomAccessFile bridge private, so this is the same few lines. */
    private static final class Bridge implements Tailer.RandomAccessResourceBridge {
        private final RandomAccessFile file;

        Bridge(RandomAccessFile file) {
            this.file = file;
        }

        @Override public long getPointer() throws IOException { return file.getFilePointer(); }
        @Override public int read(byte[] b) throws IOException { return file.read(b); }
        @Override public void seek(long pos) throws IOException { file.seek(pos); }
        @Override public void close() throws IOException { file.close(); }
    }
}
