package dev.channels.benchmarks.subjects;

import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import dev.channels.Channel;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A select over given channels, completed again and again: this project's
 * {@link dev.channels.Select} or jox's {@link Select}. The JDK's queues have no select. Either the
 * select is built once and awaited for every value ({@link #receiveEither}, {@link #receiveWithin}),
 * or it is built afresh inside every call, as a Go program writes a {@code select} statement in a
 * loop ({@link #receiveAnyBuiltEachTime}).
 */
public interface Selector {
    /**
     * Waits for one clause and completes it.
     *
     * @return the value received, or null if the timeout clause was chosen
     * @throws InterruptedException if interrupted while waiting
     */
    Integer select() throws InterruptedException;

    /**
     * A select over a receive from {@code a} and a receive from {@code b}.
     *
     * @param subject {@link Subjects#CHANNELS} or {@link Subjects#JOX}
     * @param a a conduit made by {@link Subjects#create} for that subject
     * @param b another
     * @return the select
     */
    static Selector receiveEither(String subject, Conduit a, Conduit b) {
        return switch (subject) {
            case Subjects.CHANNELS -> {
                dev.channels.Select<Integer> select = dev.channels.Select.<Integer>fair()
                        .onReceive(channel(a), value -> value)
                        .onReceive(channel(b), value -> value);
                yield select::await;
            }
            case Subjects.JOX -> {
                SelectClause<Integer> fromA = jox(a).receiveClause();
                SelectClause<Integer> fromB = jox(b).receiveClause();
                yield () -> Select.select(fromA, fromB);
            }
            default -> throw noSelect(subject);
        };
    }

    /**
     * A select over receives from two or four channels, built afresh by every call and then
     * awaited once, the way a Go program writes {@code select} inside its loop: this project's
     * {@code Select.fair().onReceive(a, ...).onReceive(b, ...).await()}, jox's
     * {@code Select.select(a.receiveClause(), b.receiveClause())}. The chains are written out as a
     * user writes them, with no loop over an array.
     *
     * @param subject {@link Subjects#CHANNELS} or {@link Subjects#JOX}
     * @param from two or four conduits made by {@link Subjects#create} for that subject
     * @return the select
     */
    static Selector receiveAnyBuiltEachTime(String subject, Conduit... from) {
        return switch (subject) {
            case Subjects.CHANNELS -> channelsBuiltEachTime(from);
            case Subjects.JOX -> joxBuiltEachTime(from);
            default -> throw noSelect(subject);
        };
    }

    private static Selector channelsBuiltEachTime(Conduit... from) {
        return switch (from.length) {
            case 2 -> {
                Channel<Integer> a = channel(from[0]);
                Channel<Integer> b = channel(from[1]);
                yield () -> dev.channels.Select.<Integer>fair()
                        .onReceive(a, value -> value)
                        .onReceive(b, value -> value)
                        .await();
            }
            case 4 -> {
                Channel<Integer> a = channel(from[0]);
                Channel<Integer> b = channel(from[1]);
                Channel<Integer> c = channel(from[2]);
                Channel<Integer> d = channel(from[3]);
                yield () -> dev.channels.Select.<Integer>fair()
                        .onReceive(a, value -> value)
                        .onReceive(b, value -> value)
                        .onReceive(c, value -> value)
                        .onReceive(d, value -> value)
                        .await();
            }
            default -> throw notTwoOrFour(from);
        };
    }

    private static Selector joxBuiltEachTime(Conduit... from) {
        return switch (from.length) {
            case 2 -> {
                com.softwaremill.jox.Channel<Integer> a = jox(from[0]);
                com.softwaremill.jox.Channel<Integer> b = jox(from[1]);
                yield () -> Select.select(a.receiveClause(), b.receiveClause());
            }
            case 4 -> {
                com.softwaremill.jox.Channel<Integer> a = jox(from[0]);
                com.softwaremill.jox.Channel<Integer> b = jox(from[1]);
                com.softwaremill.jox.Channel<Integer> c = jox(from[2]);
                com.softwaremill.jox.Channel<Integer> d = jox(from[3]);
                yield () -> Select.select(a.receiveClause(), b.receiveClause(), c.receiveClause(), d.receiveClause());
            }
            default -> throw notTwoOrFour(from);
        };
    }

    private static Channel<Integer> channel(Conduit conduit) {
        return ((ChannelsConduit) conduit).channel();
    }

    private static com.softwaremill.jox.Channel<Integer> jox(Conduit conduit) {
        return ((JoxConduit) conduit).channel();
    }

    private static IllegalArgumentException notTwoOrFour(Conduit... from) {
        return new IllegalArgumentException("a select built each time is written for 2 or 4 channels, not " + from.length);
    }

    /**
     * A select over a receive from {@code a} and a timeout clause, armed afresh for each select.
     *
     * @param subject {@link Subjects#CHANNELS} or {@link Subjects#JOX}
     * @param a a conduit made by {@link Subjects#create} for that subject
     * @param timeout the timeout of each select
     * @return the select
     */
    static Selector receiveWithin(String subject, Conduit a, Duration timeout) {
        return switch (subject) {
            case Subjects.CHANNELS -> {
                dev.channels.Select<Integer> select = dev.channels.Select.<Integer>fair()
                        .onReceive(channel(a), value -> value)
                        .onTimeout(timeout, () -> null);
                yield select::await;
            }
            case Subjects.JOX -> {
                SelectClause<Integer> fromA = jox(a).receiveClause();
                yield () -> {
                    try {
                        return Select.selectWithin(timeout, fromA);
                    } catch (TimeoutException timedOut) {
                        return null;
                    }
                };
            }
            default -> throw noSelect(subject);
        };
    }

    private static IllegalArgumentException noSelect(String subject) {
        return new IllegalArgumentException("subject '" + subject + "' has no select");
    }
}
