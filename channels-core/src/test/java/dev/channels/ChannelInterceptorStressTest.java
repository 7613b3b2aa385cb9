package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A randomized stress test of {@link ChannelInterceptor}s. For each channel kind, {@link #WORKERS}
 * virtual threads run random operations on two intercepted channels: blocking, timed and try sends
 * and receives, batches both ways, selects with send and receive clauses over both channels,
 * iteration steps; a further thread interrupts them at random. Every value is unique, and each
 * {@code onSend} attaches a new ticket naming the value and its sender.
 *
 * <p>Checked at the end, once the channels are closed and drained: every ticket was handed out
 * exactly once, to {@code onReceive} or {@code onDiscard}, never both; each ticket handed to
 * {@code onReceive} is its own value's (the attachment is its own sender's), and it was handed on
 * the thread the value was then returned to, just before (single receives: the last ticket this
 * thread was told of is the value's; batches: the tickets told during the batch are the sink's
 * values, in order); every value a receive returned was told exactly once; every acknowledged send
 * was received or dropped, and every send that did not complete was discarded and not received.
 *
 * <p>Knobs: {@code channels.verify.interceptor.ops} (per worker), {@code channels.verify.seed}.
 */
class ChannelInterceptorStressTest {
    static final int OPS = Verification.knob("interceptor.ops", 4_000, 200_000);
    static final int WORKERS = 8;
    static final long SEED = Verification.seed("ChannelInterceptorStressTest");
    static final Duration DEADLINE = Duration.ofSeconds(120);

    /** An attachment: the value it was made for and the thread that sent it; equal only to itself. */
    static final class Ticket {
        final long value;
        final Thread sender;

