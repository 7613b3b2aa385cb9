package dev.channels.internal;

/**
 * What a send on a full buffer does: the engine's side of {@code dev.channels.OverflowPolicy},
 * constant for constant (the engine does not depend on the public package). The drop policies need
 * a bounded buffer of capacity 1 or more ({@link Capacity#checkOverflow}).
 *
 * <p><b>When changing this file</b>, run {@code OverflowPolicyTest} and {@code CapacityTest}, then
 * {@code ChannelLincheckTryOpsTest} (both drop policies).
 */
public enum Overflow {
    /** The sender waits. */
    BLOCK,
    /** The oldest buffered value is discarded to make room. */
    DROP_OLDEST,
    /** The value being sent is discarded. */
    DROP_NEWEST
}
