package io.gatewarden.testsupport.cycles.left;

import io.gatewarden.testsupport.cycles.right.Right;

/** Half of a deliberate package cycle: proves {@code PackageCyclesTest}'s rule fails on one. */
public final class Left {
    public Right right() { return new Right(); }
}
