package io.gatewarden.demo;

import io.gatewarden.act.ActionListener;
import io.gatewarden.act.ActionOutcome;
import io.gatewarden.act.PrimarySwitcher;
import io.gatewarden.breaker.BreakerListener;
import io.gatewarden.breaker.BreakerStatus;
import io.gatewarden.breaker.BreakerTransition;
import io.gatewarden.time.Durations;
import io.gatewarden.incident.Incident;
import io.gatewarden.incident.IncidentListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Tells the demo's story on the console: what the simulated gateway logs ({@code [gateway]}), what happens at the
 * providers ({@code [provider]}), and what gatewarden decides ({@code [gatewarden]}: incidents, breakers, actions,
 * heard as a listener on the real daemon). Alerts are printed by gatewarden's own console receiver ({@code [alert]}).
 * Every line is written whole under the stream's lock, so nothing interleaves mid-line.
 */
final class Narrator implements IncidentListener, BreakerListener, ActionListener {
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String BOLD = "\u001b[1m";
    private static final String CYAN = "\u001b[1;36m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";

    private final PrintStream out;
    private final boolean color;
    private volatile long startNanos = System.nanoTime();
    private volatile boolean gatewayMuted;

    Narrator(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    /** Colors only on a terminal that wants them (https://no-color.org). */
    static boolean colorWanted() {
        return System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    }

    // ------------------------------------------------------------------ story lines

    /** Chapter times count from here. */
    void restartClock() {
        startNanos = System.nanoTime();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** After the story the gateway keeps logging to its file, but the console shows only gatewarden. */
    void muteGateway() {
        gatewayMuted = true;
    }

    void chapter(int n, int of, String title) {
        long s = elapsed().toSeconds();
        String head = String.format("── %d:%02d  %d/%d  %s ", s / 60, s % 60, n, of, title);
        print("", paint(BOLD, head + "─".repeat(Math.max(3, 100 - head.length()))));
    }

    void gateway(String logLine) {
        if (gatewayMuted) return;
        String view = LineView.render(logLine);
        print(paint(DIM, "[gateway]    "), view.startsWith("ERROR") ? paint(RED, view) : view);
    }

    void provider(String text) {
        print(paint(YELLOW, "[provider]   "), text);
    }

    void gatewarden(String text) {
        print(paint(CYAN, "[gatewarden] "), text);
    }

    void say(String text) {
        print("", text);
    }

    void blank() {
        print("", "");
    }

    String bold(String s) {
        return paint(BOLD, s);
    }

    private String paint(String code, String s) {
        return color ? code + s + RESET : s;
    }

    private void print(String tag, String text) {
        synchronized (out) {
            out.println(tag + text);
            out.flush();
        }
    }

    // ------------------------------------------------------------------ gatewarden, as a listener on the daemon

    @Override
    public void opened(Incident i) {
        gatewarden("INCIDENT OPENED   " + i.type().wireName() + " (" + i.severity().name().toLowerCase() + ")"
                + where(i.labels()) + " — " + i.summary());
    }

    @Override
    public void resolved(Incident i) {
        Duration lasted = i.endsAt() == null ? Duration.ZERO : Duration.between(i.startsAt(), i.endsAt());
        gatewarden("incident resolved " + i.type().wireName() + where(i.labels()) + " — quiet again; lasted "
                + Durations.format(lasted.withNanos(0)) + ", " + i.occurrences() + " occurrence(s)");
    }

    @Override
    public void onTransition(BreakerTransition t) {
        String to = t.to() == BreakerStatus.OPEN ? "OPEN" : t.to().wireName();
        gatewarden("BREAKER " + t.key().modelRef() + " [" + t.key().profile() + "] " + t.from().wireName() + " → " + to
                + ": " + t.why());
    }

    @Override
    public void onOutcome(ActionOutcome o) {
        String what = switch (o.action()) {
            case PrimarySwitcher.SWITCH -> "SWITCH PRIMARY";
            case PrimarySwitcher.FAIL_BACK -> "FAIL BACK";
            default -> o.action().toUpperCase().replace('_', ' ');
        };
        String move = o.from() + " → " + o.to();
        switch (o.outcome()) {
            case "written" -> {
                gatewarden(what + " " + move + ": edited agents.defaults.model.primary in openclaw.json (a backup was taken);"
                        + " waiting for the gateway to apply it");
                gatewarden("    why: " + o.reason());
            }
            case "confirmed" -> gatewarden(what + " " + move + " CONFIRMED: the gateway logged 'config hot reload applied'"
                    + (o.triggerToConfirm() == null ? "" : " — " + millis(o.triggerToConfirm()) + " from trigger to confirmation"));
            default -> gatewarden(what + " " + move + ": " + o.outcome() + (o.reason() == null ? "" : " — " + o.reason()));
        }
    }

    private static String where(Map<String, String> labels) {
        String p = labels.get("provider");
        String m = labels.get("model");
        if (p != null && m != null) return " " + (m.startsWith(p + "/") ? m : p + "/" + m);
        if (p != null) return " provider " + p;
        return "";
    }

    private static String millis(Duration d) {
        return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : Durations.format(d.withNanos(0));
    }
}
