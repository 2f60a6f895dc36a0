package io.gatewarden.gateway.restart;


/**
 * What the restarter needs from the shared action guards: the global dry-run switch, the action journal, and
 * the "one action in flight per gateway" lock that it shares with primary switches. The lead binds this to
 * {@code act.ActionGuard}/{@code ActionJournal}; {@link #standalone(boolean)} is enough on its own.
 */
public interface RestartGuard {

    /** Global dry-run: decide and journal, change nothing. */
    boolean dryRun();

    /** Records a decision, taken or declined, with its reason. Must not throw. */
    void journal(RestartDecision decision);

    /** Claims the gateway for one action; false when another action (e.g. a primary switch) holds it. */
    default boolean tryBegin(String gateway, String action) {
        return true;
    }

    /** Releases what {@link #tryBegin} claimed. */
    default void end(String gateway, String action) {}

    /** A guard that only logs decisions; in-flight exclusion is then the restarter's own. */
    static RestartGuard standalone(boolean dryRun) {
        System.Logger log = System.getLogger(RestartGuard.class.getName());
        return new RestartGuard() {
            @Override public boolean dryRun() { return dryRun; }

            @Override public void journal(RestartDecision d) {
                log.log(d.outcome().acted() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, () -> "restart decision: gateway=" + d.gateway()
                        + " trigger=" + d.trigger().wireName() + " outcome=" + d.outcome().wireName()
                        + " strategy=" + d.strategy() + " reason=" + d.reason());
            }
        };
    }
}