        Ticket(long value, Thread sender) {
            this.value = value;
            this.sender = sender;
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("rendezvous", 0, OverflowPolicy.BLOCK),
                Arguments.of("buffered-1", 1, OverflowPolicy.BLOCK),
                Arguments.of("buffered-16", 16, OverflowPolicy.BLOCK),
                Arguments.of("unlimited", Channel.UNLIMITED, OverflowPolicy.BLOCK),
                Arguments.of("drop-oldest-2", 2, OverflowPolicy.DROP_OLDEST),
                Arguments.of("drop-newest-2", 2, OverflowPolicy.DROP_NEWEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void everyAttachmentIsHandedOutOnceToItsOwnValuesReceiverOrDiscarded(String kind, int capacity,
            OverflowPolicy policy) throws Exception {
        new Run(capacity, policy, SEED ^ kind.hashCode()).execute();
    }

    /** One run over one channel kind. */
    static final class Run {
        final SplittableRandom seeds;
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final Set<Ticket> issued = ConcurrentHashMap.newKeySet();
        final Set<Ticket> received = ConcurrentHashMap.newKeySet();
        final Set<Ticket> discarded = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Long> returned = new ConcurrentLinkedQueue<>();
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Long> notSent = ConcurrentHashMap.newKeySet();
        final ThreadLocal<List<Ticket>> told = ThreadLocal.withInitial(ArrayList::new);
        final AtomicLong next = new AtomicLong();
        final Map<Long, Thread> origin = new ConcurrentHashMap<>(); // who made each value (and so sends it)
        final List<Channel<Long>> channels = new ArrayList<>();
        volatile boolean stop;

        Run(int capacity, OverflowPolicy policy, long seed) {
            this.seeds = new SplittableRandom(seed);
            ChannelInterceptor<Long> interceptor = new ChannelInterceptor<>() {
                @Override
                public Object onSend(Long value) {
                    Ticket ticket = new Ticket(value, Thread.currentThread());
                    issued.add(ticket);
                    return ticket;
                }

                @Override
                public void onReceive(Long value, Object attachment) {
                    Ticket ticket = (Ticket) attachment;
                    if (ticket.value != value || ticket.sender != origin.get(value)) {
                        problems.add("value " + value + " came with the ticket of " + ticket.value + " from " + ticket.sender);
                    }
                    if (!received.add(ticket) || discarded.contains(ticket)) {
                        problems.add("ticket of " + value + " handed out twice (received)");
                    }
                    told.get().add(ticket);
                }

                @Override
                public void onDiscard(Long value, Object attachment) {
                    Ticket ticket = (Ticket) attachment;
                    if (ticket.value != value) {
                        problems.add("discarded value " + value + " came with the ticket of " + ticket.value);
                    }
                    if (!discarded.add(ticket) || received.contains(ticket)) {
                        problems.add("ticket of " + value + " handed out twice (discarded)");
                    }
                }
            };
            for (int i = 0; i < 2; i++) {
                ChannelBuilder<Long> b = Channel.<Long>builder().name("stress-" + i).overflow(policy).interceptor(interceptor);
                channels.add((capacity == Channel.UNLIMITED ? b.unlimited() : b.capacity(capacity)).build());
            }
        }

        void execute() throws Exception {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                SplittableRandom random = seeds.split();
                workers.add(Thread.ofVirtual().name("interceptor-stress-" + w).start(() -> work(random)));
            }
            SplittableRandom interrupts = seeds.split();
            Thread interrupter = Thread.ofVirtual().start(() -> {
                while (!stop) {
                    workers.get(interrupts.nextInt(workers.size())).interrupt();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            // workers end by themselves once their operations are done, or when the channels close;
            // those that would wait for a counterpart that is gone are freed by closing
            while (workers.stream().filter(Thread::isAlive).count() > WORKERS / 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            stop = true;
            channels.forEach(Channel::close);
            for (Thread worker : workers) {
                if (!worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    fail("workers hang: " + Verification.states(workers));
                }
            }
            interrupter.interrupt();
            interrupter.join();
            for (Channel<Long> ch : channels) {
                told.get().clear();
                List<Long> rest = new ArrayList<>();
                for (Long v : ch) {
                    rest.add(v);
                }
                checkBatch(rest);
            }
            verify();
        }

        void work(SplittableRandom random) {
            for (int op = 0; op < OPS && !stop; op++) {
                try {
                    step(random);
                } catch (InterruptedException | ChannelInterruptedException e) {
                    Thread.interrupted();
                } catch (ChannelClosedException closed) {
                    return;
                }
            }
        }

        Channel<Long> pick(SplittableRandom random) {
            return channels.get(random.nextInt(channels.size()));
        }

        void step(SplittableRandom random) throws InterruptedException {
            Channel<Long> ch = pick(random);
            told.get().clear();
            switch (random.nextInt(14)) {
                case 0 -> send(random, () -> { ch.send(valueFor(random)); return true; });
                case 1 -> send(random, () -> ch.trySend(valueFor(random)));
                case 2 -> send(random, () -> ch.send(valueFor(random), Duration.ofNanos(random.nextInt(50_000))));
                case 3 -> {
                    List<Long> batch = values(random);
                    trackBatch(batch, () -> ch.sendBatch(batch));
                }
                case 4 -> {
                    List<Long> batch = values(random);
                    trackBatch(batch, () -> ch.trySendBatch(batch));
                }
                case 5 -> checkOne(ch.receive());
                case 6 -> checkOne(ch.tryReceive());
                case 7 -> checkOne(ch.receive(Duration.ofNanos(random.nextInt(50_000))));
                case 8 -> {
                    List<Long> sink = new ArrayList<>();
                    ch.receiveBatch(sink, 1 + random.nextInt(5));
                    checkBatch(sink);
                }
                case 9 -> {
                    List<Long> sink = new ArrayList<>();
                    ch.tryReceiveBatch(sink, 1 + random.nextInt(5));
                    checkBatch(sink);
                }
                case 10 -> {
                    var it = ch.iterator();
                    if (it.hasNext()) {
                        checkOne(it.next());
                    }
                }
                default -> select(random);
            }
        }

        /** A select over both channels: a receive clause on each, a send clause on one or both, maybe a default. */
        void select(SplittableRandom random) throws InterruptedException {
            long a = newValue();
            long b = newValue();
            Map<Long, Boolean> sends = new java.util.HashMap<>();
            Select<Long> select = random.nextBoolean() ? Select.fair() : Select.ordered();
            select.onReceive(channels.get(0), v -> v, () -> null).onReceive(channels.get(1), v -> v, () -> null);
            select.onSend(channels.get(0), a, () -> -a);
            sends.put(a, false);
            if (random.nextBoolean()) {
                select.onSend(channels.get(1), b, () -> -b);
                sends.put(b, false);
            }
            if (random.nextInt(3) == 0) {
                select.onDefault(() -> 0L);
            } else if (random.nextBoolean()) {
                select.onTimeout(Duration.ofNanos(random.nextInt(50_000)), () -> 0L);
            }
            Long result;
            try {
                result = select.await();
            } catch (InterruptedException | ChannelClosedException e) {
                notSent.addAll(sends.keySet());
                throw e;
            }
            if (result != null && result < 0) {
                sends.put(-result, true);
            } else if (result != null && result > 0) {
                checkOne(result);
            }
            sends.forEach((v, sent) -> (sent ? acknowledged : notSent).add(v));
        }

        interface Sending {
            boolean run() throws InterruptedException;
        }

        interface BatchSending {
            int run() throws InterruptedException;
        }

        long valueFor(SplittableRandom random) {
            long v = newValue();
            lastValue.set(v);
            return v;
        }

        final ThreadLocal<Long> lastValue = new ThreadLocal<>();

        long newValue() {
            long v = next.incrementAndGet();
            origin.put(v, Thread.currentThread());
            return v;
        }

        void send(SplittableRandom random, Sending sending) throws InterruptedException {
            lastValue.remove();
            boolean sent;
            try {
                sent = sending.run();
            } catch (InterruptedException | ChannelClosedException e) {
                if (lastValue.get() != null) {
                    notSent.add(lastValue.get());
                }
                throw e;
            }
            (sent ? acknowledged : notSent).add(lastValue.get());
        }

        List<Long> values(SplittableRandom random) {
            List<Long> batch = new ArrayList<>();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                batch.add(newValue());
            }
            return batch;
        }

        void trackBatch(List<Long> batch, BatchSending sending) throws InterruptedException {
            int sent;
            try {
                sent = sending.run();
            } catch (InterruptedException | ChannelClosedException e) {
                notSent.addAll(batch);
                throw e;
            }
            acknowledged.addAll(batch.subList(0, sent));
            notSent.addAll(batch.subList(sent, batch.size()));
        }

        /** A single receive returned {@code v} (or nothing): the one ticket this thread was told of is v's. */
        void checkOne(Long v) {
            List<Ticket> mine = told.get();
            if (v == null) {
                if (!mine.isEmpty()) {
                    problems.add("a receive that returned nothing was told of " + mine.size() + " value(s)");
                }
                return;
            }
            returned.add(v);
            if (mine.size() != 1 || mine.get(0).value != v) {
                problems.add("receive returned " + v + " but this thread was told of "
                        + mine.stream().map(t -> t.value).toList());
            }
            mine.clear();
        }

        /** A batch receive: the tickets this thread was told of are the sink's values, in order. */
        void checkBatch(List<Long> sink) {
            List<Long> toldValues = told.get().stream().map(t -> t.value).toList();
            if (!toldValues.equals(sink)) {
                problems.add("batch " + sink + " but told of " + toldValues);
            }
            returned.addAll(sink);
            told.get().clear();
        }

        void verify() {
            assertThat(problems).as("problems").isEmpty();
            List<Long> neither = new ArrayList<>();
            for (Ticket t : issued) {
                if (!received.contains(t) && !discarded.contains(t)) {
                    neither.add(t.value);
                }
            }
            assertThat(neither).as("tickets never handed out").isEmpty();
            assertThat(received.size() + discarded.size()).isEqualTo(issued.size());
            Set<Long> receivedValues = ConcurrentHashMap.newKeySet();
            received.forEach(t -> receivedValues.add(t.value));
            Set<Long> discardedValues = ConcurrentHashMap.newKeySet();
            discarded.forEach(t -> discardedValues.add(t.value));
            List<Long> returnedList = new ArrayList<>(returned);
            assertThat(returnedList).as("every value returned was told once").hasSameSizeAs(receivedValues)
                    .containsExactlyInAnyOrderElementsOf(receivedValues);
            for (Long v : acknowledged) {
                if (!receivedValues.contains(v) && !discardedValues.contains(v)) {
                    fail("acknowledged value " + v + " neither received nor dropped");
                }
            }
            for (Long v : notSent) {
                if (receivedValues.contains(v)) {
                    fail("value " + v + " whose send did not complete was received");
                }
            }
            Verification.report("interceptor-stress", "%d tickets: %d received, %d discarded; %d acknowledged, %d not sent",
                    issued.size(), received.size(), discarded.size(), acknowledged.size(), notSent.size());
        }
    }
}
