package dev.channels.internal;

/**
 * How long a thread that is about to wait on a channel spins first, learned per channel.
 *
 * <p>Parking and waking a thread costs microseconds, and for a virtual thread it also allocates in
 * the scheduler; a counterpart that is running on another core usually arrives sooner. But a spin
 * holds a carrier that other virtual threads may need, so spinning pays only when counterparts are
 * running. The channel therefore keeps a budget: a spin that ends because the awaited change came
 * lengthens it, a spin that runs out halves it, down to nothing. A new channel starts with a short
 * budget, since it cannot yet know. A busy pair on two cores thus spins and never parks, while
 * thousands of mostly idle virtual threads park at once. At zero, one wait in {@value #PROBE_EVERY}
 * still spins a little, so the channel notices when spinning starts to pay again.
 *
 * <p>On a buffered channel a virtual thread does not spin at all. While it parks, a counterpart
 * that keeps running fills (or drains) the buffer, and the woken thread then moves a run of values
 * without waiting; a spin that pays off would instead trade each value across cores one at a time.
 * Measured on two cores, a buffered(16) pair of virtual threads moved a value in 65 ns without the
 * spin and 89 ns with it. A rendezvous channel has no buffer to batch through, so there virtual
 * threads spin as the budget allows. Platform threads spin on every channel.
 *
 * <p>A virtual thread on a rendezvous channel whose spin ran out then yields its carrier a few
 * times ({@link #YIELDS}) before it parks, so that a counterpart queued on the same carrier runs,
 * unless a recent yield anywhere took so long that the scheduler is evidently busy
 * ({@link YieldGate}).
 *
 * <p>The fields are read and written without synchronization: a lost update only makes one wait
 * spin a little longer or shorter.
 *
 * <p><b>When changing this file</b>, run {@code AdaptiveSpinTest}, then measure with the
 * benchmarks ({@code benchmarks/compare.sh}): spinning changes speed, never results.
 */
final class AdaptiveSpin {
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    /**
     * Spins that a wait never exceeds: about the cost of parking and waking a platform thread.
     * System property {@code dev.channels.spin.max} overrides it; 0 turns spinning off (for
     * machines where a spinning thread takes a core from someone else).
     */
    static final int MAX = MULTICORE ? Math.max(0, Integer.getInteger("dev.channels.spin.max", 1024)) : 0;
    /** Spins of a probe, and where a paying probe restarts the budget ({@code dev.channels.spin.probe}). */
    static final int PROBE = Math.min(MAX, Math.max(0, Integer.getInteger("dev.channels.spin.probe", 64)));
    private static final int PROBE_EVERY = 32;
    /**
     * The budget of a new channel: short, because it has not yet learned whether its counterparts
     * run alongside it. Thousands of short-lived channels that each wasted a probe's length on
     * their first waits would hold the carriers for microseconds each; one that pays off jumps to
     * {@link #PROBE} at once.
     */
    static final int INITIAL = Math.min(PROBE, 8);

    /**
     * Times a virtual thread on a rendezvous channel yields its carrier, once its spin ran out,
     * before it parks ({@code dev.channels.spin.yields}; 0 turns yielding off).
     *
     * <p>Why: a counterpart that this thread woke waits in the queue of this thread's own carrier,
     * where spinning cannot help it. Parking lets it run, but then it must wake this thread in
     * turn, a hand-off through the scheduler for every value: a pair of threads that settles on
     * one carrier so runs several times slower than one whose threads spin on two, and which of
     * the two a run settles into is chance. A yield lets the queued counterpart run at once, and
     * it completes this wait without waking anyone. So a pair that shares a carrier trades values
     * by yielding to each other, and one whose threads run on two carriers spins: nobody parks.
     *
     * <p>Measured (one jar, A/B by this property, JMH on two cores, virtual threads, four forks a
     * side): 8 yields took the rendezvous pair from fork means of 120 to 603 ns to 135 to 144,
     * and fan-in of 8 senders from 145 to 170 to 140 to 150. The cost is where thousands of
     * threads are runnable: a yield then lasts until the others have run, and the chain of 10,000
     * threads went from 251 to 304 ns per hand-off to 477 to 546 ({@link #YIELDS_OFF_NANOS} wins
     * most of that back). Buffered channels do not yield:
     * there the buffered(100) pair and the 1,000 buffered(16) pairs were slower with it.
     */
    static final int YIELDS = Math.max(0, Integer.getInteger("dev.channels.spin.yields", 8));
    /**
     * How long a wait goes on yielding at most. With thousands of runnable virtual threads one
     * yield lasts until all of them have run; the wait then parks after that one.
     */
    static final long YIELD_NANOS = 20_000;

