package io.gatewarden.testsupport.cycles.right;

/** The other half of the deliberate cycle: reaches back by a fully qualified name, not an import. */
public final class Right {
    public Object left() { return new io.gatewarden.testsupport.cycles.left.Left(); }
}
