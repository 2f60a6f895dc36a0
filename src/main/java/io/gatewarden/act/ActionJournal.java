package io.gatewarden.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewarden.state.StateJson;
import io.gatewarden.gateway.ConfigWriteLog;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The action journal: one JSON object per line ({@link JournalEntry}), appended and fsynced before the call
 * returns, so a decision is on disk before its effect is. When the file passes {@code maxBytes} it is renamed to
 * {@code <file>.1} (one generation kept) and a new file is started. A line cut short by a crash is skipped on read,
 * and the next append starts on a fresh line.
 */
public final class ActionJournal implements ConfigWriteLog, Closeable {
    private static final ObjectMapper JSON = StateJson.mapper();

    private final Path file;
    private final long maxBytes;
    private final Clock clock;
    private FileChannel channel;
    private final List<java.util.function.Consumer<JournalEntry>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ActionJournal(Path file, long maxBytes, Clock clock) {
        this.file = file.toAbsolutePath();
        this.maxBytes = Math.max(4096, maxBytes);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Hears every entry once it is on disk (metrics count actions taken and declined); must not block. */
    public void addListener(java.util.function.Consumer<JournalEntry> listener) {
        listeners.add(listener);
    }

    /** Appends one entry (an id and the time are filled in when missing) and returns it as written. */
    public synchronized JournalEntry append(JournalEntry entry) {
        JournalEntry e = entry.withIdAndTime(UUID.randomUUID().toString().substring(0, 13), clock.instant());
        byte[] line;
        try {
            line = (JSON.writeValueAsString(e) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("journal entry not serializable", ex);
        }
        try {
            FileChannel ch = open();
            if (ch.size() > 0 && ch.size() + line.length > maxBytes) {
                rotate();
                ch = open();
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            long pos = ch.size(); // single writer (this lock): append at the end
            while (buf.hasRemaining()) pos += ch.write(buf, pos);
            ch.force(false);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to action journal " + file, ex);
        }
        for (var l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ignored) {
                // a listener's failure must not undo or hide a journalled decision
            }
        }
        return e;
    }

    /** {@link ConfigWriteLog}: a config write becomes a journal line of decision "result". */
    @Override
    public void record(ConfigWriteLog.Record r) {
        append(JournalEntry.builder(r.action(), "result", r.outcome())
                .time(r.time()).actionId(r.actionId()).reason(r.reason()).incidentId(r.incidentId())
                .file(r.file() == null ? null : r.file().toString()).changes(r.changes()).dryRun(r.dryRun())
                .backup(r.backup() == null ? null : r.backup().toString()).detail(r.detail()).build());
    }

    /** Every readable entry, oldest first (the rotated generation, then the current file). */
    public synchronized List<JournalEntry> readAll() {
        List<JournalEntry> out = new ArrayList<>();
        readInto(rotated(), out);
        readInto(file, out);
        return out;
    }

    /** The newest {@code n} entries, oldest first. */
    public List<JournalEntry> recent(int n) {
        List<JournalEntry> all = readAll();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    private static void readInto(Path p, List<JournalEntry> out) {
        if (!Files.exists(p)) return;
        try {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    out.add(JSON.readValue(line, JournalEntry.class));
                } catch (JsonProcessingException partial) {
                    // a line cut short by a crash: skipped, the rest is still readable
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read action journal " + p, e);
        }
    }

    private FileChannel open() throws IOException {
        if (channel != null && channel.isOpen()) return channel;
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = channel.size();
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') channel.write(ByteBuffer.wrap(new byte[]{'\n'}), size); // end a torn line
        }
        return channel;
    }

    private void rotate() throws IOException {
        close();
        Files.move(file, rotated(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path rotated() {
        return file.resolveSibling(file.getFileName() + ".1");
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to flush: every append was forced
            }
            channel = null;
        }
    }
}
