package dev.channels.internal;

/**
 * How long a thread that is about to wait on a channel spins first, learned per channel.
 *
 * <p>Parking and waking a thread costs microseconds, and for a virtual thread it also allocates in
 * the scheduler; a counterpart that is running on another core usually arrives sooner. But a spin
 * holds a carrier that other virtual threads may need, so spinning pays only when counterparts are
 * running. The channel therefore keeps a budget: a spin that ends because the awaited change came
 * lengthens it, a spin that runs out shortens it, so a busy pipeline on separate cores spins and
 * never parks, while ten thousand mostly idle virtual threads park almost at once. The budget never
 * falls below a short probe, so the channel notices when spinning starts to pay again.
 *
 * <p>The budget is read and written without synchronization: a lost update only makes one wait
 * spin a little longer or shorter.
 */
final class AdaptiveSpin {
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    /** Spins that a wait never goes below: a cheap probe. */
    static final int MIN = MULTICORE ? Integer.getInteger("dev.channels.spin.min", 16) : 0;
    /** Spins that a wait never exceeds: about the cost of parking and waking a platform thread. */
    static final int MAX = MULTICORE ? Integer.getInteger("dev.channels.spin.max", 1024) : 0;
    private static final int INITIAL = MULTICORE ? Integer.getInteger("dev.channels.spin.initial", 128) : 0;

    /** A budget of zero that never changes: for waits where no counterpart is expected soon. */
    static final AdaptiveSpin NEVER = new AdaptiveSpin(0, 0, 0);

    private final int min;
    private final int max;
    private int budget;

    /** A budget that starts moderate and adapts between {@link #MIN} and {@link #MAX}. */
    AdaptiveSpin() {
        this(INITIAL, MIN, MAX);
    }

    private AdaptiveSpin(int initial, int min, int max) {
        this.budget = initial;
        this.min = min;
        this.max = max;
    }

    /** The spins the next wait may use. */
    int budget() {
        return budget;
    }

    /** The awaited change came while spinning: spin longer next time. */
    void paidOff() {
        int b = budget;
        if (b < max) {
            budget = Math.min(max, b + (b >> 1) + 1);
        }
    }

    /** The spin ran out and the thread had to park: spin less next time. */
    void wasted() {
        int b = budget;
        if (b > min) {
            budget = Math.max(min, b >> 1);
        }
    }
}
