package io.gatewarden.incident;

/** Receives incident lifecycle changes. Called on the detection thread: implementations must not block. */
public interface IncidentListener {
    default void opened(Incident incident) {}

    /** A repeat extended an open incident (more occurrences, new evidence or higher severity). */
    default void updated(Incident incident) {}

    default void resolved(Incident incident) {}
}
