package dev.channels.internal;

/**
 * A channel's running totals: values sent, received and dropped since it was made. Guarded by the
 * channel's lock; {@link LockedSteps} changes them, together with the buffer's count, in the same
 * step (its invariant {@code count == sent - received - dropped}).
 *
 * <p><b>Why a class of its own, right under {@link SpinLock}.</b> The JVM lays out a superclass's
 * fields before its subclasses', so these three sit right after the lock word, at the front of the
 * channel object. Every hand-off takes the lock and adds to two totals; with both next to the lock
 * word they usually share its cache line, and a hand-off moves one line of the channel between
 * cores rather than two. In an A/B run of the JMH benchmarks on two cores (virtual threads, six
 * forks a side), moving them here took fan-in of 8 senders from 307 to 176 ns per value and a
 * rendezvous pair from 285 to 220.
 *
 * <p><b>When changing this file</b> (or what comes before it in the hierarchy), measure with the
 * benchmarks: layout changes speed, never results.
 */
abstract class Totals extends SpinLock {
    /** Values that entered the channel: handed to a receiver, buffered, or dropped by the policy. */
    long sent;
    /** Values handed to receivers. */
    long received;
    /** Values discarded: by a drop policy, or with the buffer when the channel failed. */
    long dropped;
}
