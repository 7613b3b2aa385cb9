package dev.channels;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link ChannelInterceptor}s of one channel, and the envelopes that carry a value with what
 * they attached.
 *
 * <p><b>Algorithm.</b> The engine never learns of interceptors: a channel built with some sends an
 * {@link Envelope} (the value, the attachments, the chain that made them) instead of the value, and
 * every path that takes an item out of the engine unwraps it here, which tells the chain. A channel
 * without interceptors has no {@code Interception} at all (its field is null), so its path is the
 * plain one. {@link #CARRIER} has no interceptors of its own but unwraps what it carries: the
 * channel of {@link Channels#merge} forwards its sources' envelopes unopened, so that each value's
 * own chain hears of it on the thread that finally receives it.
 *
 * <p><b>Invariants.</b> Every envelope made by {@link #wrap} is handed to exactly one of
 * {@link #received} (it left the channel to a receiver) or {@link #discarded} (it never will); the
 * callers make sure of that on every path, exceptions and interrupts included. Each call tells
 * every interceptor of the chain, in the order they were added, even when one throws; the first
 * failure is rethrown after all were told, the later ones suppressed on it. Nothing here runs under
 * a channel's lock.
 */
final class Interception {
    /** Unwraps envelopes made by other channels' chains and adds none (the merged channel's). */
    static final Interception CARRIER = new Interception(List.of());

    private final ChannelInterceptor<Object>[] chain;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Interception(List<? extends ChannelInterceptor<?>> interceptors) {
        this.chain = interceptors.toArray(new ChannelInterceptor[0]);
    }

    /** A value on its way through an intercepted channel: what each interceptor attached, and which chain. */
    static final class Envelope {
        final Object value;
        /** The one interceptor's attachment, or an array with one per interceptor. */
        final Object attachments;
        final Interception chain;

        Envelope(Object value, Object attachments, Interception chain) {
            this.value = value;
            this.attachments = attachments;
            this.chain = chain;
        }

        Object attachment(int i) {
            return chain.chain.length == 1 ? attachments : ((Object[]) attachments)[i];
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * On the sending thread: asks every interceptor for its attachment and returns the envelope to
     * send. If one throws, those before it are told the value is discarded and the failure is
     * rethrown: nothing is sent.
     */
    Object wrap(Object value) {
        int n = chain.length;
        if (n == 0) {
            return value;
        }
        if (n == 1) {
            return new Envelope(value, chain[0].onSend(value), this);
        }
        Object[] attachments = new Object[n];
        for (int i = 0; i < n; i++) {
            try {
                attachments[i] = chain[i].onSend(value);
            } catch (Throwable failure) {
                for (int j = 0; j < i; j++) {
                    try {
                        chain[j].onDiscard(value, attachments[j]);
                    } catch (Throwable also) {
                        failure.addSuppressed(also);
                    }
                }
                throw failure;
            }
        }
        return new Envelope(value, attachments, this);
    }

    /**
     * {@link #wrap} for each value of a batch, into a new array; if one fails, the envelopes made
     * before it are discarded and the failure rethrown.
     */
    Object[] wrapAll(Object[] values) {
        Object[] items = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                items[i] = wrap(values[i]);
            } catch (Throwable failure) {
                Throwable also = discardedFrom(items, 0, i, null);
                if (also != null) {
                    failure.addSuppressed(also);
                }
                throw failure;
            }
        }
        return items;
    }

    // ---------------------------------------------------------------- receiving

    /** The value inside {@code item}, which is an envelope or a value sent without one. */
    static Object valueOf(Object item) {
        return item instanceof Envelope e ? e.value : item;
    }

    /**
     * On the receiving thread, once {@code item} left its channel: tells its chain, and returns
     * the value; throws (after the whole chain was told) what an interceptor threw.
     */
    static Object received(Object item) {
        if (item instanceof Envelope e) {
            Throwable failure = e.chain.tell(e, true, null);
            if (failure != null) {
                throw Interception.<RuntimeException>sneaky(failure);
            }
            return e.value;
        }
        return item;
    }

    /**
     * {@link #received} for one value of a batch: tells its chain, and returns {@code failure}
     * (the batch's first) or, if none yet, what this value's chain threw; nothing is thrown.
     */
    static Throwable receivedInBatch(Object item, Throwable failure) {
        return item instanceof Envelope e ? e.chain.tell(e, true, failure) : failure;
    }

    // --------------------------------------------------------------- discarding

    /** The value will never be received: tells its chain; throws what an interceptor threw. */
    static void discarded(Object item) {
        Throwable failure = discardedAdding(item, null);
        if (failure != null) {
            throw Interception.<RuntimeException>sneaky(failure);
        }
    }

    /**
     * The value will never be received, and {@code primary} (the operation's own exception) is on
     * its way to the caller: what an interceptor throws is suppressed on it.
     */
    static <X extends Throwable> X discarded(Object item, X primary) {
        Throwable failure = discardedAdding(item, null);
        if (failure != null) {
            primary.addSuppressed(failure);
        }
        return primary;
    }

    /**
     * Items {@code from} (inclusive) to {@code to} (exclusive) will never be received: tells each
     * one's chain; returns {@code failure} or, if null, the first failure among them.
     */
    static Throwable discardedFrom(Object[] items, int from, int to, Throwable failure) {
        for (int i = from; i < to; i++) {
            failure = discardedAdding(items[i], failure);
        }
        return failure;
    }

    private static Throwable discardedAdding(Object item, Throwable failure) {
        return item instanceof Envelope e ? e.chain.tell(e, false, failure) : failure;
    }

    /**
     * The drop handler of an intercepted channel: for each value the engine drops (the overflow
     * policy, {@link SendChannel#fail}), tells the chain, then runs the channel's own drop handler
     * (if any) with the bare value. What either throws goes where drop handlers' failures go.
     */
    static Consumer<Object> dropHandler(Consumer<Object> onDrop) {
        return item -> {
            Throwable failure = discardedAdding(item, null);
            if (onDrop != null) {
                try {
                    onDrop.accept(valueOf(item));
                } catch (Throwable handlerFailure) {
                    if (failure != null) {
                        handlerFailure.addSuppressed(failure);
                    }
                    throw handlerFailure;
                }
            }
            if (failure != null) {
                throw Interception.<RuntimeException>sneaky(failure);
            }
        };
    }

    // ------------------------------------------------------------------ telling

    /**
     * Tells every interceptor of the chain, in order, that {@code e} was received (or discarded);
     * returns {@code failure} if not null, else the first interceptor failure, with every later
     * one suppressed on the one returned.
     */
    private Throwable tell(Envelope e, boolean received, Throwable failure) {
        for (int i = 0; i < chain.length; i++) {
            try {
                if (received) {
                    chain[i].onReceive(e.value, e.attachment(i));
                } else {
                    chain[i].onDiscard(e.value, e.attachment(i));
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else if (failure != t) {
                    failure.addSuppressed(t);
                }
            }
        }
        return failure;
    }

    /** Rethrows what an interceptor threw as it was, checked or not. */
    @SuppressWarnings("unchecked")
    private static <X extends Throwable> X sneaky(Throwable failure) throws X {
        throw (X) failure;
    }
}
