package io.gatewarden.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewarden.secret.Hashes;
import io.gatewarden.state.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes value edits into the gateway's {@code openclaw.json} with care:
 * <ul>
 *   <li>the edit is a {@link Json5Editor} splice, so the diff is the changed values only;</li>
 *   <li>the file must be valid JSON5 and every value must still be what the caller based its decision on
 *       ({@link Change#expectedBefore}), otherwise nothing is written (an invalid or foreign edit is never
 *       overwritten blindly);</li>
 *   <li>the previous bytes go to a timestamped backup ({@code openclaw.json.gatewarden-bak.<UTC time>}, newest
 *       {@code keepBackups} kept), then the new text replaces the file by temp file + fsync + rename
 *       ({@link AtomicFiles}); the file's POSIX permissions are kept and a symlinked config is written at its target;</li>
 *   <li>a content change between our read and our rename (an editor, the gateway's own CLI) is detected by hash: we
 *       re-read, re-check the preconditions and try again (3 times), or refuse;</li>
 *   <li>every write, dry run and refusal is recorded in the {@link ConfigWriteLog} (the action journal).</li>
 * </ul>
 * A tiny window remains between our last hash check and the rename; no portable lock exists that OpenClaw honours.
 */
public final class GatewayConfigWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int ATTEMPTS = 3;

    private final Path configFile;
    private final ConfigWriteLog log;
    private final Clock clock;
    private final int keepBackups;
    private final Path backupDir;

    /** A read of the file: its text and content hash (what it means is {@link OpenClawConfigReader}'s to say). */
    public record Snapshot(Path file, String text, String sha256) {}

    /**
     * One value to set.
     *
     * @param expectedBefore the value the decision was based on; the write is refused when the file holds another
     *                       value now. Null skips the check.
     */
    public record Change(String path, JsonNode expectedBefore, JsonNode value) {}

    /** What to write and why (the why goes to the journal). */
    public record Request(String action, String actionId, String reason, String incidentId, List<Change> changes,
                         boolean dryRun, String basedOnSha256) {
        public Request {
            changes = List.copyOf(changes);
        }
    }

    /** What happened. {@code outcome}: written, dry_run, unchanged, restored. Refusals throw instead. */
    public record Result(String outcome, Path file, String beforeSha256, String afterSha256, Path backup,
                         List<ConfigWriteLog.Change> changes, Instant at, String newText) {
        public boolean written() {
            return "written".equals(outcome) || "restored".equals(outcome);
        }
    }

    public GatewayConfigWriter(Path configFile, ConfigWriteLog log, Clock clock, int keepBackups, Path backupDir) {
        this.configFile = configFile.toAbsolutePath();
        this.log = log == null ? ConfigWriteLog.NONE : log;
        this.clock = clock;
        this.keepBackups = Math.max(1, keepBackups);
        this.backupDir = backupDir;
    }

    public Path configFile() {
        return configFile;
    }

    /** Reads the config and checks it is JSON5 we can splice; throws {@link Json5EditException} (INVALID_DOCUMENT) when not. */
    public Snapshot read() throws IOException, Json5EditException {
        Path real = target();
        byte[] raw = Files.readAllBytes(real);
        String text = decode(raw, real);
        Json5Editor.parse(text);
        return new Snapshot(real, text, sha256(raw));
    }

    /** Applies the changes atomically, or refuses (exception, journalled) and leaves the file alone. */
    public Result apply(Request req) throws IOException, Json5EditException {
        Path real = target();
        String note = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            byte[] raw = Files.readAllBytes(real);
            String hash = sha256(raw);
            if (req.basedOnSha256() != null && !req.basedOnSha256().equals(hash) && note == null) {
                note = "file changed since the decision was made; re-read and re-checked";
            }
            String text;
            List<ConfigWriteLog.Change> done = new ArrayList<>();
            try {
                text = decode(raw, real);
                Json5Editor.parse(text);
                for (Change c : req.changes()) {
                    JsonNode current = Json5Editor.valueAt(text, c.path());
                    if (c.expectedBefore() != null && !c.expectedBefore().equals(current)) {
                        throw new Json5EditException(Json5EditException.Kind.PRECONDITION_FAILED, "config " + c.path()
                                + " is " + current + " now, not " + c.expectedBefore() + " as expected; someone else changed it");
                    }
                    if (current.equals(c.value())) continue;
                    text = Json5Editor.set(text, c.path(), c.value()).newText();
                    done.add(new ConfigWriteLog.Change(c.path(), current, c.value()));
                }
            } catch (Json5EditException e) {
                record(req, real, plannedChanges(req), "refused", null, e.getMessage());
                throw e;
            }
            if (done.isEmpty()) {
                record(req, real, done, "unchanged", null, note);
                return new Result("unchanged", real, hash, hash, null, done, clock.instant(), text);
            }
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            if (req.dryRun()) {
                record(req, real, done, "dry_run", null, note);
                return new Result("dry_run", real, hash, sha256(out), null, done, clock.instant(), text);
            }
            if (!sha256(Files.readAllBytes(real)).equals(hash)) {
                note = "file changed while we edited it (attempt " + attempt + "); re-read and re-checked";
                continue;
            }
            Path backup = writeBackup(real, raw);
            replace(real, out);
            record(req, real, done, "written", backup, note);
            return new Result("written", real, hash, sha256(out), backup, done, clock.instant(), text);
        }
        String msg = "config " + real + " kept changing while we tried to write it; gave up after " + ATTEMPTS + " attempts";
        record(req, real, plannedChanges(req), "refused", null, msg);
        throw new Json5EditException(Json5EditException.Kind.CONCURRENT_EDIT, msg);
    }

    /**
     * Puts a backup back, but only when the file still holds exactly what we wrote ({@code expectedCurrentSha256});
     * a newer edit by someone else is never overwritten.
     */
    public Result restore(Path backup, String expectedCurrentSha256, String action, String actionId, String reason,
                          String incidentId) throws IOException, Json5EditException {
        Path real = target();
        byte[] current = Files.readAllBytes(real);
        byte[] previous = Files.readAllBytes(backup);
        Request req = new Request(action, actionId, reason, incidentId, List.of(), false, expectedCurrentSha256);
        String curHash = sha256(current);
        List<ConfigWriteLog.Change> diff = diffOfKnownPaths(current, previous);
        if (!curHash.equals(expectedCurrentSha256)) {
            String msg = "config " + real + " changed since our write; not restoring " + backup + " over it";
            record(req, real, diff, "restore_refused", backup, msg);
            throw new Json5EditException(Json5EditException.Kind.CONCURRENT_EDIT, msg);
        }
        try {
            Json5Editor.parse(decode(previous, backup));
        } catch (Json5EditException e) {
            record(req, real, diff, "restore_refused", backup, "backup is not valid JSON5: " + e.getMessage());
            throw e;
        }
        replace(real, previous);
        record(req, real, diff, "restored", backup, null);
        return new Result("restored", real, curHash, sha256(previous), backup, diff, clock.instant(), null);
    }

    /** Undoes journalled changes: sets each path back to its {@code before}, if it still holds our {@code after}. */
    public Result undo(List<ConfigWriteLog.Change> changes, String actionId, String reason, boolean dryRun)
            throws IOException, Json5EditException {
        List<Change> back = new ArrayList<>();
        for (ConfigWriteLog.Change c : changes) back.add(new Change(c.path(), c.after(), c.before()));
        return apply(new Request("undo", actionId, reason, null, back, dryRun, null));
    }

    // ------------------------------------------------------------------ internals

    private Path target() throws IOException {
        // A symlinked openclaw.json (dotfile managers) is edited at its target; renaming over the link would replace it.
        return Files.exists(configFile) ? configFile.toRealPath() : configFile;
    }

    private void replace(Path real, byte[] content) throws IOException {
        Set<PosixFilePermission> perms = null;
        try {
            perms = Files.getPosixFilePermissions(real);
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system: the temp file's defaults stay
        }
        cleanStaleTemps(real);
        AtomicFiles.write(real, content);
        if (perms != null) {
            try {
                Files.setPosixFilePermissions(real, perms);
            } catch (IOException ignored) {
                // the new file keeps the temp file's owner-only permissions, which is the safer side
            }
        }
    }

    /** Temp files left by a write that was killed (kill -9 skips AtomicFiles' cleanup). */
    private static void cleanStaleTemps(Path real) {
        String prefix = "." + real.getFileName() + ".";
        FileTime cutoff = FileTime.from(Instant.now().minusSeconds(60));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(real.getParent(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : ds) {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another process cleaned it
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private Path writeBackup(Path real, byte[] previous) throws IOException {
        Path dir = backupDir != null ? backupDir : real.getParent();
        Files.createDirectories(dir);
        String base = real.getFileName() + ".gatewarden-bak.";
        String stamp = STAMP.format(clock.instant());
        Path backup = dir.resolve(base + stamp);
        for (int i = 1; Files.exists(backup); i++) backup = dir.resolve(base + stamp + "-" + String.format("%03d", i));
        AtomicFiles.write(backup, previous);
        pruneBackups(dir, base);
        return backup;
    }

    private void pruneBackups(Path dir, String base) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(base)
                && !p.getFileName().toString().endsWith(".tmp"))) {
            ds.forEach(all::add);
        }
        all.sort(Comparator.comparing((Path p) -> p.getFileName().toString()));
        for (int i = 0; i < all.size() - keepBackups; i++) Files.deleteIfExists(all.get(i));
    }

    private void record(Request req, Path real, List<ConfigWriteLog.Change> changes, String outcome, Path backup, String detail) {
        try {
            log.record(new ConfigWriteLog.Record(clock.instant(), req.action(), req.actionId(), req.reason(), req.incidentId(),
                    real, changes, req.dryRun(), outcome, backup, detail));
        } catch (RuntimeException e) {
            // the result must describe what happened to the file; a journal that cannot be written is reported, not fatal here
            System.getLogger(GatewayConfigWriter.class.getName()).log(System.Logger.Level.ERROR,
                    "config write " + outcome + " on " + real + " could not be journalled: " + e.getMessage());
        }
    }

    private static List<ConfigWriteLog.Change> plannedChanges(Request req) {
        List<ConfigWriteLog.Change> out = new ArrayList<>();
        for (Change c : req.changes()) out.add(new ConfigWriteLog.Change(c.path(), c.expectedBefore(), c.value()));
        return out;
    }

    /** For a restore's journal line: the model values that differ between the two versions, when both parse. */
    private static List<ConfigWriteLog.Change> diffOfKnownPaths(byte[] current, byte[] previous) {
        List<ConfigWriteLog.Change> out = new ArrayList<>();
        String cur = new String(current, StandardCharsets.UTF_8);
        String prev = new String(previous, StandardCharsets.UTF_8);
        for (String p : List.of("agents.defaults.model.primary", "agents.defaults.model.fallbacks", "agents.defaults.model")) {
            try {
                JsonNode a = Json5Editor.valueAt(cur, p);
                JsonNode b = Json5Editor.valueAt(prev, p);
                if (p.endsWith(".model") && (a.isObject() || b.isObject())) continue; // covered by the two above
                if (!Objects.equals(a, b)) out.add(new ConfigWriteLog.Change(p, a, b));
            } catch (Json5EditException | RuntimeException ignored) {
                // absent or unreadable in one version: the diff is only a courtesy for the journal
            }
        }
        return out;
    }

    static String decode(byte[] raw, Path file) throws Json5EditException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new Json5EditException(Json5EditException.Kind.INVALID_DOCUMENT, file + " is not UTF-8 text");
        }
    }

    public static String sha256(byte[] data) {
        return Hashes.sha256Hex(data);
    }
}
