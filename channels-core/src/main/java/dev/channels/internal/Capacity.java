package dev.channels.internal;

/**
 * A channel's capacity: 0 (rendezvous), a bound, or {@link #UNLIMITED}. The checks on it are
 * written here once; the public builder and the engine's constructor both call them.
 *
 * <p><b>When changing this file</b>, run {@code CapacityTest} and {@code ChannelBadInputTest}.
 */
public final class Capacity {
    /** The capacity of a channel whose buffer has no bound. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private Capacity() {
    }

    /**
     * Checks that {@code capacity} is 0 or more.
     *
     * @return {@code capacity}
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static int check(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be 0 or more, was " + capacity);
        }
        return capacity;
    }

    /**
     * Checks that {@code overflow} fits {@code capacity}: the drop policies need a bounded buffer of
     * capacity 1 or more.
     *
     * @throws IllegalArgumentException naming the policy and the capacity otherwise
     */
    public static void checkOverflow(Overflow overflow, int capacity) {
        if (overflow != Overflow.BLOCK && (capacity == 0 || capacity == UNLIMITED)) {
            throw new IllegalArgumentException("overflow policy " + overflow + " needs a bounded capacity of 1 or more, was "
                    + (capacity == 0 ? "0 (rendezvous)" : "unlimited"));
        }
    }

    /** "rendezvous", "unlimited" or "buffered(n)". */
    public static String describe(int capacity) {
        return capacity == 0 ? "rendezvous" : capacity == UNLIMITED ? "unlimited" : "buffered(" + capacity + ")";
    }
}