    /**
     * How long no wait yields after a single yield took {@link #YIELD_NANOS} or more.
     *
     * <p>Why: a yield lasts until the virtual threads queued before it have run, so a long one
     * means many are runnable, and then a thread that yields rather than parks is scheduled again
     * for nothing, which delays the threads that have work. That is a state of the scheduler,
     * which every virtual thread shares, not of a channel: in the chain of 10,000 threads each
     * channel carries only a few values, too few to learn from, while yields there took 190 µs on
     * average. So one slow yield turns yielding off everywhere for this long; the first wait
     * after it tries again. Measured (A/B of two jars, JMH on two cores, virtual threads, four
     * forks a side): the chain went from 702 ns per hand-off (fork means 665 to 726) to 471 with
     * a window of 1 ms, and, in a second A/B against that, to 381 (359 to 394) with 10 ms; without
     * any yields it takes 361. The rendezvous pair (403 and 392 ns), fan-in, the ping-pong and the
     * select over two rendezvous channels stayed within their noise. The state is kept in a
     * {@link YieldGate}.
     */
    static final long YIELDS_OFF_NANOS = 10_000_000;

    /** A budget of zero that never changes: for waits where no counterpart is expected soon. */
    static final AdaptiveSpin NEVER = new AdaptiveSpin(0, false, YieldGate.SCHEDULER);

    private final boolean virtualSpins; // false: virtual threads never spin (buffered channels)
    private final YieldGate gate;
    private int budget;
    private int sinceProbe;

    /**
     * A budget that starts at {@link #INITIAL} and adapts.
     *
     * @param virtualSpins whether virtual threads spin too (a rendezvous channel), or only
     *     platform threads (a buffered one)
     */
    AdaptiveSpin(boolean virtualSpins) {
        this(INITIAL, virtualSpins, YieldGate.SCHEDULER);
    }

    /** Like {@link #AdaptiveSpin(boolean)}, with a yield gate of its own (for tests). */
    AdaptiveSpin(boolean virtualSpins, YieldGate gate) {
        this(INITIAL, virtualSpins, gate);
    }

    private AdaptiveSpin(int initial, boolean virtualSpins, YieldGate gate) {
        this.budget = initial;
        this.virtualSpins = virtualSpins;
        this.gate = gate;
    }

    /**
     * Spins that a platform thread's wait never goes below ({@code dev.channels.spin.platform}):
     * parking one costs a system call on each side, far more than a virtual thread's, and it does
     * not hold up other virtual threads while it spins.
     */
    static final int PLATFORM_FLOOR = Math.min(MAX, Math.max(0, Integer.getInteger("dev.channels.spin.platform", 256)));

    /** The spins the next wait of the current thread may use. */
    int budget() {
        int b = budget;
        if (this == NEVER) {
            return 0;
        }
        boolean virtual = Thread.currentThread().isVirtual();
        if (!virtual && b < PLATFORM_FLOOR) {
            return PLATFORM_FLOOR;
        }
        if (virtual && !virtualSpins) {
            return 0;
        }
        if (b > 0) {
            return b;
        }
        return ++sinceProbe % PROBE_EVERY == 0 ? PROBE : 0;
    }

    /** The yields the next wait of the current thread may use before it parks. */
    int yields() {
        return virtualSpins && YIELDS > 0 && Thread.currentThread().isVirtual() && gate.isOpen(System.nanoTime()) ? YIELDS : 0;
    }

    /**
     * A yield that ended at {@code now} took {@link #YIELD_NANOS} or more: no wait on any channel
     * that shares this spin's gate yields for the next {@link #YIELDS_OFF_NANOS}.
     */
    void yieldWasSlow(long now) {
        gate.close(now, YIELDS_OFF_NANOS);
    }

    /** The awaited change came while spinning: spin longer next time. */
    void paidOff() {
        int b = budget;
        if (b < MAX) {
            budget = Math.min(MAX, Math.max(PROBE, b + (b >> 1)));
        }
    }

    /** The spin ran out and the thread had to park: spin less next time. */
    void wasted() {
        budget >>= 1;
    }
}
