package dev.channels;

import dev.channels.internal.ChannelCore;
import dev.channels.internal.SelectEngine;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Go's {@code select}: waits until one of several send and receive clauses can proceed, completes
 * exactly that one, and returns what its handler returns.
 *
 * <pre>{@code
 * String what = Select.<String>fair()
 *         .onReceive(orders, order -> "order " + order)
 *         .onReceive(cancels, id -> "cancel " + id, () -> "cancels closed")
 *         .onSend(audit, event, () -> "audited")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .await();
 * }</pre>
 *
 * <p><b>Semantics.</b> Every clause's channel and value are fixed when the clause is added. On
 * {@link #await()} the select checks all clauses at one instant. If several are ready, a
 * {@link #fair()} select picks one uniformly at random and an {@link #ordered()} one picks the
 * first added. If none is ready, the default clause runs if there is one; otherwise the select
 * waits, up to the timeout clause if there is one. Exactly one clause completes; the others leave
 * no trace: no value taken, none delivered, no waiter left behind. A channel may appear in several
 * clauses, and a select never meets itself (its own send clause cannot feed its own receive clause).
 *
 * <p><b>Closed channels.</b> A receive clause on a closed, drained channel is ready: it runs its
 * {@code onClosed} handler, or, without one, {@code await} throws {@link ChannelClosedException}.
 * So a loop can receive from several channels "until all are closed" without exceptions, by giving
 * each clause an {@code onClosed} handler. A send clause chosen on a closed channel throws
 * {@link ChannelClosedException}. Go's nil channel is a clause left out.
 *
 * <p><b>Interrupts.</b> An interrupt while waiting throws {@link InterruptedException} and no
 * clause completes; if a clause completed first, its result is returned with the interrupt status set.
 *
 * <p>A select may be awaited again and again, by one thread at a time; handlers run on the
 * awaiting thread, after every channel is unlocked.
 *
 * <p><b>Interceptors.</b> A receive clause on a channel with {@link ChannelInterceptor}s tells them
 * of the value before its handler runs. A send clause on one asks them for the value's attachments
 * on each {@code await}, and tells them the value is discarded if another clause completed (or none
 * did); what they throw then is thrown once the chosen clause's handler has run (suppressed on what
 * the handler threw, if it threw).
 *
 * <p><b>Channels of other modules.</b> A channel made outside this library takes part if it is a
 * {@link SelectableChannel}: its clauses are performed on the channels of this library that stand
 * for it, and a send clause's {@link SelectableChannel.Send#whenSent() whenSent} runs before the
 * clause's handler (what it throws, {@code await} throws). Any other channel is refused with
 * {@link IllegalArgumentException} when the clause is added.
 *
 * @param <R> what the handlers return; use {@code Void} and return null for side effects only
 */
public final class Select<R> {
    /**
     * Per clause in {@link #handlers}: the channel (for the name in an exception), the handler of
     * a value or of a sent value, and the handler of a closed channel (or null).
     */
    private static final int PER_CLAUSE = 3;
    /**
     * Per clause in {@link #extras}: the channel's interceptors (or null) and what runs once a
     * send clause to a {@link SelectableChannel} completed (or null).
     */
    private static final int EXTRAS_PER_CLAUSE = 2;
    private static final int INITIAL_CLAUSES = 4;

    private final boolean fair;
    /** The clauses' channels and values, in the order added; the index of a clause is the same here. */
    private final SelectEngine engine = new SelectEngine();
    private Object[] handlers;
    /** Made only once a clause has interceptors or a {@code whenSent}: most selects have neither. */
    private Object[] extras;
    private Supplier<? extends R> onDefault;
    private Supplier<? extends R> onTimeout;
    private long timeoutNanos = ChannelCore.FOREVER;
    private boolean interceptedSends; // a send clause's channel has interceptors: await wraps afresh

    private Select(boolean fair) {
        this.fair = fair;
    }

    /**
     * A select that picks uniformly at random among ready clauses, as Go's does.
     *
     * @param <R> the handlers' result type
     * @return a select with no clauses yet
     */
    public static <R> Select<R> fair() {
        return new Select<>(true);
    }

    /**
     * A select that picks the first ready clause in the order added: a priority select.
     *
     * @param <R> the handlers' result type
     * @return a select with no clauses yet
     */
    public static <R> Select<R> ordered() {
        return new Select<>(false);
    }

    /**
     * Adds a clause that receives from {@code channel}; on a closed, drained channel it makes
     * {@link #await()} throw {@link ChannelClosedException}.
     *
     * @param channel the channel, made by this library or a {@link SelectableChannel}
     * @param onValue called with the received value
     * @param <T> the element type
     * @return this select
     */
    public <T> Select<R> onReceive(ReceiveChannel<? extends T> channel, Function<? super T, ? extends R> onValue) {
        return addReceive(channel, onValue, null);
    }

    /**
     * Adds a clause that receives from {@code channel}, or runs {@code onClosed} if it is closed
     * and drained.
     *
     * @param channel the channel, made by this library or a {@link SelectableChannel}
     * @param onValue called with the received value
     * @param onClosed called when the channel is closed and drained
     * @param <T> the element type
     * @return this select
     */
    public <T> Select<R> onReceive(ReceiveChannel<? extends T> channel, Function<? super T, ? extends R> onValue,
            Supplier<? extends R> onClosed) {
        return addReceive(channel, onValue, Objects.requireNonNull(onClosed, "onClosed"));
    }

    private <T> Select<R> addReceive(ReceiveChannel<? extends T> channel, Function<? super T, ? extends R> onValue,
            Supplier<? extends R> onClosed) {
        Objects.requireNonNull(onValue, "onValue");
        Object end = channel;
        if (!CoreAccess.hasCore(channel) && channel instanceof SelectableChannel<?> selectable) {
            end = selectable.selectReceiving();
            if (end == null) {
                throw new IllegalArgumentException("a select's receive channel must be able to receive, "
                        + selectable + " cannot");
            }
        }
        ChannelCore core = CoreAccess.coreOf(end, "a select's receive channel");
        addClause(core, false, null, channel, onValue, onClosed, CoreAccess.interceptionOf(end), null);
        return this;
    }

    /**
     * Adds a clause that sends {@code value} to {@code channel}.
     *
     * @param channel the channel, made by this library or a {@link SelectableChannel}
     * @param value the value, fixed now, not null
     * @param onSent called once the value is sent
     * @param <T> the element type
     * @return this select
     */
    public <T> Select<R> onSend(SendChannel<? super T> channel, T value, Supplier<? extends R> onSent) {
        DefaultChannel.requireElement(value);
        Objects.requireNonNull(onSent, "onSent");
        Object end = channel;
        Object item = value;
        Runnable whenSent = null;
        if (!CoreAccess.hasCore(channel) && channel instanceof SelectableChannel<?> selectable) {
            @SuppressWarnings("unchecked")
            SelectableChannel<? super T> typed = (SelectableChannel<? super T>) selectable;
            SelectableChannel.Send<?> send = typed.selectSending(value);
            if (send == null) {
                throw new IllegalArgumentException("a select's send channel must be able to send, " + selectable
                        + " cannot");
            }
            end = send.room();
            item = send.token();
            whenSent = send.whenSent();
        }
        ChannelCore core = CoreAccess.coreOf(end, "a select's send channel");
        Interception interception = CoreAccess.interceptionOf(end);
        addClause(core, true, item, channel, onSent, null, interception, whenSent);
        interceptedSends |= interception != null;
        return this;
    }

    /**
     * Records a clause: its channel and value in the engine, its handlers here, at the same index.
     * Arrays grown by doubling rather than an object per clause, and the rarely used parts in an
     * array of their own: a select built for every value in a loop allocates little.
     */
    private void addClause(ChannelCore core, boolean send, Object value, ChannelInfo channel, Object onValue,
            Supplier<? extends R> onClosed, Interception interception, Runnable whenSent) {
        int index = engine.size();
        int at = index * PER_CLAUSE;
        if (handlers == null) {
            handlers = new Object[INITIAL_CLAUSES * PER_CLAUSE];
        } else if (at == handlers.length) {
            handlers = Arrays.copyOf(handlers, at * 2);
        }
        boolean extra = interception != null || whenSent != null;
        if (extra) {
            int room = handlers.length / PER_CLAUSE * EXTRAS_PER_CLAUSE;
            if (extras == null) {
                extras = new Object[room];
            } else if (extras.length < room) {
                extras = Arrays.copyOf(extras, room);
            }
        }
        engine.add(core, send, value); // it checks, and may fail before anything is recorded here
        handlers[at] = channel;
        handlers[at + 1] = onValue;
        handlers[at + 2] = onClosed;
        if (extra) {
            extras[index * EXTRAS_PER_CLAUSE] = interception;
            extras[index * EXTRAS_PER_CLAUSE + 1] = whenSent;
        }
    }

    /** Clause {@code clause}'s interceptors, or null. */
    private Interception interception(int clause) {
        int at = clause * EXTRAS_PER_CLAUSE;
        return extras != null && at < extras.length ? (Interception) extras[at] : null;
    }

    /** What runs once send clause {@code clause} to a {@link SelectableChannel} completed, or null. */
    private Runnable whenSent(int clause) {
        int at = clause * EXTRAS_PER_CLAUSE + 1;
        return extras != null && at < extras.length ? (Runnable) extras[at] : null;
    }

    /**
     * Adds the timeout clause: if no clause is ready within {@code timeout} of {@link #await()},
     * {@code onTimeout} runs. The wait uses no thread or timer of its own.
     *
     * @param timeout the longest wait, not negative
     * @param onTimeout called when it passes
     * @return this select
     * @throws IllegalStateException if there already is a timeout or a default clause
     */
    public Select<R> onTimeout(Duration timeout, Supplier<? extends R> onTimeout) {
        long nanos = Timeouts.nanos(timeout, "select timeout");
        Objects.requireNonNull(onTimeout, "onTimeout");
        if (this.onTimeout != null) {
            throw new IllegalStateException("select already has a timeout clause");
        }
        if (onDefault != null) {
            throw new IllegalStateException("select cannot have both a default clause and a timeout clause");
        }
        this.onTimeout = onTimeout;
        this.timeoutNanos = nanos;
        return this;
    }

    /**
     * Adds the default clause: if no clause is ready at once, {@code onDefault} runs instead of
     * waiting (Go's {@code default:}).
     *
     * @param onDefault called when nothing is ready
     * @return this select
     * @throws IllegalStateException if there already is a default or a timeout clause
     */
    public Select<R> onDefault(Supplier<? extends R> onDefault) {
        Objects.requireNonNull(onDefault, "onDefault");
        if (this.onDefault != null) {
            throw new IllegalStateException("select already has a default clause");
        }
        if (onTimeout != null) {
            throw new IllegalStateException("select cannot have both a default clause and a timeout clause");
        }
        this.onDefault = onDefault;
        return this;
    }

    /**
     * Runs the select: completes exactly one clause and returns its handler's result.
     *
     * @return the chosen handler's result
     * @throws ChannelClosedException if the chosen clause is a send on a closed channel, or a
     *     receive without {@code onClosed} on a closed, drained channel
     * @throws InterruptedException if interrupted while waiting; no clause completed
     * @throws IllegalStateException if the select has no clauses at all
     */
    public R await() throws InterruptedException {
        if (engine.size() == 0 && onDefault == null && onTimeout == null) {
            throw new IllegalStateException("select has no clauses");
        }
        if (interceptedSends) {
            return awaitIntercepted();
        }
        return finish(engine, engine.select(fair, onDefault != null, timeoutNanos));
    }

    private R finish(SelectEngine used, int clause) {
        return switch (clause) {
            case SelectEngine.DEFAULT_CLAUSE -> onDefault.get();
            case SelectEngine.TIMEOUT_CLAUSE -> onTimeout.get();
            default -> complete(used, clause);
        };
    }

    /**
     * {@link #await} when a send clause's channel has interceptors: each such value is wrapped
     * afresh (its interceptors asked for their attachments) into an engine of this await's own;
     * every envelope but the one of a send clause that completed is discarded afterwards. If the
     * discards fail, the failure is thrown once the chosen clause's handler has run.
     */
    private R awaitIntercepted() throws InterruptedException {
        int n = engine.size();
        ChannelCore[] cores = new ChannelCore[n];
        boolean[] sends = new boolean[n];
        Object[] items = new Object[n];
        for (int i = 0; i < n; i++) {
            cores[i] = engine.core(i);
            sends[i] = engine.isSend(i);
            if (!sends[i]) {
                continue;
            }
            Interception interception = interception(i);
            Object value = engine.sendValue(i);
            try {
                items[i] = interception != null ? interception.wrap(value) : value;
            } catch (Throwable failure) {
                Throwable also = Interception.discardedFrom(items, 0, i, null);
                if (also != null) {
                    failure.addSuppressed(also);
                }
                throw failure;
            }
        }
        SelectEngine own = new SelectEngine(cores, sends, items);
        int chosen;
        try {
            chosen = own.select(fair, onDefault != null, timeoutNanos);
        } catch (InterruptedException interrupted) {
            Throwable failure = Interception.discardedFrom(items, 0, n, null);
            if (failure != null) {
                interrupted.addSuppressed(failure);
            }
            throw interrupted;
        }
        if (chosen >= 0 && sends[chosen] && !own.closed()) {
            items[chosen] = null; // sent: its receiver hears of it
        }
        Throwable failure = null;
        for (int i = 0; i < n; i++) {
            if (sends[i]) {
                failure = Interception.discardedFrom(items, i, i + 1, failure);
            }
        }
        if (failure == null) {
            return finish(own, chosen);
        }
        try {
            finish(own, chosen);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(failure);
            throw handlerFailure;
        }
        throw DefaultChannel.<RuntimeException>sneaky(failure);
    }

    /** Runs the handler of the clause the engine completed, or throws for a closed channel. */
    @SuppressWarnings("unchecked")
    private R complete(SelectEngine used, int clause) {
        int at = clause * PER_CLAUSE;
        boolean send = used.isSend(clause);
        if (used.closed()) {
            Supplier<? extends R> onClosed = (Supplier<? extends R>) handlers[at + 2];
            if (send || onClosed == null) {
                ChannelInfo channel = (ChannelInfo) handlers[at];
                throw new ChannelClosedException(channel.name(), used.core(clause).cause());
            }
            return onClosed.get();
        }
        if (send) {
            Runnable whenSent = whenSent(clause);
            if (whenSent != null) {
                whenSent.run(); // a SelectableChannel passes the value on before the handler runs
            }
            return ((Supplier<? extends R>) handlers[at + 1]).get();
        }
        // the receive clause's interceptors hear of the value before its handler runs
        Object item = used.item();
        return ((Function<Object, ? extends R>) handlers[at + 1])
                .apply(interception(clause) == null ? item : Interception.received(item));
    }
}
