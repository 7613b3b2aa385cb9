package dev.channels.benchmarks.subjects;

import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A select, built once over given channels and then completed again and again: this project's
 * {@link dev.channels.Select} or jox's {@link Select}. The JDK's queues have no select.
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
                        .onReceive(((ChannelsConduit) a).channel(), value -> value)
                        .onReceive(((ChannelsConduit) b).channel(), value -> value);
                yield select::await;
            }
            case Subjects.JOX -> {
                SelectClause<Integer> fromA = ((JoxConduit) a).channel().receiveClause();
                SelectClause<Integer> fromB = ((JoxConduit) b).channel().receiveClause();
                yield () -> Select.select(fromA, fromB);
            }
            default -> throw noSelect(subject);
        };
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
                        .onReceive(((ChannelsConduit) a).channel(), value -> value)
                        .onTimeout(timeout, () -> null);
                yield select::await;
            }
            case Subjects.JOX -> {
                SelectClause<Integer> fromA = ((JoxConduit) a).channel().receiveClause();
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
