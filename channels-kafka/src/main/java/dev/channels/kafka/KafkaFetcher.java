package dev.channels.kafka;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The fetch loop of one Kafka channel: one thread that owns the channel's consumer, moves fetched
 * values into the local window and commits what is done.
 *
 * <p>Algorithm, one turn: (1) move pending values (read from fetched records) into the window,
 * waiting at most {@link #TURN} for room; (2) pause every assigned partition while values are still
 * pending (the window is full), resume them once none is; (3) commit, per partition, the offsets
 * after the values that are done (see {@link PartitionProgress}); (4) poll: while paused this
 * fetches nothing but keeps the consumer in its group, so a full window never costs the consumer
 * its membership ({@code max.poll.interval.ms}), however slow the receivers are.
 *
 * <p>Rebalances run inside poll, on this thread. A partition revoked: its values still pending or
 * still in the window are taken out (they are not handed out; the next owner fetches them again),
 * what is done is committed, and nothing of it is committed after. A partition assigned: reading
 * its committed offset's metadata tells which records the previous owner had handed out, so that
 * they are counted as redelivered.
 *
 * <p>Closing ({@link #stop}): no more fetching, the pending values are dropped (they are not
 * committed, so they stay in the topic for the other instances), the window is closed so that the
 * receivers drain it; the loop keeps polling and committing until the window is drained and every
 * handed-out value is done, or the drain time is over; then a last synchronous commit, and the
 * consumer leaves the group.
 *
 * <p>Invariants: only this thread touches the consumer, the pending queue and the partitions map;
 * at most {@code max.poll.records} values are pending, since nothing is fetched while any is; a
 * value is in the window only if its partition is assigned (revocation takes them out).
 *
 * <p>Why a consumer of our own rather than Spring Kafka's {@code KafkaMessageListenerContainer}:
 * the container calls a listener per record on its poll thread and commits when that returns;
 * here a record's value leaves through a channel to whichever thread receives it, is done on
 * another thread later, and the window's room decides when to pause. The consumer still comes
 * from Spring Kafka's {@code ConsumerFactory}, configured by {@code spring.kafka.*}.
 *
 * @param <T> the element type
 */
final class KafkaFetcher<T> implements Runnable, ConsumerRebalanceListener {
    private static final Log logger = LogFactory.getLog(KafkaFetcher.class);
    /** The longest a turn waits for room in the window or for records: how often it polls at least. */
    static final Duration TURN = Duration.ofMillis(100);

    private final String channel;
    private final String topic;
    private final Consumer<String, byte[]> consumer;
    private final Channel<T> window;
    private final HandOut<T> handOut;
    private final JsonCodec<T> codec;
    private final BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable;
    private final IntSupplier unsettled;
    private final RemoteCounters counters;
    /** Whether values keep their record's headers on their way to the receiver (the channel carries traces). */
    private final boolean traced;
    private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
    private final ArrayDeque<Fetched<T>> pending = new ArrayDeque<>();
    /** Offsets advanced but not yet confirmed committed: sent again with the next commit. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean hurry;
    private volatile long drainNanos;
    private long lastFailureLog;

    KafkaFetcher(String channel, String topic, Consumer<String, byte[]> consumer, Channel<T> window,
            HandOut<T> handOut, JsonCodec<T> codec, BiConsumer<ConsumerRecord<String, byte[]>, RuntimeException> unreadable,
            IntSupplier unsettled, RemoteCounters counters, boolean traced) {
        this.channel = channel;
        this.topic = topic;
        this.consumer = consumer;
        this.window = window;
        this.handOut = handOut;
        this.codec = codec;
        this.unreadable = unreadable;
        this.unsettled = unsettled;
        this.counters = counters;
        this.traced = traced;
    }

    /** Any thread: stop fetching, let the receivers drain the window for at most {@code drain}, then commit and leave. */
    void stop(Duration drain) {
        drainNanos = drain.toNanos();
        stopping = true;
        window.close();
    }

    /** Any thread: stop waiting for the receivers now; commit what is done and leave. */
    void hurry() {
        hurry = true;
    }

    /** Any thread: waits until the consumer has committed and left its group. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), this);
            while (!stopping) {
                turn();
            }
            drain();
        } catch (WakeupException | InterruptException hardStop) {
            logger.warn("The consumer of Kafka channel '" + channel + "' was stopped before it had drained");
        } catch (RuntimeException | Error unexpected) {
            logger.error("The consumer of Kafka channel '" + channel + "' stopped", unexpected);
            window.fail(unexpected);
        } finally {
            try {
                commit(true);
            } catch (RuntimeException notCommitted) {
                logger.warn("Kafka channel '" + channel + "' could not commit its last offsets: " + notCommitted);
            }
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException closeFailed) {
                logger.debug("Closing the consumer of Kafka channel '" + channel + "'", closeFailed);
            }
            counters.assigned = List.of();
            finished.countDown();
        }
    }

    private void turn() {
        feed();
        pauseWhileFull();
        commit(false);
        try {
            ConsumerRecords<String, byte[]> records = consumer.poll(pending.isEmpty() ? TURN : Duration.ZERO);
            contact();
            accept(records);
        } catch (WakeupException | InterruptException hardStop) {
            throw hardStop;
        } catch (KafkaException failed) {
            logFailure("fetching failed, trying again: " + failed);
            pause(TURN);
        }
        updateLag();
    }

    /** Moves pending values into the window, waiting at most one turn in all for room. */
    private void feed() {
        long deadline = System.nanoTime() + TURN.toNanos();
        try {
            while (!pending.isEmpty()) {
                long left = Math.max(0, deadline - System.nanoTime());
                Fetched<T> next = pending.peekFirst();
                handOut.sending(next);
                if (!window.send(next.value(), Duration.ofNanos(left))) {
                    return;
                }
                pending.pollFirst();
            }
        } catch (ChannelClosedException closed) {
            pending.clear();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptException(interrupted);
        }
    }

    private void pauseWhileFull() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (!pending.isEmpty()) {
            if (consumer.paused().size() < assignment.size()) {
                consumer.pause(assignment);
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void accept(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            PartitionProgress progress = partitions.get(new TopicPartition(record.topic(), record.partition()));
            if (progress == null) {
                continue; // not ours any more
            }
            if (progress.redelivered(record.offset())) {
                counters.redelivered.increment();
            }
            Ticket ticket = progress.fetched(record.offset());
            T value;
            try {
                value = codec.decode(record.value());
            } catch (RuntimeException notReadable) {
                ticket.done();
                unreadable.accept(record, notReadable);
                continue;
            }
            pending.addLast(new Fetched<>(value, ticket, traced ? record.headers() : null));
        }
    }

    /** Commits the offsets that moved (and those not yet confirmed); synchronously when closing or losing partitions. */
    private void commit(boolean sync) {
        for (PartitionProgress progress : partitions.values()) {
            OffsetAndMetadata next = progress.advance();
            if (next != null) {
                uncommitted.put(progress.partition(), next);
            }
        }
        if (uncommitted.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(uncommitted);
        if (sync) {
            consumer.commitSync(offsets);
            committed(offsets);
        } else {
            consumer.commitAsync(offsets, (done, failure) -> {
                if (failure == null) {
                    committed(offsets);
                } else {
                    logFailure("a commit failed, it is retried with the next: " + failure);
                }
            });
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach(uncommitted::remove);
        counters.commits.increment();
    }

    private void drain() {
        pending.clear();
        window.close();
        long deadline = System.nanoTime() + drainNanos;
        while (!hurry && !(window.isDrained() && unsettled.getAsInt() == 0) && System.nanoTime() - deadline < 0) {
            pauseAll();
            commit(false);
            try {
                consumer.poll(Duration.ofMillis(20));
            } catch (KafkaException failed) {
                logFailure("polling while draining failed: " + failed);
                pause(Duration.ofMillis(20));
            }
        }
        pauseAll();
    }

    private void pauseAll() {
        consumer.pause(consumer.assignment());
    }

    // --- rebalances (inside poll, on this thread) ---------------------------------------------------

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (revoked.isEmpty()) {
            return;
        }
        takeOut(revoked);
        try {
            commit(true);
        } catch (RuntimeException notCommitted) {
            logFailure("could not commit before giving up partitions " + revoked + ": " + notCommitted);
        }
        forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        takeOut(lost);
        forget(lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        counters.rebalances.increment();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = assigned.isEmpty() ? Map.of() : consumer.committed(new HashSet<>(assigned));
        } catch (KafkaException unknown) {
            logFailure("could not read the committed offsets of " + assigned + ", redeliveries there are not counted: "
                    + unknown);
            committed = Map.of(); // the partitions are ours all the same: their records must be handed out
        }
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            partitions.put(partition, new PartitionProgress(partition, offset == null ? -1 : CommitMetadata.read(offset.metadata())));
        }
        counters.assigned = assignedNow();
        if (!pending.isEmpty()) {
            consumer.pause(assigned);
        }
    }

    private void forget(Collection<TopicPartition> gone) {
        for (TopicPartition partition : gone) {
            PartitionProgress progress = partitions.remove(partition);
            if (progress != null) {
                progress.revoke();
            }
            uncommitted.remove(partition);
        }
        counters.assigned = assignedNow();
    }

    /** Takes the values of {@code gone} partitions out of the pending queue and the window; they are not handed out. */
    private void takeOut(Collection<TopicPartition> gone) {
        Set<TopicPartition> leaving = new HashSet<>(gone);
        pending.removeIf(fetched -> leaving.contains(fetched.ticket().partition.partition()));
        List<Fetched<T>> buffered = new ArrayList<>();
        handOut.takingOut(buffered);
        try {
            window.tryReceiveBatch(new ArrayList<>(), Integer.MAX_VALUE);
        } catch (ChannelClosedException drained) {
            return;
        } finally {
            handOut.takingOut(null);
        }
        List<Fetched<T>> kept = new ArrayList<>(buffered.size());
        for (Fetched<T> fetched : buffered) {
            if (!leaving.contains(fetched.ticket().partition.partition())) {
                kept.add(fetched);
            }
        }
        int back = 0;
        try {
            while (back < kept.size()) {
                handOut.sending(kept.get(back));
                if (!window.trySend(kept.get(back).value())) {
                    break;
                }
                back++;
            }
        } catch (ChannelClosedException closing) {
            return; // not committed: fetched again by whoever owns the partition next
        }
        for (int i = kept.size() - 1; i >= back; i--) {
            pending.addFirst(kept.get(i)); // older than anything pending: they go first
        }
    }

    private List<Integer> assignedNow() {
        return partitions.keySet().stream().map(TopicPartition::partition).sorted().toList();
    }

    private void contact() {
        if (!consumer.assignment().isEmpty()) {
            counters.lastContactNanos = System.nanoTime();
        }
    }

    private void updateLag() {
        long lag = 0;
        for (PartitionProgress progress : partitions.values()) {
            lag += progress.uncommitted();
            lag += consumer.currentLag(progress.partition()).orElse(0);
        }
        counters.lag = lag;
    }

    private void logFailure(String what) {
        long now = System.nanoTime();
        if (now - lastFailureLog > TimeUnit.SECONDS.toNanos(10) || lastFailureLog == 0) {
            lastFailureLog = now;
            logger.warn("Kafka channel '" + channel + "': " + what);
        }
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptException(interrupted);
        }
    }
}
